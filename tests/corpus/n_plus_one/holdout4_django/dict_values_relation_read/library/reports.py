from library.models import Book, Loan


def loans_by_publisher() -> dict[str, int]:
    books = {b.pk: b for b in Book.objects.all()}
    counts: dict[str, int] = {}
    for loan in Loan.objects.filter(returned=False):
        book = books[loan.book_id]
        name = book.publisher.name if book.publisher_id else "independent"  # expect: ORM101
        counts[name] = counts.get(name, 0) + 1
    return counts
