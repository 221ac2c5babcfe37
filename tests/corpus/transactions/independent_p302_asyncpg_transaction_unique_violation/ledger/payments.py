import asyncpg


async def record_payment(pool: asyncpg.Pool, invoice_id: int, provider_ref: str, amount_cents: int) -> None:
    async with pool.acquire() as conn:
        async with conn.transaction():
            try:
                await conn.execute(
                    "INSERT INTO payments (invoice_id, provider_ref, amount_cents) VALUES ($1, $2, $3)",
                    invoice_id, provider_ref, amount_cents,
                )
            except asyncpg.UniqueViolationError:  # expect: ORM302
                pass
            await conn.execute("UPDATE invoices SET status = 'paid' WHERE id = $1", invoice_id)
