from fastapi import APIRouter

from shop.models import Customer, Order

router = APIRouter()


@router.get("/orders")
async def list_orders():
    orders = await Order.all().select_related("customer").order_by("-created_at")
    return [{"id": o.id, "customer": o.customer.email} for o in orders]


@router.get("/orders/paid")
async def paid_orders():
    out = []
    for order in await Order.filter(status="paid").prefetch_related("customer"):
        customer = await order.customer
        out.append({"id": order.id, "customer": customer.name})
    return out


@router.get("/customers")
async def customers_with_orders():
    customers = await Customer.all().prefetch_related("orders")
    return [{"email": c.email, "orders": [o.id for o in c.orders]} for c in customers]
