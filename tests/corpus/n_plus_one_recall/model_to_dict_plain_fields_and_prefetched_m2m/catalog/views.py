from django.forms.models import model_to_dict
from django.http import JsonResponse

from catalog.models import Product


def export_products(request):
    return JsonResponse({"products": [model_to_dict(p, fields=["id", "name", "sku"]) for p in Product.objects.all()]})


def export_products_with_tags(request):
    rows = [model_to_dict(p) for p in Product.objects.prefetch_related("tags")]
    return JsonResponse({"products": rows}, json_dumps_params={"default": str})
