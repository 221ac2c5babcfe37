from cms.models import Article, Writer


async def feed(limit: int = 20) -> list[dict]:
    articles = await Article.all().prefetch_related("writer", "tags").order_by("-id").limit(limit)
    out = []
    for article in articles:
        writer = await article.writer  # already fetched: awaiting the instance returns it
        out.append({
            "headline": article.headline,
            "writer": writer.pen_name,
            "tags": [t.label for t in article.tags],
        })
    return out


async def writer_pages() -> list[tuple[str, int, list[str]]]:
    writers = await Writer.filter(pen_name__isnull=False).prefetch_related("articles__tags")
    pages = []
    for w in writers:
        headlines = [a.headline for a in w.articles]
        tag_labels = sorted({t.label for a in w.articles for t in a.tags})
        pages.append((w.pen_name, len(w.articles), headlines + tag_labels))
    return pages


async def byline_list() -> list[str]:
    return [f"{a.headline} by {a.writer.pen_name}" for a in await Article.all().select_related("writer")]
