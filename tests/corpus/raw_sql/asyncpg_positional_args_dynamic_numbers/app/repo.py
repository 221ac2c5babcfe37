import asyncpg


async def items_by_skus(conn: asyncpg.Connection, skus: list[str]):
    numbers = ", ".join(f"${i}" for i in range(1, len(skus) + 1))
    return await conn.fetch(f"SELECT sku, qty FROM items WHERE sku IN ({numbers})", *skus)


async def items_by_skus_any(conn: asyncpg.Connection, skus: list[str]):
    return await conn.fetch("SELECT sku, qty FROM items WHERE sku = ANY($1::text[])", skus)


async def restock(conn: asyncpg.Connection, sku: str, qty: int) -> str:
    return await conn.execute("UPDATE items SET qty = qty + $2 WHERE sku = $1", sku, qty)
