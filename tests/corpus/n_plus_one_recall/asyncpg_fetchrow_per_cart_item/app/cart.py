import asyncpg


async def enrich_cart(pool: asyncpg.Pool, items: list[dict]) -> list[dict]:
    async with pool.acquire() as conn:
        for item in items:
            row = await conn.fetchrow("SELECT name, price FROM products WHERE sku = $1", item["sku"])  # expect: ORM102
            item["name"], item["price"] = row["name"], row["price"]
    return items
