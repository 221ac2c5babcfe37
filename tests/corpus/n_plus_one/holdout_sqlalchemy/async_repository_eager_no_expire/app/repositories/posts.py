from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload, selectinload

from app.models import Post, Tag


class PostRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def recent(self, limit: int = 10) -> Sequence[Post]:
        stmt = (
            select(Post)
            .options(joinedload(Post.author), selectinload(Post.tags))
            .order_by(Post.id.desc())
            .limit(limit)
        )
        return (await self.session.scalars(stmt)).unique().all()

    def tag(self, post: Post, label: str) -> None:
        post.tags.append(Tag(label=label))

    async def save(self) -> None:
        await self.session.commit()
