from django.shortcuts import render

from catalog.models import Author


def author_index(request):
    authors = Author.objects.prefetch_related("books").order_by("name")
    rows = []
    for author in authors:
        if not author.books.exists():
            continue
        rows.append({"name": author.name, "n": author.books.count()})
    return render(request, "catalog/author_index.html", {"rows": rows})
