from typing import Any

from notes.models import Note


def export_notes() -> list[dict[str, Any]]:
    notes = Note.objects.filter(archived=False).order_by("title")
    return [
        {
            "title": n.title,
            "tags": [t.tag for t in n.tags.all()],  # expect: ORM101
        }
        for n in notes
    ]
