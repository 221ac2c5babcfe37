from collections import Counter, defaultdict

from django.db.models import Count

from catalog.models import Book
from reviews.models import Review


def titles_by_author() -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = defaultdict(list)
    for row in Book.objects.filter(status="published").values("title", "author__name"):
        grouped[row["author__name"]].append(row["title"])
    return dict(grouped)


def books_per_author_id() -> Counter:
    # values_list("author") yields the FK id, not an Author instance
    return Counter(author for author in Book.objects.values_list("author", flat=True))


def review_digest(limit: int = 50) -> list[str]:
    lines = []
    for book, user, rating in Review.objects.order_by("-id").values_list("book", "user", "rating")[:limit]:
        lines.append(f"book={book} user={user} rating={rating}")
    return lines


def genre_table():
    return [
        (genre, total)
        for genre, total in Book.objects.values_list("genre__name").annotate(total=Count("id"))
    ]
