from library.models import Book, Tag


def book_tag_lines():
    lines = []
    for book in Book.objects.filter(published__isnull=False):
        names = ", ".join(tag.name for tag in book.tags.all())  # expect: ORM101
        lines.append(f"{book.title}: {names}")
    return lines


def tag_index():
    index = {}
    for tag in Tag.objects.order_by("name"):
        index[tag.name] = "".join(b.title[0] for b in tag.books.all())  # expect: ORM101
    return index
