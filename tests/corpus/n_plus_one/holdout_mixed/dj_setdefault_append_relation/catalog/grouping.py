from catalog.models import Book


def publishers_by_genre() -> dict[int, list[str]]:
    grouped: dict[int, list[str]] = {}
    for book in Book.objects.filter(status="published").only("id", "genre", "publisher"):
        grouped.setdefault(book.genre_id, []).append(book.publisher.name)  # expect: ORM101
    return grouped


def editors_by_author() -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for book in Book.objects.select_related("author"):
        if book.editor_id:
            out.setdefault(book.author.name, set()).add(book.editor.username)  # expect: ORM101
    return out
