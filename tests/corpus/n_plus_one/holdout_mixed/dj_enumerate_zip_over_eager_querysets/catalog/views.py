from django.http import JsonResponse
from django.views import View

from catalog.models import Book
from reviews.models import Review


class LeaderboardView(View):
    page_size = 20

    def get(self, request):
        books = Book.objects.select_related("author", "genre").order_by("-price")[: self.page_size]
        top_reviews = Review.objects.select_related("user", "book__author").order_by("-rating")[: self.page_size]
        rows = []
        for rank, (book, review) in enumerate(zip(books, top_reviews), start=1):
            rows.append({
                "rank": rank,
                "title": book.title,
                "author": book.author.name,
                "genre": book.genre.slug,
                "reviewer": review.user.username,
                "reviewed_author": review.book.author.name,
            })
        return JsonResponse({"rows": rows})


def ranked_titles():
    qs = Book.objects.select_related("publisher").filter(status="published")
    return [f"{i}. {b.title} ({b.publisher.name})" for i, b in enumerate(qs, 1)]
