from django.shortcuts import render

from .models import Book

PAGE_SIZE = 25


def book_list(request):
    books = Book.objects.filter(is_published=True).order_by("-id")[:PAGE_SIZE]
    rows = []
    for book in books:
        rows.append(
            {
                "title": book.title,
                "author": book.author.name,  # expect: ORM101
                "author_id": book.author_id,
            }
        )
    return render(request, "catalog/book_list.html", {"rows": rows})
