from fastapi import APIRouter
from sqlalchemy import select

from app.deps import AsyncSessionDep
from app.models.post import Post
from app.schemas import PostOut

router = APIRouter(prefix="/posts")


@router.post("/{post_id}/title")
async def rename_post(post_id: int, title: str, db: AsyncSessionDep) -> dict[str, object]:
    post = await db.get(Post, post_id)
    post.title = title
    await db.commit()
    return {"id": post.id, "title": post.title, "author_id": post.author_id}


@router.post("/archive", response_model=list[PostOut])
async def archive_drafts(db: AsyncSessionDep, prefix: str = "[draft]"):
    posts = (await db.scalars(select(Post).where(Post.title.startswith(prefix)))).all()
    for post in posts:
        post.title = post.title.removeprefix(prefix).strip()
    await db.commit()
    return [PostOut.model_validate(p) for p in posts]
