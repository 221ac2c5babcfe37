from collections import defaultdict

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from blog.models import Comment, Post


def posts_by_author_id(session: Session) -> dict[int, list[int]]:
    grouped = defaultdict(list)
    for post in session.scalars(select(Post)):
        grouped[post.author_id].append(post.id)
    return dict(grouped)


def title_index(session: Session) -> list[str]:
    rows = session.execute(select(Post.id, Post.title).order_by(Post.title))
    return [f"{row.id}: {row.title}" for row in rows]


def comment_counts(session: Session) -> dict[int, int]:
    stmt = select(Comment.post_id, func.count(Comment.id)).group_by(Comment.post_id)
    counts = {}
    for post_id, n in session.execute(stmt).all():
        counts[post_id] = n
    return counts
