import os

import httpx
from tortoise.transactions import in_transaction

from app.models import Payment

WEBHOOK_URL = os.environ["MERCHANT_WEBHOOK_URL"]


async def capture(order_ref: str, amount) -> Payment:
    async with in_transaction():
        payment = await Payment.create(order_ref=order_ref, amount=amount, status="captured")
        async with httpx.AsyncClient(timeout=5) as client:
            await client.post(WEBHOOK_URL, json={"payment": payment.id, "status": "captured"})  # expect: ORM303
    return payment
