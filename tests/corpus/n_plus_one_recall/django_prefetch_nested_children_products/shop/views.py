from django.shortcuts import render

from shop.models import Category


def menu(request):
    root = Category.objects.prefetch_related("children__products").get(slug="root")
    sections = []
    for child in root.children.all():
        sections.append({"name": child.name, "products": [p.name for p in child.products.all()]})
    return render(request, "shop/menu.html", {"sections": sections})
