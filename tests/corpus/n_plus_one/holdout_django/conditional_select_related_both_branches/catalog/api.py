from django.http import HttpRequest, JsonResponse

from catalog.models import Book


def book_feed(request: HttpRequest) -> JsonResponse:
    if request.GET.get("full"):
        qs = Book.objects.select_related("author", "author__publisher")
    else:
        qs = Book.objects.select_related("author")
    payload = []
    for b in qs.filter(is_published=True):
        payload.append({"title": b.title, "author": b.author.name})
    return JsonResponse({"items": payload})
