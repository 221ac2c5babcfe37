from collections import Counter

from library.models import Book


def books_per_author_id():
    return Counter(book.author_id for book in Book.objects.only("id", "author"))


def author_names_by_title():
    rows = Book.objects.values("title", "author__name", "publisher")
    return {row["title"]: row["author__name"] for row in rows}


def publisher_pairs():
    pairs = []
    for title, publisher in Book.objects.values_list("title", "publisher__name"):
        pairs.append(f"{title} ({publisher})")
    return pairs
