from xml.sax.saxutils import escape

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from .models import Post

FEED_SIZE = 20


class RssFeed:
    def __init__(self, session: Session) -> None:
        self.session = session

    def items(self) -> list[str]:
        stmt = (
            select(Post)
            .options(selectinload(Post.writer))
            .order_by(Post.published_at.desc())
            .limit(FEED_SIZE)
        )
        out = []
        for post in self.session.scalars(stmt):
            cats = []
            for tag in post.tags:  # expect: ORM101
                cats.append(f"<category>{escape(tag.slug)}</category>")
            out.append(
                f"<item><title>{escape(post.title)}</title>"
                f"<author>{escape(post.writer.handle)}</author>{''.join(cats)}</item>"
            )
        return out
