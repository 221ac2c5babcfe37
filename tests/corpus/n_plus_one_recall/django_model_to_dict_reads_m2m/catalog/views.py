from django.forms.models import model_to_dict
from django.http import JsonResponse

from catalog.models import Product


def export_products(request):
    return JsonResponse({"products": [model_to_dict(p) for p in Product.objects.all()]}, json_dumps_params={"default": str})  # expect: ORM101
