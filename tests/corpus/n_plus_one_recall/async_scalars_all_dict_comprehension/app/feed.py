from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import Post


async def bylines(session: AsyncSession) -> dict[str, str]:
    result = await session.execute(select(Post).order_by(Post.id.desc()).limit(20))
    posts = result.scalars().all()
    return {post.slug: post.author.name for post in posts}  # expect: ORM103
