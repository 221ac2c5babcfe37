from typing import Dict

from library import models as lib


def books_per_author() -> Dict[int, int]:
    authors = lib.Author.objects.filter(active=True)
    return {a.pk: a.books.count() for a in authors}  # expect: ORM101


def latest_titles(limit: int = 20) -> list[str]:
    out: list[str] = []
    for author in lib.Author.objects.all()[:limit]:
        newest = author.books.order_by("-year").first()  # expect: ORM101
        if newest is not None:
            out.append(f"{author.name}: {newest.title}")
    return out
