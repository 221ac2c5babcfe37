from library.models import Book


def title_feed():
    return [book.title for book in Book.objects.only("title")]


def byline_feed():
    items = []
    for book in Book.objects.only("title").order_by("title"):
        items.append(f"{book.title} - {book.author.name}")  # expect: ORM101
    return items


def byline_feed_fast():
    books = Book.objects.select_related("author").only("title", "author__name")
    return [f"{book.title} - {book.author.name}" for book in books]
