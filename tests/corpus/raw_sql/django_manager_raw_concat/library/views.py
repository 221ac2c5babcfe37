from django.shortcuts import render

from library.models import Book


def books_by_author(request):
    author = request.GET["author"]
    books = Book.objects.raw("SELECT * FROM library_book WHERE author = '" + author + "' ORDER BY title")  # expect: ORM201
    return render(request, "library/books.html", {"books": books})


def books_by_author_safe(request):
    books = Book.objects.raw("SELECT * FROM library_book WHERE author = %s ORDER BY title", [request.GET["author"]])
    return render(request, "library/books.html", {"books": books})
