from collections import defaultdict

from library.models import Book


def titles_by_author_name() -> dict[str, list[str]]:
    by_author: dict[str, list[str]] = defaultdict(list)
    for row in Book.objects.values("id", "title", "author__name"):
        by_author[row["author__name"]].append(row["title"])
    return dict(by_author)


def author_ids_with_books() -> set[int]:
    return {b.author_id for b in Book.objects.only("id", "author_id")}


def pairs() -> list[tuple[int, int]]:
    return [(pk, author_pk) for pk, author_pk in Book.objects.values_list("pk", "author_id")]


def title_lengths() -> dict[str, int]:
    return {title: len(title) for title in Book.objects.values_list("title", flat=True)}
