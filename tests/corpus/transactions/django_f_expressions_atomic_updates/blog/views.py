from django.db.models import F
from django.http import JsonResponse
from django.shortcuts import get_object_or_404

from blog.models import Article


def article_detail(request, slug):
    Article.objects.filter(slug=slug).update(view_count=F("view_count") + 1)
    article = get_object_or_404(Article, slug=slug)
    return JsonResponse({"views": article.view_count})


def like(request, slug):
    article = get_object_or_404(Article, slug=slug)
    article.likes = F("likes") + 1
    article.save(update_fields=["likes"])
    article.refresh_from_db(fields=["likes"])
    return JsonResponse({"likes": article.likes})
