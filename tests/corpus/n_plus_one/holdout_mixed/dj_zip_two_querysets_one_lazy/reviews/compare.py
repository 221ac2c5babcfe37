from catalog.models import Book
from reviews.models import Review


def side_by_side(limit: int = 25) -> list[tuple[str, str, str]]:
    books = Book.objects.order_by("-id")[:limit]
    reviews = Review.objects.select_related("user").order_by("-id")[:limit]
    pairs = []
    for book, review in zip(books, reviews):
        pairs.append((
            book.author.name,  # expect: ORM101
            review.user.username,
            review.book.title,  # expect: ORM101
        ))
    return pairs
