from sqlalchemy import select
from sqlalchemy.orm import Session

from forum.models import Forum, Topic


def forum_page(session: Session, forum_id: int) -> dict:
    forum = session.get(Forum, forum_id)
    topics = session.scalars(select(Topic).where(Topic.forum_id == forum_id).limit(30)).unique().all()
    return {"title": forum.title, "topics": [(t.title, t.user.username) for t in topics]}
