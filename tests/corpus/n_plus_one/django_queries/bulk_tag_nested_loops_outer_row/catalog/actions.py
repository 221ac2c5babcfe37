from catalog.models import Book, Shelf, ShelfEntry

MAX_PER_SHELF = 500


def add_books_to_shelves(user_shelf_ids, book_ids):
    shelves = Shelf.objects.filter(id__in=user_shelf_ids)
    books = Book.objects.filter(id__in=book_ids)
    added = 0
    for shelf in shelves:
        for book in books:
            count = ShelfEntry.objects.filter(shelf=shelf).count()  # expect: ORM102
            if count < MAX_PER_SHELF:
                added += 1
    return added


def shelf_names_per_book(book_ids):
    names = {}
    for kind in ("paper", "audio"):
        for book_id in book_ids:
            names[book_id, kind] = Shelf.objects.filter(name__startswith=kind).count()
    return names


def free_shelf_name(stem):
    attempts = 50
    for number in range(attempts):
        name = f"{stem}-{number}"
        if not Shelf.objects.filter(name=name).exists():
            return name
    return stem
