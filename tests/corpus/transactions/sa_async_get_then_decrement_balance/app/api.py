from decimal import Decimal

from fastapi import APIRouter, Depends
from sqlalchemy.ext.asyncio import AsyncSession

from app.deps import get_session
from app.service import pay

router = APIRouter()


@router.post("/wallets/{wallet_id}/pay")
async def pay_endpoint(wallet_id: int, amount: Decimal, session: AsyncSession = Depends(get_session)):
    return {"balance": str(await pay(session, wallet_id, amount))}
