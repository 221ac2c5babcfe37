import csv
import io

from reports.models import OutOfPrintBook as OOP


def out_of_print_csv() -> str:
    buf = io.StringIO()
    writer = csv.writer(buf)
    for book in OOP.objects.filter(out_of_print=True):
        writer.writerow([book.pk, book.title, book.author.name])  # expect: ORM101
    return buf.getvalue()
