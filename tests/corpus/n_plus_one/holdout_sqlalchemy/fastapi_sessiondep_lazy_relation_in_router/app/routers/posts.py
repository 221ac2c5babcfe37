from fastapi import APIRouter, HTTPException
from sqlalchemy import select

from app.deps import SessionDep
from app.models import Post

router = APIRouter(prefix="/posts", tags=["posts"])


@router.get("/")
async def list_posts(db: SessionDep, limit: int = 20):
    posts = (await db.scalars(select(Post).order_by(Post.id.desc()).limit(limit))).all()
    return [
        {"id": p.id, "title": p.title, "author": p.author.name}  # expect: ORM103
        for p in posts
    ]


@router.get("/{post_id}")
async def get_post(post_id: int, db: SessionDep):
    post = await db.get(Post, post_id)
    if post is None:
        raise HTTPException(status_code=404)
    labels = [t.label for t in post.tags]  # expect: ORM103
    return {"id": post.id, "title": post.title, "author_id": post.author_id, "tags": labels}
