from app.db import SessionMaker
from app.shop.selectors import customers_with_orders


async def nightly_totals() -> dict[str, int]:
    async with SessionMaker() as session:
        customers = await customers_with_orders(session)
        totals = {c.name: sum(i.qty for o in c.orders for i in o.items) for c in customers}
        for c in customers:
            c.name = c.name.strip()
        await session.commit()
        first = customers[0].name if customers else None
    return {"first": first, **totals}
