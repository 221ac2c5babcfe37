from django.http import JsonResponse

from catalog import models as cm

PAGE_SIZE = 50


def book_feed(request):
    books = cm.Book.objects.filter(published=True).order_by("-id")[:PAGE_SIZE]
    items = []
    for book in books:
        items.append(
            {
                "title": book.title,
                "publisher": book.publisher.name,  # expect: ORM101
                "country": book.publisher.country,
            }
        )
    return JsonResponse({"items": items})
