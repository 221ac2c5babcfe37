from sqlalchemy import select
from sqlalchemy.orm import Session

from blog.models import Post


def recent_posts_feed(session: Session, limit: int = 20) -> list[dict]:
    feed = []
    for post in session.scalars(
        select(Post).where(Post.published_at.is_not(None)).order_by(Post.published_at.desc()).limit(limit)
    ):
        byline = post.author.name  # expect: ORM101
        feed.append(
            {
                "id": post.id,
                "title": post.title,
                "byline": byline,
                "contact": post.author.email,
            }
        )
    return feed
