from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from newsroom.models import Article


def rss_items(session: Session, only_published: bool = True) -> list[dict]:
    stmt = select(Article)
    if only_published:
        stmt = stmt.where(Article.published.is_(True))
    stmt = stmt.options(joinedload(Article.journalist), selectinload(Article.tags))

    items = []
    for article in session.scalars(stmt):
        items.append(
            {
                "title": article.headline,
                "author": article.journalist.full_name,
                "categories": [t.label for t in article.tags],
            }
        )
    return items
