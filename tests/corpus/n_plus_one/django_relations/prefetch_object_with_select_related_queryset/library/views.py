from django.db.models import Prefetch
from django.shortcuts import render

from library.models import Author, Book


def author_shelves(request):
    recent = Book.objects.filter(published__year__gte=2020).select_related("publisher")
    authors = Author.objects.prefetch_related(Prefetch("books", queryset=recent))
    shelves = []
    for author in authors:
        shelf = [(book.title, book.publisher.name) for book in author.books.all()]
        shelves.append((author.name, shelf))
    return render(request, "library/shelves.html", {"shelves": shelves})
