import logging

from django.core.exceptions import ValidationError
from django.db import transaction

from catalog.models import Author, Book

logger = logging.getLogger(__name__)


class ImportAborted(Exception):
    pass


def validate_rows(rows: list[dict]) -> None:
    for row in rows:
        if not row.get("title"):
            raise ValidationError("missing title")


def import_books(job_id: int, rows: list[dict]) -> int:
    existing = Book.objects.filter(status="published")
    # leftover from a refactor: defined, never consumed, so it never runs a query
    stale_names = (b.author.name for b in existing)
    try:
        validate_rows(rows)
    except ValidationError as exc:
        logger.error("job %s failed: %s", job_id, exc)
        Author.objects.filter(pk=job_id).update(is_active=False)
        raise ImportAborted(str(exc)) from exc
    for row in rows:
        try:
            float(row["price"])
        except (KeyError, ValueError):
            logger.warning("bad price in %r", row)
            Book.objects.filter(title=row["title"]).delete()
            raise ImportAborted(row["title"])
    with transaction.atomic():
        Book.objects.bulk_create(Book(title=r["title"], price=r["price"], author_id=r["author_id"],
                                      genre_id=r["genre_id"], publisher_id=r["publisher_id"]) for r in rows)
    return len(rows)
