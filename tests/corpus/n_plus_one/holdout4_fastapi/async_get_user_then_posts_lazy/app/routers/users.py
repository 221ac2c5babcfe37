from fastapi import APIRouter, HTTPException

from app.deps import AsyncSessionDep
from app.models.user import User
from app.schemas import PostOut, UserOut

router = APIRouter(prefix="/users")


@router.get("/{user_id}", response_model=UserOut)
async def get_user(user_id: int, db: AsyncSessionDep):
    user = await db.get(User, user_id)
    if user is None:
        raise HTTPException(404)
    return UserOut.model_validate(user)


@router.get("/{user_id}/posts", response_model=list[PostOut])
async def user_posts(user_id: int, db: AsyncSessionDep):
    user = await db.get(User, user_id)
    if user is None:
        raise HTTPException(404)
    return [PostOut.model_validate(p) for p in user.posts]  # expect: ORM103
