from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from blog.models import Post


def post_page(session: Session, post_id: int) -> dict:
    post = session.scalars(select(Post).options(joinedload(Post.comments)).where(Post.id == post_id)).unique().one()  # expect: ORM104
    return {"title": post.title, "tags": [t.name for t in post.tags], "comments": [c.body for c in post.comments]}
