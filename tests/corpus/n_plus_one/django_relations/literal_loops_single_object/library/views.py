from django.http import HttpResponse
from django.shortcuts import get_object_or_404

from library.models import Book


def book_detail_text(request, pk):
    book = get_object_or_404(Book, pk=pk)
    lines = []
    for label in ("Title", "Author", "Publisher"):
        if label == "Title":
            lines.append(f"{label}: {book.title}")
        elif label == "Author":
            lines.append(f"{label}: {book.author.name}")
        else:
            lines.append(f"{label}: {book.publisher.name}")
    for _ in range(2):
        lines.append(book.author.email)
    return HttpResponse("\n".join(lines))
