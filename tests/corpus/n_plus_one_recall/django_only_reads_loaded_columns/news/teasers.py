from news.models import Article


def titles() -> list[str]:
    return [f"{a.pk}: {a.title}" for a in Article.objects.only("id", "title")]


def timeline() -> list[tuple]:
    return [(a.title, a.published) for a in Article.objects.defer("body").order_by("-published")]


def bodies() -> list[str]:
    return [row["body"][:100] for row in Article.objects.values("body")]
