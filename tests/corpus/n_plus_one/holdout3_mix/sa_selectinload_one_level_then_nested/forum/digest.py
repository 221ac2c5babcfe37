from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from forum import models


def weekly_digest(db: Session) -> dict[str, int]:
    stmt = select(models.Author).options(selectinload(models.Author.posts))
    result: dict[str, int] = {}
    for author in db.scalars(stmt):
        n_comments = 0
        for post in author.posts:
            n_comments += len(post.comments)  # expect: ORM101
        result[author.name] = n_comments
    return result


def comment_authors(db: Session) -> list[str]:
    comments = db.execute(select(models.Comment)).scalars().all()
    return [c.post.author.name for c in comments]  # expect: ORM101
