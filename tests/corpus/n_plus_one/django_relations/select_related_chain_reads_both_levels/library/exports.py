import json

from library.models import Book


def export_books(path):
    books = Book.objects.select_related("author__publisher").order_by("title")
    payload = []
    for book in books:
        payload.append({
            "title": book.title,
            "author": book.author.name,
            "author_imprint": book.author.publisher.name if book.author.publisher else None,
        })
    with open(path, "w") as fh:
        json.dump(payload, fh)
