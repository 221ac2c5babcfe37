from fastapi import APIRouter, Header

from app.deps import AsyncSessionDep
from app.models.post import Post
from app.schemas import PostCreate, PostOut

router = APIRouter(prefix="/posts")


@router.post("/", response_model=PostOut, status_code=201)
async def create_post(data: PostCreate, db: AsyncSessionDep, x_user_id: int = Header()):
    post = Post(title=data.title.strip(), body=data.body, author_id=x_user_id)
    db.add(post)
    try:
        await db.commit()
    except Exception:
        await db.rollback()
        raise
    await db.refresh(post)
    return PostOut.model_validate(post)
