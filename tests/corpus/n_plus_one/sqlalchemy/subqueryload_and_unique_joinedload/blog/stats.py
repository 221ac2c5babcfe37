from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, subqueryload

from blog.models import Post, User


def comments_per_post(session: Session) -> dict[str, int]:
    posts = session.query(Post).options(subqueryload(Post.comments)).all()
    return {post.title: len(post.comments) for post in posts}


def authors_with_titles(session: Session) -> list[tuple[str, list[str]]]:
    result = session.execute(select(User).options(joinedload(User.posts)).order_by(User.name))
    out = []
    for user in result.unique().scalars().all():
        out.append((user.name, [p.title for p in user.posts]))
    return out
