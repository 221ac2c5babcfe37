from library.models import Book


def featured_flags():
    flags = {}
    for book in Book.objects.prefetch_related("tags"):
        flags[book.pk] = book.tags.filter(name__startswith="featured").exists()  # expect: ORM101
    return flags
