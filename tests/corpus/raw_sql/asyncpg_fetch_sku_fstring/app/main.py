import os
from contextlib import asynccontextmanager

import asyncpg
from fastapi import FastAPI, Request


@asynccontextmanager
async def lifespan(app: FastAPI):
    app.state.pool = await asyncpg.create_pool(os.environ["DATABASE_URL"])
    yield
    await app.state.pool.close()


app = FastAPI(lifespan=lifespan)


@app.get("/items/{sku}")
async def get_item(sku: str, request: Request):
    async with request.app.state.pool.acquire() as conn:
        row = await conn.fetchrow(f"SELECT sku, name, qty FROM items WHERE sku = '{sku}'")  # expect: ORM201
    return dict(row) if row else {}


@app.get("/items")
async def list_items(request: Request, limit: int = 50):
    async with request.app.state.pool.acquire() as conn:
        rows = await conn.fetch("SELECT sku, name, qty FROM items ORDER BY sku LIMIT $1", limit)
    return [dict(r) for r in rows]
