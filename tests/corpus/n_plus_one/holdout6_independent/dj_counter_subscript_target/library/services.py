from collections import Counter

from .models import Book


def books_per_publisher():
    counts = Counter()
    for book in Book.objects.filter(title__isnull=False):
        counts[book.publisher.id] += 1  # expect: ORM101
    return counts
