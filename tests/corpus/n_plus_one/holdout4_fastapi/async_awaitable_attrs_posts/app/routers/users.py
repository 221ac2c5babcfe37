from fastapi import APIRouter, HTTPException

from app.deps import AsyncSessionDep
from app.models.user import User
from app.schemas import PostOut

router = APIRouter(prefix="/users")


@router.get("/{user_id}/posts", response_model=list[PostOut])
async def user_posts(user_id: int, db: AsyncSessionDep):
    if (user := await db.get(User, user_id)) is None:
        raise HTTPException(404)
    posts = await user.awaitable_attrs.posts
    return [PostOut.model_validate(p) for p in posts]
