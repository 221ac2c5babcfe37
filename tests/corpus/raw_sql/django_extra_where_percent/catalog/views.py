from django.http import JsonResponse

from catalog.models import Product


def cheap_products(request):
    min_price = request.GET.get("min", "0")
    products = Product.objects.extra(where=["price >= %s" % min_price]).order_by("price")  # expect: ORM201
    return JsonResponse({"products": list(products.values("id", "name", "price"))})


def in_stock(request):
    products = Product.objects.extra(where=["stock > %s"], params=[request.GET.get("min_stock", "0")])
    return JsonResponse({"products": list(products.values("id", "name"))})
