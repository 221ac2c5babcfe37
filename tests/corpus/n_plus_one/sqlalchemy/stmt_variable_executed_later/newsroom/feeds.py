from sqlalchemy import select
from sqlalchemy.orm import Session

from newsroom.models import Article


def rss_items(session: Session, limit: int = 50) -> list[dict]:
    stmt = select(Article).where(Article.published.is_(True)).order_by(Article.id.desc()).limit(limit)
    articles = session.scalars(stmt).all()

    items = []
    for article in articles:
        author = article.journalist  # expect: ORM101
        items.append(
            {
                "title": article.headline,
                "author": author.full_name if author else "staff",
                "categories": [t.label for t in article.tags],  # expect: ORM101
            }
        )
    return items
