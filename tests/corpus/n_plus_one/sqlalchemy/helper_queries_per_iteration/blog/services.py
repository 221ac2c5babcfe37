from sqlalchemy import func, select
from sqlalchemy.orm import Session

from blog.models import Comment, Post, User


def _author_display_name(session: Session, user_id: int) -> str:
    user = session.get(User, user_id)
    return user.name if user else "unknown"


def _comment_total(session: Session, post_id: int) -> int:
    return session.execute(select(func.count(Comment.id)).where(Comment.post_id == post_id)).scalar_one()


def _slugify(title: str) -> str:
    return "-".join(title.lower().split())


def digest(session: Session, post_ids: list[int]) -> list[dict]:
    posts = session.scalars(select(Post).where(Post.id.in_(post_ids))).all()
    entries = []
    for post in posts:
        entries.append(
            {
                "slug": _slugify(post.title),
                "author": _author_display_name(session, post.author_id),  # expect: ORM102
                "comments": _comment_total(session, post.id),
            }
        )
    return entries
