from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from app.models import Post


async def bylines(session: AsyncSession) -> dict[str, str]:
    result = await session.execute(select(Post).options(selectinload(Post.author)).order_by(Post.id.desc()).limit(20))
    posts = result.scalars().all()
    return {post.slug: post.author.name for post in posts}


async def author_ids(session: AsyncSession) -> list[int]:
    posts = (await session.scalars(select(Post))).all()
    return sorted({post.author_id for post in posts})
