from django.http import JsonResponse

from catalog.models import Book


def books_json(request):
    qs = Book.objects.all()
    if request.GET.get("expand") == "author":
        qs = qs.select_related("author")
    else:
        qs = qs.only("id", "title", "author")
    data = [
        {"id": b.pk, "title": b.title, "author": b.author.name}  # expect: ORM101
        for b in qs
    ]
    return JsonResponse({"results": data})
