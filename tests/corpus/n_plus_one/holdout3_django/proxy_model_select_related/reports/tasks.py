import csv
import io

from reports.models import OutOfPrintBook as OOP


def out_of_print_csv() -> str:
    buf = io.StringIO()
    writer = csv.writer(buf)
    qs = OOP.objects.filter(out_of_print=True).select_related("author")
    for book in qs:
        writer.writerow([book.pk, book.title, book.author.name, book.author_id])
    return buf.getvalue()
