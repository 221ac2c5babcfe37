import logging

from catalog.models import Author, Book, Genre

logger = logging.getLogger(__name__)


def rebuild_search_index(batch: list[int]) -> list[dict]:
    books = list(Book.objects.filter(pk__in=batch))
    authors = Author.objects.in_bulk({b.author_id for b in books})
    genres = {g.pk: g for g in Genre.objects.all()}
    docs = []
    for book in books:
        author = authors.get(book.author_id)
        genre = genres[book.genre_id]
        docs.append({
            "id": book.pk,
            "title": book.title,
            "author": author.name if author else None,
            "genre": genre.slug,
            "editor_id": book.editor_id,
        })
    logger.info("indexed %d books", len(docs))
    return docs
