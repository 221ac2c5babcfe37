from fastapi import APIRouter, Depends
from sqlalchemy.ext.asyncio import AsyncSession

from app.db import get_session
from app.models import User

router = APIRouter()


@router.post("/users/{user_id}/deactivate")
async def deactivate(user_id: int, session: AsyncSession = Depends(get_session)):
    user = await session.get(User, user_id)
    user.name = f"{user.name} (inactive)"
    await session.commit()
    return {
        "name": user.name,
        "posts": [p.id for p in user.posts],  # expect: ORM103
    }
