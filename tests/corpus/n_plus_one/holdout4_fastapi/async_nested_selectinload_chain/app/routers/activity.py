from fastapi import APIRouter

from app.crud.users import UserRepository
from app.deps import AsyncSessionDep

router = APIRouter(prefix="/activity")


@router.get("/")
async def activity(db: AsyncSessionDep) -> list[dict]:
    users = await UserRepository(db).with_posts_and_comments()
    return [
        {
            "user": u.username,
            "posts": [{"title": p.title, "comments": len(p.comments)} for p in u.posts],
        }
        for u in users
    ]
