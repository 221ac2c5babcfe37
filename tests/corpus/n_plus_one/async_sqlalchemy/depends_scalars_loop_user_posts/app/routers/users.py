from fastapi import APIRouter, Depends
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.db import get_session
from app.models import User

router = APIRouter(prefix="/users")


@router.get("/")
async def list_users(session: AsyncSession = Depends(get_session)):
    users = await session.scalars(select(User).order_by(User.name))
    payload = []
    for user in users:
        payload.append(
            {
                "id": user.id,
                "name": user.name,
                "post_count": len(user.posts),  # expect: ORM103
            }
        )
    return payload
