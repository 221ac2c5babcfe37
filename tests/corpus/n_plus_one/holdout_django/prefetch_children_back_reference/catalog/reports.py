from catalog.models import Author


def bibliography() -> list[str]:
    lines: list[str] = []
    for author in Author.objects.prefetch_related("books"):
        for book in author.books.all():
            # the prefetched Book rows already carry their author in the FK cache
            lines.append(f"{book.author.name}: {book.title}")
    return lines
