import logging

from sqlalchemy import select

from app.db import async_session
from app.models import Post, User

log = logging.getLogger(__name__)


async def send_weekly_digest(mailer) -> int:
    sent = 0
    async with async_session() as session:
        recent = await session.scalars(select(Post).where(Post.created_at >= mailer.since))
        for post in recent:
            author = post.author  # expect: ORM103
            await mailer.queue(to=author.email, subject=f"Your post {post.title!r}")
            sent += 1
        admins = await session.scalars(select(User).where(User.org_id.is_(None)))
        for admin in admins:
            await mailer.queue(to=admin.email, subject=f"{sent} digests queued")
    log.info("queued %d digests", sent)
    return sent
