from django.http import JsonResponse

from shop.models import Book as B


def catalogue_json(request):
    items = []
    for b in B.objects.filter(in_stock=True).order_by("title"):
        items.append({
            "title": b.title,
            "price": str(b.price),
            "category": b.category.name,  # expect: ORM101
        })
    return JsonResponse({"items": items})
