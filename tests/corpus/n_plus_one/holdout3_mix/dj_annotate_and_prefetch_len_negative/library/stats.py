from django.db.models import Count, OuterRef, Subquery

from library.models import Author, Book


def author_stats() -> list[dict]:
    latest = Book.objects.filter(author=OuterRef("pk")).order_by("-pk").values("title")[:1]
    authors = Author.objects.annotate(n_books=Count("books"), latest_title=Subquery(latest))
    return [{"name": a.name, "books": a.n_books, "latest": a.latest_title} for a in authors]


def shelf() -> dict[str, list[str]]:
    shelf: dict[str, list[str]] = {}
    for author in Author.objects.prefetch_related("books"):
        shelf[author.name] = [b.title for b in author.books.all()]
        if len(author.books.all()) > 10:
            shelf[author.name].append("...")
    return shelf
