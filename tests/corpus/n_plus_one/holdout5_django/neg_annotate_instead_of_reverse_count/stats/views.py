from django.db.models import Count, Max, Sum
from django.views import View
from django.http import JsonResponse

from library.models import Author


class AuthorStatsView(View):
    def get(self, request):
        authors = Author.objects.annotate(
            n_books=Count("books"), total_pages=Sum("books__pages"), longest=Max("books__pages")
        ).order_by("-n_books")
        payload = [
            {"name": a.name, "books": a.n_books, "pages": a.total_pages or 0, "longest": a.longest}
            for a in authors
        ]
        return JsonResponse({"authors": payload})
