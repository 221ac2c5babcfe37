from catalog.models import Book


def newest_review_ratings(book_ids):
    books = Book.objects.filter(pk__in=book_ids).prefetch_related("reviews")
    ratings = {}
    for book in books:
        # Review.Meta.ordering makes the prefetched queryset "ordered", so first()
        # slices the prefetch cache instead of re-querying.
        newest = book.reviews.first()
        ratings[book.pk] = newest.rating if newest else None
    return ratings
