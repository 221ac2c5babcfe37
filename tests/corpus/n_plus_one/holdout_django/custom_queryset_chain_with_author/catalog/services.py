from catalog.models import Book


class CatalogRepository:
    def __init__(self, page_size: int = 30):
        self.page_size = page_size

    def front_page(self):
        return Book.objects.published().with_author().order_by("-id")[: self.page_size]

    def bylines(self) -> list[str]:
        lines = []
        for book in self.front_page():
            publisher = book.author.publisher
            lines.append(f"{book.title} - {book.author.name} ({publisher.name if publisher else 'self'})")
        return lines
