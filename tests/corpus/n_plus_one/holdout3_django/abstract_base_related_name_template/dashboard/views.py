from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

User = get_user_model()


@login_required
def authors_overview(request):
    summary = {}
    for user in User.objects.filter(is_staff=True):
        titles = []
        for article in user.blog_article_related.all():  # expect: ORM101
            titles.append(article.title)
        summary[user.username] = titles
    return render(request, "dashboard/authors.html", {"summary": summary})
