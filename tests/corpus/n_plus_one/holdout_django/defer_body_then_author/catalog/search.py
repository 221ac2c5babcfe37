from __future__ import annotations

from django.db.models import Q, QuerySet

from catalog.models import Book


class BookSearch:
    """Lightweight search: skips the large `body` column."""

    def __init__(self, term: str) -> None:
        self.term = term

    def queryset(self) -> QuerySet[Book]:
        return Book.objects.defer("body").filter(Q(title__icontains=self.term))

    def hits(self) -> list[dict[str, str]]:
        results = []
        for hit in self.queryset()[:50]:
            results.append({"title": hit.title, "author": hit.author.name})  # expect: ORM101
        return results
