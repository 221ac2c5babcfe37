import csv

from library.models import Author


def write_catalogue(stream):
    writer = csv.writer(stream)
    for author in Author.objects.order_by("name"):
        for book in author.books.all():  # expect: ORM101
            writer.writerow([
                author.name,
                book.title,
                book.author.email,
                book.publisher.name,  # expect: ORM101
            ])
