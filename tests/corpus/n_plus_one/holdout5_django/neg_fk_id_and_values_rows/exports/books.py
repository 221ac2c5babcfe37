from collections import defaultdict

from library.models import Author, Book


def titles_by_author_id() -> dict[int, list[str]]:
    grouped: dict[int, list[str]] = defaultdict(list)
    for book in Book.objects.only("id", "title", "author_id"):
        grouped[book.author_id].append(book.title)
    return dict(grouped)


def flat_rows():
    rows = Book.objects.values("title", "author__name")
    return [f"{r['title']} by {r['author__name']}" for r in rows]


def name_pairs():
    names = dict(Author.objects.values_list("id", "name"))
    return [(title, names.get(author)) for title, author in Book.objects.values_list("title", "author")]
