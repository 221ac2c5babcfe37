from typing import Iterator

from library.models import Author, Book


def bibliography() -> Iterator[str]:
    for author in Author.select().order_by(Author.name):
        yield f"## {author.name}"
        for book in author.books.order_by(Book.year):  # expect: ORM101
            yield f"- {book.title} ({book.year or 'n.d.'})"


def shelf_labels() -> dict[int, str]:
    return {
        book.id: book.author.name if book.author_id else "Anonymous"  # expect: ORM101
        for book in Book.select()
    }
