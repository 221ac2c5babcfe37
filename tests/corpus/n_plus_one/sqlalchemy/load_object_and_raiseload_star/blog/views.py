from sqlalchemy import select
from sqlalchemy.orm import Load, Session, joinedload, raiseload, selectinload

from blog.models import Post


def post_cards(session: Session) -> list[dict]:
    stmt = select(Post).options(Load(Post).joinedload(Post.author))
    return [{"title": p.title, "author": p.author.name} for p in session.scalars(stmt)]


def moderation_queue(session: Session) -> list[tuple[str, int]]:
    stmt = select(Post).options(
        joinedload(Post.author),
        selectinload(Post.comments),
        raiseload("*"),
    )
    queue = []
    for post in session.scalars(stmt).unique():
        if post.author.is_staff:
            continue
        queue.append((post.title, len(post.comments)))
    return queue
