from contextlib import asynccontextmanager

import sqlalchemy as sa
from fastapi import FastAPI

from app.db import SessionLocal, engine
from app.models.catalog import Product

PRODUCT_CATEGORY: dict[str, str] = {}


@asynccontextmanager
async def lifespan(app: FastAPI):
    with SessionLocal() as db:
        products = db.scalars(sa.select(Product).where(Product.stock > 0)).all()
        PRODUCT_CATEGORY.update({p.sku: p.category.name for p in products})  # expect: ORM101
    yield
    engine.dispose()


app = FastAPI(lifespan=lifespan, title="shop")


@app.get("/categories/{sku}")
def category_of(sku: str) -> dict[str, str | None]:
    return {"sku": sku, "category": PRODUCT_CATEGORY.get(sku)}
