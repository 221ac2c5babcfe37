from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import User


async def resolve_invitees(session: AsyncSession, emails: list[str]) -> list[dict]:
    resolved = []
    for email in emails:
        result = await session.execute(select(User).where(User.email == email))  # expect: ORM102
        user = result.scalar_one_or_none()
        if user is None:
            continue
        resolved.append({"email": email, "org": user.org.name})  # expect: ORM103
    return resolved
