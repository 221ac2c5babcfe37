import csv
import io

from library.models import Book


def books_csv():
    buf = io.StringIO()
    writer = csv.writer(buf)
    rows = Book.objects.values("title", "isbn", "author__name", "author_id").order_by("title")
    for row in rows:
        writer.writerow([row["title"], row["isbn"], row["author__name"], row.get("author_id")])
    for title, author_name in Book.objects.values_list("title", "author__name"):
        writer.writerow([title, author_name])
    return buf.getvalue()
