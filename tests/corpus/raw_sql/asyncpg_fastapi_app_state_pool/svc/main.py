from contextlib import asynccontextmanager

import asyncpg
from fastapi import FastAPI

from .routes import router


@asynccontextmanager
async def lifespan(app: FastAPI):
    app.state.pool = await asyncpg.create_pool("postgresql://svc@db/svc")
    yield
    await app.state.pool.close()


app = FastAPI(lifespan=lifespan)
app.include_router(router)
