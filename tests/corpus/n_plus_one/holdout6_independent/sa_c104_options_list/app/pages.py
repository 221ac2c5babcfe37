from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from .models import Post

POST_DETAIL_OPTIONS = [joinedload(Post.comments), joinedload(Post.tags), joinedload(Post.author)]


def post_page(session: Session, post_id: int):
    stmt = select(Post).where(Post.id == post_id).options(*POST_DETAIL_OPTIONS)  # expect: ORM104
    return session.scalars(stmt).unique().one()
