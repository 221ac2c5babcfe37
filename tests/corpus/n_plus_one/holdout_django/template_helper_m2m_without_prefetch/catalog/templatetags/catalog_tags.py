from django import template

from catalog.models import Book

register = template.Library()


@register.inclusion_tag("catalog/_shelf.html")
def shelf(limit: int = 8):
    entries = []
    for book in Book.objects.published().select_related("author")[:limit]:
        entries.append(
            {
                "title": book.title,
                "author": book.author.name,
                "tags": ", ".join(t.label for t in book.tags.all()),  # expect: ORM101
            }
        )
    return {"entries": entries}
