from fastapi import APIRouter, Depends, HTTPException
from sqlalchemy.ext.asyncio import AsyncSession

from app.deps import get_session
from . import selectors as sel

router = APIRouter(prefix="/orders")


@router.get("/{order_id}")
async def read_order(order_id: int, session: AsyncSession = Depends(get_session)):
    if (order := await sel.get_order(session, order_id)) is None:
        raise HTTPException(404)
    return {"id": order.id, "customer": order.customer.name}  # expect: ORM103
