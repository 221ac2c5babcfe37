from typing import Iterator

from catalog.models import Publisher


def sitemap_entries() -> Iterator[str]:
    for publisher in Publisher.objects.order_by("name"):
        yield f"/publishers/{publisher.pk}/"
        for author in publisher.authors.all():  # expect: ORM101
            yield f"/authors/{author.pk}/"
            for book in author.books.filter(status="published"):  # expect: ORM101
                yield f"/{book.genre.slug}/{book.pk}/"  # expect: ORM101
