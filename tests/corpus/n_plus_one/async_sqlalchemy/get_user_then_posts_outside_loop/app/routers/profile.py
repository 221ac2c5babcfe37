from fastapi import APIRouter, Depends, HTTPException
from sqlalchemy.ext.asyncio import AsyncSession

from app.db import get_session
from app.models import User

router = APIRouter()


@router.get("/users/{user_id}/profile")
async def profile(user_id: int, session: AsyncSession = Depends(get_session)):
    user = await session.get(User, user_id)
    if user is None:
        raise HTTPException(status_code=404)
    org_name = user.org.name if user.org_id else None  # expect: ORM103
    return {"name": user.name, "org": org_name}
