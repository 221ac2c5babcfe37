import csv
from dataclasses import dataclass

from library.models import Book


@dataclass
class BookRow:
    title: str
    author: str
    tags: list


def read_rows(path):
    with open(path) as fh:
        return [BookRow(r["title"], r["author"], r["tags"].split("|")) for r in csv.DictReader(fh)]


def preview(path):
    lines = []
    for row in read_rows(path):
        lines.append(f"{row.title} by {row.author.upper()} [{', '.join(row.tags)}]")
    return lines


def known_titles():
    existing = {book.title for book in Book.objects.all()}
    return existing
