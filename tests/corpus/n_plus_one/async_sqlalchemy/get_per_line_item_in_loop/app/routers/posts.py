from fastapi import APIRouter, Depends, HTTPException
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from app.db import get_session
from app.models import Post

router = APIRouter()


class BulkTitles(BaseModel):
    ids: list[int]


@router.post("/posts/titles")
async def post_titles(body: BulkTitles, session: AsyncSession = Depends(get_session)):
    titles = {}
    for post_id in body.ids:
        post = await session.get(Post, post_id)  # expect: ORM102
        if post is None:
            raise HTTPException(status_code=404, detail=f"post {post_id}")
        titles[post.id] = post.title
    return titles
