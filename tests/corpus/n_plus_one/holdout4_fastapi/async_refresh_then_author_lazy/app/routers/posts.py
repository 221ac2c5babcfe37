from fastapi import APIRouter, Header
from pydantic import BaseModel

from app.deps import AsyncSessionDep
from app.models.post import Post
from app.schemas import PostCreate

router = APIRouter(prefix="/posts")


class PostCreated(BaseModel):
    id: int
    title: str
    author: str


@router.post("/", status_code=201)
async def publish(data: PostCreate, db: AsyncSessionDep, x_user_id: int = Header()) -> PostCreated:
    post = Post(title=data.title, body=data.body, author_id=x_user_id)
    db.add(post)
    await db.commit()
    await db.refresh(post)
    return PostCreated(
        id=post.id,
        title=post.title,
        author=post.author.username,  # expect: ORM103
    )
