from django.db.models import Q
from django.shortcuts import render

from catalog.models import Product


def search(request):
    tokens = [t for t in request.GET.get("q", "").split() if len(t) > 1]
    condition = Q()
    for token in tokens:
        condition |= Q(name__icontains=token) | Q(sku__iexact=token)
        if len(token) > 4:
            condition |= Q(description__icontains=token)
    results = Product.objects.filter(condition)[:50] if tokens else Product.objects.none()
    return render(request, "catalog/search.html", {"results": results, "tokens": tokens})
