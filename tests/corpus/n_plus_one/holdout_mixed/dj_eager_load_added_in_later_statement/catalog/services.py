from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from catalog.models import Book
from reviews.models import Review


class CatalogService:
    def __init__(self, include_drafts: bool = False):
        self.include_drafts = include_drafts

    def _base(self) -> QuerySet[Book]:
        qs = Book.objects.all()
        if not self.include_drafts:
            qs = qs.exclude(status="draft")
        return qs

    def listing(self, genre_slug: str | None = None) -> list[dict]:
        qs = self._base()
        if genre_slug:
            qs = qs.filter(genre__slug=genre_slug)
        qs = qs.select_related("author", "genre")
        qs = qs.prefetch_related(Prefetch("reviews", queryset=Review.objects.select_related("user")))
        result = []
        for book in qs:
            result.append({
                "title": book.title,
                "author": book.author.name,
                "genre": book.genre.name,
                "reviewers": [r.user.username for r in book.reviews.all()],
            })
        return result
