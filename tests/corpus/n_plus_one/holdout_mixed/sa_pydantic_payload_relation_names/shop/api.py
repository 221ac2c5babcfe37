import sqlalchemy as sa
from fastapi import APIRouter, Depends, HTTPException
from sqlalchemy.orm import Session

from shop.db import get_db
from shop.models import Customer, Order, OrderLine, Product
from shop.schemas import OrderIn

router = APIRouter()


@router.post("/orders")
def create_order(payload: OrderIn, db: Session = Depends(get_db)) -> dict:
    skus = [line.product.sku for line in payload.lines]
    products = {p.sku: p for p in db.scalars(sa.select(Product).where(Product.sku.in_(skus)))}
    missing = [line.product.sku for line in payload.lines if line.product.sku not in products]
    if missing:
        raise HTTPException(422, f"unknown skus: {missing}")
    customer = db.scalars(sa.select(Customer).where(Customer.email == payload.customer.email)).first()
    if customer is None:
        customer = Customer(email=payload.customer.email, tier=payload.customer.tier)
    order = Order(customer=customer)
    for line in payload.lines:
        order.lines.append(OrderLine(product=products[line.product.sku], quantity=line.quantity))
    db.add(order)
    db.commit()
    return {"id": order.id}
