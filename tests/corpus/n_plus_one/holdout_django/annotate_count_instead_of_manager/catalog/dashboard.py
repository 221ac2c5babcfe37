from django.db.models import Avg, Count

from catalog.models import Author

TOP_N = 10


def top_authors() -> list[dict]:
    qs = (
        Author.objects.annotate(n_books=Count("books", distinct=True), avg_rating=Avg("books__reviews__rating"))
        .filter(n_books__gt=0)
        .order_by("-n_books")[:TOP_N]
    )
    return [
        {"name": a.name, "books": a.n_books, "rating": a.avg_rating, "publisher": a.publisher_id}
        for a in qs
    ]
