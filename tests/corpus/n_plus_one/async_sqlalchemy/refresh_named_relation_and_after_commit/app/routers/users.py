from fastapi import APIRouter, Depends
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from app.db import get_session
from app.models import User

router = APIRouter()


class RenameIn(BaseModel):
    name: str


@router.get("/users/{user_id}/titles")
async def titles(user_id: int, session: AsyncSession = Depends(get_session)):
    user = await session.get(User, user_id)
    await session.refresh(user, ["posts"])
    return [p.title for p in user.posts]


@router.patch("/users/{user_id}")
async def rename(user_id: int, body: RenameIn, session: AsyncSession = Depends(get_session)):
    user = await session.get(User, user_id)
    user.name = body.name
    await session.commit()
    await session.refresh(user)
    return {"id": user.id, "name": user.name, "email": user.email}
