from django.db.models import Prefetch

from .models import Author, Book


def shelf():
    authors = Author.objects.prefetch_related(
        Prefetch("books", queryset=Book.objects.order_by("title"), to_attr="sorted_books")
    )
    out = []
    for author in authors:
        for book in author.sorted_books:
            out.append((author.name, book.title, book.publisher.name))  # expect: ORM101
    return out
