from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.sa_models import User


def profile(session, user_id):
    stmt = select(User).options(joinedload(User.posts), joinedload(User.comments)).where(User.id == user_id)
    return session.scalars(stmt).unique().one()
