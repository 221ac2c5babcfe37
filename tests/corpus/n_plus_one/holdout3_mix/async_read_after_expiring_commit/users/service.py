import logging

from users.database import SessionFactory
from users.models import User

log = logging.getLogger(__name__)


async def register(email: str) -> dict:
    async with SessionFactory() as session:
        user = User(email=email)
        session.add(user)
        await session.commit()
        return {"id": user.id, "email": user.email}  # expect: ORM103


async def rename(user_id: int, name: str) -> None:
    async with SessionFactory() as session:
        async with session.begin():
            user = await session.get(User, user_id)
            user.name = name
        log.info("renamed %s", user.name)  # expect: ORM103
