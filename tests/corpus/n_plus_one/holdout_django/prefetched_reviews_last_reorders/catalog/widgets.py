from catalog.models import Book


def oldest_review_ratings(book_ids):
    books = Book.objects.filter(pk__in=book_ids).prefetch_related("reviews")
    ratings = {}
    for book in books:
        oldest = book.reviews.last()  # expect: ORM101
        ratings[book.pk] = oldest.rating if oldest else None
    return ratings
