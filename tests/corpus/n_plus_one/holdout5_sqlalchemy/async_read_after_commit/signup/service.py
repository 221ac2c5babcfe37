from signup.database import async_session
from signup.models import Account


class SignupError(Exception):
    pass


async def register(email: str) -> dict:
    async with async_session() as session:
        account = Account(email=email.lower())
        session.add(account)
        try:
            await session.commit()
        except Exception as exc:
            await session.rollback()
            raise SignupError(email) from exc
        return {"id": account.id, "email": email}  # expect: ORM103
