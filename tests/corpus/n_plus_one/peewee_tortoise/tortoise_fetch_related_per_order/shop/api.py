from fastapi import APIRouter

from shop.models import Customer, Order

router = APIRouter()


@router.get("/orders/open")
async def open_orders():
    out = []
    for order in await Order.filter(status__in=["new", "paid"]):
        await order.fetch_related("customer")  # expect: ORM101
        out.append({"id": order.id, "customer": order.customer.name})
    return out


@router.get("/customers/{customer_id}/orders")
async def customer_orders(customer_id: int):
    customer = await Customer.get(id=customer_id)
    await customer.fetch_related("orders")
    return [{"id": o.id, "status": o.status} for o in customer.orders]
