from library.models import Publisher


def publisher_stats() -> list[dict]:
    rows = []
    for p in Publisher.objects.order_by("name"):
        n = p.books.count()  # expect: ORM101
        if n:
            rows.append({"name": p.name, "books": n})
    return rows
