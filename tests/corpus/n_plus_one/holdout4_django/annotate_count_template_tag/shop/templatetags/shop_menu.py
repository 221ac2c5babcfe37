from django import template
from django.db.models import Avg, Count, Q

from shop.models import Category, Product

register = template.Library()


@register.inclusion_tag("shop/_category_menu.html")
def category_menu():
    cats = Category.objects.annotate(Count("products"), live=Count("products", filter=Q(products__active=True)))
    items = [
        {"slug": c.slug, "label": f"{c.name} ({c.live}/{c.products__count})"}
        for c in cats
        if c.products__count
    ]
    return {"items": items}


@register.simple_tag
def top_rated(limit=5):
    qs = Product.objects.annotate(reviews_n=Count("reviews"), score=Avg("reviews__stars"))
    return [(p.name, p.reviews_n, round(p.score or 0, 1)) for p in qs.order_by("-score")[:limit]]
