from fastapi import APIRouter, Depends
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.db import get_session
from app.models import User

router = APIRouter()


@router.get("/users/{user_id}/posts")
async def user_posts(user_id: int, session: AsyncSession = Depends(get_session)):
    user = await session.get(User, user_id)
    posts = await user.awaitable_attrs.posts
    return [{"id": p.id, "title": p.title} for p in posts]


@router.get("/orgs/summary")
async def org_summary(session: AsyncSession = Depends(get_session)):
    user = await session.scalar(select(User).where(User.org_id.is_not(None)).limit(1))
    org = await user.awaitable_attrs.org
    return {"org": org.name, "owner": user.email}
