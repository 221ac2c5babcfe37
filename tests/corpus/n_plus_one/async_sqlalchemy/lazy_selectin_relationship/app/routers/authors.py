from fastapi import APIRouter, Depends
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.db import get_session
from app.models import Post, User

router = APIRouter()


@router.get("/authors")
async def authors(session: AsyncSession = Depends(get_session)):
    users = (await session.scalars(select(User))).all()
    return [{"name": u.name, "posts": len(u.posts)} for u in users]


@router.get("/posts/recent")
async def recent(session: AsyncSession = Depends(get_session)):
    posts = await session.scalars(select(Post).order_by(Post.created_at.desc()).limit(10))
    return [{"title": p.title, "by": p.author.name} for p in posts.unique()]
