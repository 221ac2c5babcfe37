from fastapi import APIRouter, Depends
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.db import get_session
from app.models import Post

router = APIRouter()


@router.get("/feed")
async def feed(limit: int = 20, session: AsyncSession = Depends(get_session)):
    result = await session.execute(select(Post).order_by(Post.created_at.desc()).limit(limit))
    posts = result.scalars().all()
    return [
        {"title": p.title, "author": p.author.name}  # expect: ORM103
        for p in posts
    ]


@router.get("/feed/titles")
async def titles(session: AsyncSession = Depends(get_session)):
    posts = (await session.execute(select(Post))).scalars().all()
    return [{"id": p.id, "title": p.title, "author_id": p.author_id} for p in posts]
