from django.apps import apps


def book_feed() -> list[str]:
    Book = apps.get_model("library", "Book")
    return [f"{book.title} by {book.author.name}" for book in Book.objects.order_by("-id")[:50]]  # expect: ORM101
