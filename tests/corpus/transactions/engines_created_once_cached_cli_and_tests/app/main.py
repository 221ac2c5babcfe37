import os
from contextlib import asynccontextmanager

import asyncpg
from fastapi import FastAPI, Request
from sqlalchemy import text

from app.db import get_engine


@asynccontextmanager
async def lifespan(app: FastAPI):
    app.state.pool = await asyncpg.create_pool(os.environ["DATABASE_URL"])
    yield
    await app.state.pool.close()


app = FastAPI(lifespan=lifespan)


@app.get("/stations")
async def stations(request: Request):
    async with request.app.state.pool.acquire() as conn:
        return [dict(r) for r in await conn.fetch("SELECT code, name FROM stations ORDER BY code")]


@app.get("/version")
def version():
    with get_engine().connect() as conn:
        return {"version": conn.execute(text("SELECT version()")).scalar_one()}
