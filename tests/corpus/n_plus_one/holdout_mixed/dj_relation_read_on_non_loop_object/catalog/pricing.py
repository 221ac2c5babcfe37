from decimal import Decimal

from catalog.models import Author, Book


def author_price_sheet(author_id: int, markup: Decimal = Decimal("1.10")) -> list[tuple[str, Decimal]]:
    author = Author.objects.get(pk=author_id)
    publisher = author.publisher  # one query, outside the loop
    sheet = []
    for book in author.books.only("title", "price", "author_id"):
        # author.publisher is cached on `author` after the first read
        country = author.publisher.country
        sheet.append((f"{book.title} [{country}/{publisher.name}]", book.price * markup))
    return sheet


def single_book_card(pk: int) -> dict:
    book = Book.objects.get(pk=pk)
    genre_name = book.genre.name
    return {"title": book.title, "genre": genre_name, "tags": [genre_name.lower(), book.status]}
