from fastapi import APIRouter
from pydantic import BaseModel

from app.crud.orders import OrderRepository
from app.deps import SessionDep

router = APIRouter(prefix="/warehouse")


class PickRow(BaseModel):
    order_id: int
    customer: str
    sku: str
    qty: int


@router.get("/pick-list", response_model=list[PickRow])
def pick_list(session: SessionDep) -> list[PickRow]:
    picks: list[PickRow] = []
    for order in OrderRepository(session).open_orders():
        for line in order.lines:
            picks.append(
                PickRow(
                    order_id=order.id,
                    customer=order.customer.name,
                    sku=line.product.sku,  # expect: ORM101
                    qty=line.quantity,
                )
            )
    return picks
