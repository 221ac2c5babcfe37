from fastapi import APIRouter, Depends
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.db import async_session, get_session
from app.models import Post, User

router = APIRouter()


@router.get("/posts")
async def list_posts(session: AsyncSession = Depends(get_session)):
    posts = await session.scalars(select(Post).order_by(Post.id))
    return [
        {"id": p.id, "title": p.title, "author_id": p.author_id, "at": p.created_at.isoformat()}
        for p in posts
    ]


@router.get("/users/emails")
async def emails():
    async with async_session() as session:
        rows = await session.execute(select(User.id, User.email))
        return {row.id: row.email for row in rows}
