from django.db.models import Prefetch
from django.http import JsonResponse

from catalog.models import Book, Publisher
from reviews.models import Review

RECENT_REVIEWS = Review.objects.select_related("user").order_by("-id")


def publisher_tree(request):
    publishers = Publisher.objects.prefetch_related(
        "authors__books__genre",
        Prefetch("published_books", queryset=Book.objects.prefetch_related(
            Prefetch("reviews", queryset=RECENT_REVIEWS, to_attr="recent_reviews")
        )),
    )
    tree = []
    for pub in publishers:
        authors = []
        for author in pub.authors.all():
            authors.append({
                "name": author.name,
                "books": [{"title": b.title, "genre": b.genre.name} for b in author.books.all()],
            })
        catalogue = [
            {"title": book.title, "reviewers": [r.user.username for r in book.recent_reviews]}
            for book in pub.published_books.all()
        ]
        tree.append({"publisher": pub.name, "authors": authors, "catalogue": catalogue})
    return JsonResponse({"publishers": tree})
