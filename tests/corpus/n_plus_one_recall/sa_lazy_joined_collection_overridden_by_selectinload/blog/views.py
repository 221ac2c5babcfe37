from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from blog.models import Post


def post_page(session: Session, post_id: int) -> dict:
    stmt = select(Post).where(Post.id == post_id).options(selectinload(Post.attachments), joinedload(Post.comments))
    post = session.scalars(stmt).unique().one()
    return {"files": [a.url for a in post.attachments], "comments": [c.body for c in post.comments]}


def post_titles(session: Session) -> list[str]:
    return [p.title for p in session.scalars(select(Post).limit(20)).unique()]
