import os
from contextlib import asynccontextmanager

import asyncpg
from fastapi import FastAPI, Request

from app.cart import enrich_cart


@asynccontextmanager
async def lifespan(app: FastAPI):
    app.state.pool = await asyncpg.create_pool(os.environ["DATABASE_URL"])
    yield
    await app.state.pool.close()


app = FastAPI(lifespan=lifespan)


@app.post("/cart/preview")
async def preview(items: list[dict], request: Request):
    return await enrich_cart(request.app.state.pool, items)
