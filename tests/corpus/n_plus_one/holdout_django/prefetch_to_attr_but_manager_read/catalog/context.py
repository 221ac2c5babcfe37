from django.db.models import Prefetch

from catalog.models import Book, Review


def book_cards_context(limit=12):
    approved = Prefetch(
        "reviews",
        queryset=Review.objects.filter(approved=True),
        to_attr="approved_reviews",
    )
    books = Book.objects.published().prefetch_related(approved)[:limit]
    cards = []
    for book in books:
        cards.append(
            {
                "title": book.title,
                "n_approved": len(book.approved_reviews),
                "n_all": len(book.reviews.all()),  # expect: ORM101
            }
        )
    return {"cards": cards}
