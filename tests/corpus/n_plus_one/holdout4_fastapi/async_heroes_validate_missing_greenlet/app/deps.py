from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends
from sqlmodel.ext.asyncio.session import AsyncSession

from app.db import SessionFactory


async def get_async_session() -> AsyncIterator[AsyncSession]:
    async with SessionFactory() as session:
        yield session


AsyncSessionDep = Annotated[AsyncSession, Depends(get_async_session)]
