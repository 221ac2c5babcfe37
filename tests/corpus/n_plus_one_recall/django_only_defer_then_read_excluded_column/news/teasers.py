from news.models import Article


def teasers() -> list[tuple[str, str]]:
    return [(a.title, a.body[:200]) for a in Article.objects.only("id", "title")]  # expect: ORM101


def summaries() -> list[str]:
    lines = []
    for article in Article.objects.defer("body", "summary").order_by("-id")[:20]:
        lines.append(f"{article.title}: {article.summary}")  # expect: ORM101
    return lines
