from dataclasses import dataclass

from catalog.models import Book


@dataclass(frozen=True)
class FeedItem:
    title: str
    byline: str


class FeedService:
    limit = 20

    def latest(self) -> list[FeedItem]:
        qs = Book.objects.published().order_by("-id")[: self.limit]
        return [FeedItem(title=b.title, byline=f"by {b.author.name}") for b in qs]  # expect: ORM101
