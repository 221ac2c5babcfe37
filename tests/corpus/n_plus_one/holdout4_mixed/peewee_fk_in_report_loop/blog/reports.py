import csv
import io
from datetime import datetime, timedelta

from blog.models import Entry

WINDOW = timedelta(days=30)


def monthly_csv(now: datetime) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["title", "author", "author_id", "words"])
    recent = Entry.select().where(Entry.published_at >= now - WINDOW).order_by(Entry.published_at)
    for entry in recent:
        writer.writerow([
            entry.title,
            entry.author.display_name,  # expect: ORM101
            entry.author_id,
            entry.word_count,
        ])
    return buf.getvalue()


def staff_titles() -> list[str]:
    return [e.title for e in Entry.select() if e.author.is_staff]  # expect: ORM101
