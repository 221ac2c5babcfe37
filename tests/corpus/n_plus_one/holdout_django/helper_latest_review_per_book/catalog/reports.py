from typing import Optional

from catalog.models import Book, Review


def _latest_review(book: Book) -> Optional[Review]:
    return Review.objects.filter(book=book, approved=True).order_by("-created").first()


def build_review_report(author_id: int) -> list[tuple[str, Optional[int]]]:
    out = []
    for book in Book.objects.filter(author_id=author_id):
        if (latest := _latest_review(book)) is not None:  # expect: ORM102
            out.append((book.title, latest.rating))
        else:
            out.append((book.title, None))
    return out
