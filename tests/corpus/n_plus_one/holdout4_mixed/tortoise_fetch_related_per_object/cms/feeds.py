from dataclasses import dataclass

from cms.models import Article, Writer


@dataclass
class FeedItem:
    headline: str
    writer: str
    tags: list[str]


class FeedBuilder:
    async def build(self, limit: int = 20) -> list[FeedItem]:
        items = []
        for article in await Article.all().order_by("-id").limit(limit):
            await article.fetch_related("writer", "tags")  # expect: ORM101
            items.append(FeedItem(article.headline, article.writer.pen_name, [t.label for t in article.tags]))
        return items

    async def writer_counts(self) -> dict[str, int]:
        counts = {}
        for writer in await Writer.all():
            counts[writer.pen_name] = await writer.articles.all().count()  # expect: ORM101
        return counts
