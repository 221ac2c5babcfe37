from decimal import Decimal

from django.db import transaction

from catalog.models import Book

DISCOUNTS = {"scifi": Decimal("0.85"), "poetry": Decimal("0.90")}


@transaction.atomic
def apply_genre_discounts(dry_run: bool = False) -> int:
    changed = 0
    for book in Book.objects.filter(status="published"):
        if (rate := DISCOUNTS.get(book.genre.slug)) is None:  # expect: ORM101
            continue
        book.price = (book.price * rate).quantize(Decimal("0.01"))
        changed += 1
        if not dry_run:
            book.save(update_fields=["price"])  # expect: ORM102
    return changed
