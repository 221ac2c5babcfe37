from accounts.models import User
from notes.models import Note


def weekly_digest():
    digests = {}
    for user in User.objects.filter(is_active=True):
        pinned = [n.body[:80] for n in user.note_items.all() if n.pinned]  # expect: ORM101
        digests[user.email] = pinned
    return digests


def export_notes():
    return [(note.owner.email, note.body) for note in Note.objects.all()]  # expect: ORM101
