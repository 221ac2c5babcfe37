from library.models import Author


def books_per_author() -> dict[int, int]:
    return {a.pk: a.books.count() for a in Author.objects.all()}  # expect: ORM101


def tag_labels_for(author_ids: list[int]) -> set[str]:
    authors = Author.objects.filter(pk__in=author_ids)
    return {
        tag.label
        for author in authors
        for book in author.books.all()  # expect: ORM101
        for tag in book.tags.all()  # expect: ORM101
    }
