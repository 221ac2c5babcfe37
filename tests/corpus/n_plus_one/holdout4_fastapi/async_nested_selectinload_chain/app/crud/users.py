from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from app.models.post import Post
from app.models.user import User


class UserRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def with_posts_and_comments(self) -> Sequence[User]:
        stmt = (
            select(User)
            .options(selectinload(User.posts).selectinload(Post.comments))
            .order_by(User.id)
        )
        return (await self.session.scalars(stmt)).all()
