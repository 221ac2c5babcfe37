from functools import reduce
from operator import or_

from blog.models import Article


def articles_for_tags(slugs):
    # Each filter() only builds a lazy QuerySet; the union runs as one query.
    parts = []
    for slug in slugs:
        parts.append(Article.objects.filter(published=True, tags__slug=slug))
    if not parts:
        return []
    return list(reduce(or_, parts).distinct().order_by("-pk")[:20])


def articles_matching(words):
    combined = Article.objects.none()
    for word in words:
        combined = combined | Article.objects.filter(title__icontains=word)
    return list(combined.values_list("pk", flat=True))
