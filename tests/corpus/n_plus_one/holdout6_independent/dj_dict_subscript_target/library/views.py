from django.http import JsonResponse

from .models import Book


def titles_by_agency(request):
    index = {}
    for book in Book.objects.select_related("author"):
        index[book.author.agency.name] = book.title  # expect: ORM101
    return JsonResponse(index)
