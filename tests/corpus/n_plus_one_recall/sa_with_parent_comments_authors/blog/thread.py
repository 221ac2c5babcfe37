from sqlalchemy import select
from sqlalchemy.orm import Session, with_parent

from blog.models import Comment, Post


def thread(session: Session, post: Post) -> list[dict]:
    stmt = select(Comment).where(with_parent(post, Post.comments)).order_by(Comment.id)
    return [{"author": c.author.name, "body": c.body} for c in session.scalars(stmt)]  # expect: ORM101
