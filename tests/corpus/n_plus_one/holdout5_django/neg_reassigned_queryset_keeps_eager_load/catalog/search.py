from django.db.models import Q

from library.models import Book


def search(term: str | None, since: int | None = None):
    qs = Book.objects.select_related("author").prefetch_related("genres")
    if term:
        qs = qs.filter(Q(title__icontains=term) | Q(author__name__icontains=term))
    if since is not None:
        qs = qs.filter(year__gte=since)
    qs = qs.order_by("-year", "title")
    results = []
    for book in qs.distinct():
        results.append(
            {
                "title": book.title,
                "author": book.author.name,
                "genres": [g.label for g in book.genres.all()],
            }
        )
    return results
