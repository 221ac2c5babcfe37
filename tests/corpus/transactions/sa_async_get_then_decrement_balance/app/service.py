from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from app.models import Wallet


class InsufficientFunds(Exception):
    pass


async def pay(session: AsyncSession, wallet_id: int, amount: Decimal) -> Decimal:
    wallet = await session.get(Wallet, wallet_id)
    if wallet.balance < amount:
        raise InsufficientFunds(wallet_id)
    wallet.balance -= amount  # expect: ORM304
    await session.commit()
    return wallet.balance
