from .models import Author, Book


def report(author_ids):
    books = []
    for author in Author.objects.filter(pk__in=author_ids):
        books.extend(Book.objects.filter(author=author))  # expect: ORM102
    return [(b.title, b.publisher.name) for b in books]  # expect: ORM101
