from fastapi import APIRouter, Depends
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload, selectinload

from app.db import get_session
from app.models import Post, User

router = APIRouter()


@router.get("/users")
async def list_users(session: AsyncSession = Depends(get_session)):
    stmt = select(User).options(selectinload(User.posts), joinedload(User.org))
    users = (await session.scalars(stmt)).all()
    return [
        {
            "name": u.name,
            "org": u.org.name if u.org else None,
            "titles": [p.title for p in u.posts],
        }
        for u in users
    ]


@router.get("/posts")
async def list_posts(session: AsyncSession = Depends(get_session)):
    result = await session.execute(select(Post).options(joinedload(Post.author)))
    out = []
    for post in result.scalars():
        out.append({"title": post.title, "author": post.author.email})
    return out
