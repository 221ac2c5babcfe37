from app.models import Order


async def import_orders(rows: list[dict]) -> None:
    await Order.bulk_create([Order(customer=r["customer"], total_cents=r["total_cents"]) for r in rows])  # expect: ORM401
