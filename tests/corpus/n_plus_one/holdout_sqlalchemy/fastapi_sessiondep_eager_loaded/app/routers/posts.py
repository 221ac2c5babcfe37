from fastapi import APIRouter, HTTPException
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from app.deps import SessionDep
from app.models import Author, Post

router = APIRouter(prefix="/posts", tags=["posts"])

POST_OPTIONS = (joinedload(Post.author), selectinload(Post.tags))


@router.get("/")
async def list_posts(db: SessionDep, limit: int = 20):
    stmt = select(Post).options(*POST_OPTIONS).order_by(Post.id.desc()).limit(limit)
    posts = (await db.scalars(stmt)).unique().all()
    return [
        {"title": p.title, "author": p.author.name, "tags": [t.label for t in p.tags]}
        for p in posts
    ]


@router.get("/{post_id}")
async def get_post(post_id: int, db: SessionDep):
    post = await db.get(Post, post_id, options=[selectinload(Post.tags), joinedload(Post.author)])
    if post is None:
        raise HTTPException(status_code=404)
    return {"title": post.title, "by": post.author.email, "tags": [t.label for t in post.tags]}


@router.get("/by-author/{author_id}")
async def posts_by_author(author_id: int, db: SessionDep):
    result = await db.execute(
        select(Author).where(Author.id == author_id).options(selectinload(Author.posts).selectinload(Post.tags))
    )
    author = result.scalar_one()
    return {
        "author": author.name,
        "posts": [{"title": p.title, "tags": [t.label for t in p.tags]} for p in author.posts],
    }
