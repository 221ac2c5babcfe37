from __future__ import annotations

import csv
from dataclasses import dataclass
from io import StringIO

from catalog.models import Book


@dataclass(frozen=True)
class AuthorRef:
    name: str
    is_active: bool


@dataclass(frozen=True)
class BookRow:
    title: str
    author: AuthorRef
    reviews: tuple[str, ...] = ()


def rows_from_feed(feed: list[dict]) -> list[BookRow]:
    return [
        BookRow(title=item["title"], author=AuthorRef(item["author"], item.get("active", True)))
        for item in feed
    ]


def export_feed(feed: list[dict], featured_pk: int) -> str:
    book = Book.objects.select_related("author").get(pk=featured_pk)
    out = StringIO()
    writer = csv.writer(out)
    writer.writerow([book.title, book.author.name])
    # `book` is rebound to plain dataclass rows from here on
    for book in rows_from_feed(feed):
        if not book.author.is_active:
            continue
        writer.writerow([book.title, book.author.name, len(book.reviews)])
    return out.getvalue()
