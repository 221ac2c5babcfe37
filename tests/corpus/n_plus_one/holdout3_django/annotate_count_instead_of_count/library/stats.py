from django.db.models import Avg, Count, Q

from library.models import Publisher


def publisher_stats() -> list[dict]:
    pubs = Publisher.objects.annotate(
        n_books=Count("books"),
        n_good=Count("books", filter=Q(books__rating__gte=4)),
        avg_rating=Avg("books__rating"),
    ).order_by("-n_books")
    return [
        {"name": p.name, "books": p.n_books, "good": p.n_good, "avg": p.avg_rating}
        for p in pubs
        if p.n_books
    ]
