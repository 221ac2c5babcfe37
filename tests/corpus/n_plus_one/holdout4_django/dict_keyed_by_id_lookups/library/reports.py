from library.models import Author, Book, Loan, Publisher


def outstanding_loans_report() -> list[tuple[str, str, str, str]]:
    loans = list(Loan.objects.filter(returned=False).only("id", "book_id", "borrower"))
    books = Book.objects.in_bulk({loan.book_id for loan in loans})
    authors = {a.id: a for a in Author.objects.filter(id__in={b.author_id for b in books.values()})}
    publishers = dict(Publisher.objects.values_list("id", "name"))
    rows = []
    for loan in loans:
        book = books[loan.book_id]
        rows.append((
            loan.borrower,
            book.title,
            authors[book.author_id].name,
            publishers.get(book.publisher_id, "-"),
        ))
    return rows
