from django.db import transaction

from news.models import Article


@transaction.atomic
def import_titles(titles: list[str]) -> list[Article]:
    articles = []
    for title in titles:
        article, _ = Article.objects.update_or_create(title=title, defaults={"title": title})
        articles.append(article)
    for article in articles:
        article.title = article.title.strip()
        article.save()
    return articles
