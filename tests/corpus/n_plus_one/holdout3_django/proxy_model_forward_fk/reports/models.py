from library.models import Book


class OutOfPrintBook(Book):
    class Meta:
        proxy = True
        ordering = ["title"]
