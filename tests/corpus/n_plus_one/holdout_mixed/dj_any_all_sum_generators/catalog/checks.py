from catalog.models import Book, Publisher


def has_inactive_authors(publisher: Publisher) -> bool:
    books = Book.objects.filter(publisher=publisher, status="published")
    return any(not b.author.is_active for b in books)  # expect: ORM101


def total_reviews(genre_slug: str) -> int:
    return sum(b.reviews.count() for b in Book.objects.filter(genre__slug=genre_slug))  # expect: ORM101


def all_edited(ids: list[int]) -> bool:
    return all(b.editor_id is not None for b in Book.objects.filter(pk__in=ids))
