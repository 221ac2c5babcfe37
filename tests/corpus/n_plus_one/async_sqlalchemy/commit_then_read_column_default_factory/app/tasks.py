import logging

from app import db
from app.models import Post

log = logging.getLogger(__name__)


async def retitle_post(post_id: int, title: str) -> str:
    async with db.async_session() as session:
        post = await session.get(Post, post_id)
        post.title = title.strip()
        await session.commit()
        log.info("retitled post %s", post_id)
        return post.title  # expect: ORM103
