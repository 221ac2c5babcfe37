import logging
import time

from django.db import OperationalError

from catalog.models import Book

log = logging.getLogger(__name__)

STATUSES = ("draft", "review", "published")


def status_counts() -> dict[str, int]:
    counts = {}
    for status in ("draft", "review", "published"):
        counts[status] = Book.objects.filter(status=status).count()
    return counts


def latest_per_status():
    return {status: Book.objects.filter(status=status).order_by("-id").first() for status in ["draft", "published"]}


def load_with_retry(pk: int) -> Book:
    for attempt in range(3):
        try:
            return Book.objects.get(pk=pk)
        except OperationalError:
            log.warning("db busy, attempt %s", attempt)
            time.sleep(0.2 * (attempt + 1))
    raise RuntimeError("database unavailable")
