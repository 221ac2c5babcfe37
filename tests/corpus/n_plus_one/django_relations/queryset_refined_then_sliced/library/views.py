from django.shortcuts import render

from library.models import Book


def latest_books(request):
    qs = Book.objects.filter(published__isnull=False)
    if request.GET.get("q"):
        qs = qs.filter(title__icontains=request.GET["q"])
    qs = qs.order_by("-published")
    latest = qs[:10]
    cards = []
    for book in latest:
        cards.append((book.title, book.author.name))  # expect: ORM101
    return render(request, "library/latest.html", {"cards": cards})
