from fastapi import APIRouter, Depends
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from app.db import get_session
from app.models import User

router = APIRouter()


def _post_count(sync_session: Session, user_id: int) -> int:
    user = sync_session.get(User, user_id)
    return len(user.posts)


@router.get("/users/{user_id}/post-count")
async def post_count(user_id: int, session: AsyncSession = Depends(get_session)):
    count = await session.run_sync(_post_count, user_id)
    return {"user_id": user_id, "posts": count}
