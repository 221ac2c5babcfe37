from . import models


def base_books():
    return models.Book.objects.select_related("author").prefetch_related("tags")


def books_for_tag(label: str):
    return base_books().filter(tags__label=label).distinct()
