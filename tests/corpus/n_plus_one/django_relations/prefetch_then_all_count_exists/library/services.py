from library.models import Author, Book


def tag_summary():
    summary = []
    for book in Book.objects.prefetch_related("tags"):
        if not book.tags.exists():
            continue
        names = sorted(tag.name for tag in book.tags.all())
        summary.append((book.title, book.tags.count(), names))
    return summary


def prolific_authors(minimum=5):
    authors = Author.objects.prefetch_related("books")
    return [author.name for author in authors if author.books.count() >= minimum]
