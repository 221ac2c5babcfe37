from sqlalchemy import select
from sqlalchemy.orm import Session, contains_eager

from . import models


def orders_of_tier(db: Session, prefix: str):
    stmt = (
        select(models.Order)
        .join(models.Order.customer)
        .where(models.Customer.name.startswith(prefix))
        .options(contains_eager(models.Order.customer))
    )
    return db.scalars(stmt).all()
