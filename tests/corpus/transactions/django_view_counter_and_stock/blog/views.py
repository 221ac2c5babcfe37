from django.shortcuts import get_object_or_404, render

from blog.models import Article, Product


def article_detail(request, slug):
    article = get_object_or_404(Article, slug=slug)
    article.view_count += 1  # expect: ORM304
    article.save(update_fields=["view_count"])
    return render(request, "blog/article.html", {"article": article})


def reserve(sku: str, quantity: int) -> int:
    product = Product.objects.get(sku=sku)
    product.stock = product.stock - quantity  # expect: ORM304
    product.save(update_fields=["stock"])
    return product.stock
