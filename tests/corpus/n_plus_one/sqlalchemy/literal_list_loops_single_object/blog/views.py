from sqlalchemy import select
from sqlalchemy.orm import Session

from blog.models import Post

EXPORT_FIELDS = ("id", "title", "body")


def post_detail(session: Session, post_id: int) -> dict:
    post = session.get(Post, post_id)
    data = {field: getattr(post, field) for field in EXPORT_FIELDS}
    # one object, many iterations: post.author is loaded once, then cached on the instance
    for key in ["author_name", "author_label"]:
        data[key] = post.author.name
    data["comment_count"] = len(post.comments)
    return data


def first_post_preview(session: Session) -> str:
    post = session.scalars(select(Post).order_by(Post.id).limit(1)).first()
    parts = []
    for part in (post.title, post.body[:80]):
        parts.append(part.strip())
    return " / ".join(parts)
