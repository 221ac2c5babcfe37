from fastapi import APIRouter, Depends
from sqlmodel import Session

from app.db import get_session
from app.models import Product, ProductRead

router = APIRouter()


@router.get("/products/{product_id}", response_model=ProductRead)
def product(product_id: int, session: Session = Depends(get_session)):
    return session.get(Product, product_id)
