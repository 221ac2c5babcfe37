from collections import Counter

from celery import shared_task

from catalog.models import Book


@shared_task
def author_histogram() -> dict:
    per_author = Counter()
    for book in Book.objects.filter(is_published=True):
        per_author[book.author_id] += 1
    names = {}
    for row in Book.objects.values("author_id", "author__name").distinct():
        names[row["author_id"]] = row["author__name"]
    return {names.get(k, "?"): v for k, v in per_author.items()}
