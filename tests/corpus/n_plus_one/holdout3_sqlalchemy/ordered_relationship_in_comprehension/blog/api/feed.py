from sqlalchemy import select
from sqlalchemy.orm import Session

from blog.models import Article

PAGE_SIZE = 20


def latest_comments(db: Session, page: int = 0) -> list[dict]:
    stmt = (
        select(Article)
        .where(Article.published.is_(True))
        .limit(PAGE_SIZE)
        .offset(page * PAGE_SIZE)
    )
    return [
        {"headline": a.headline, "latest": [c.text for c in a.comments[:3]]}  # expect: ORM101
        for a in db.scalars(stmt)
    ]
