from sqlalchemy import select
from sqlalchemy.orm import Session

from blog.models import Post, User


def titles_by_user(session: Session) -> dict[str, list[str]]:
    users = session.scalars(select(User)).all()
    return {u.name: [p.title for p in u.posts] for u in users}  # expect: ORM101


def active_post_authors(session: Session) -> set[str]:
    posts = session.scalars(select(Post).where(Post.body != "")).all()
    return {p.author.name for p in posts}  # expect: ORM101


def total_comments(session: Session) -> int:
    return sum(len(p.comments) for p in session.scalars(select(Post)))  # expect: ORM101
