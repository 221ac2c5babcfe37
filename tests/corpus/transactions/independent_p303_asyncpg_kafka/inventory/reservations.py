import json

import asyncpg
from aiokafka import AIOKafkaProducer


class ReservationService:
    def __init__(self, pool: asyncpg.Pool, producer: AIOKafkaProducer):
        self.pool = pool
        self.producer = producer

    async def reserve(self, sku: str, qty: int, order_id: int) -> None:
        async with self.pool.acquire() as conn:
            async with conn.transaction():
                await conn.execute(
                    "INSERT INTO reservations (sku, qty, order_id) VALUES ($1, $2, $3)", sku, qty, order_id
                )
                await conn.execute("UPDATE stock SET reserved = reserved + $1 WHERE sku = $2", qty, sku)
                await self.producer.send_and_wait(  # expect: ORM303
                    "inventory.reserved", json.dumps({"sku": sku, "qty": qty, "order": order_id}).encode()
                )
