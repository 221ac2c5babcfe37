from django.http import HttpRequest
from django.template.response import TemplateResponse

from .selectors import books_for_tag


def tag_page(request: HttpRequest, label: str) -> TemplateResponse:
    items = [
        {
            "title": b.title,
            "author": b.author.name,
            "also": [t.label for t in b.tags.all() if t.label != label],
        }
        for b in books_for_tag(label)
    ]
    return TemplateResponse(request, "catalog/tag.html", {"items": items, "label": label})
