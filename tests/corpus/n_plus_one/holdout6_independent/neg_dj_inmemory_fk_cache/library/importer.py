from .models import Author, Book, Publisher


def import_books(payload, author_id):
    author = Author.objects.get(pk=author_id)
    publisher = Publisher.objects.get(name="House")
    created = []
    for row in payload:
        book = Book(title=row["title"], author=author, publisher=publisher)
        created.append(book)
    Book.objects.bulk_create(created)
    return [f"{b.title} by {b.author.name} ({b.publisher.name})" for b in created]
