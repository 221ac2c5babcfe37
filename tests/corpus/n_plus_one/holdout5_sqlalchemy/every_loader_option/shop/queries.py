from sqlalchemy import select
from sqlalchemy.orm import (
    Session,
    contains_eager,
    immediateload,
    joinedload,
    selectinload,
    subqueryload,
)

from shop.models import Product, Review, Vendor


def vendor_catalogue(session: Session) -> dict[str, list[str]]:
    stmt = select(Vendor).options(selectinload(Vendor.products).joinedload(Product.reviews))
    out = {}
    for vendor in session.scalars(stmt):
        out[vendor.name] = [f"{p.title} ({len(p.reviews)})" for p in vendor.products]
    return out


def product_cards(session: Session) -> list[dict]:
    stmt = select(Product).options(joinedload(Product.vendor), subqueryload(Product.reviews))
    return [
        {"title": p.title, "vendor": p.vendor.name, "reviews": len(p.reviews)}
        for p in session.scalars(stmt).unique()
    ]


def recent_reviews(session: Session, vendor_name: str) -> list[str]:
    stmt = (
        select(Review)
        .join(Review.product)
        .join(Product.vendor)
        .where(Vendor.name == vendor_name)
        .options(contains_eager(Review.product).contains_eager(Product.vendor))
    )
    return [f"{r.stars}* {r.product.title} by {r.product.vendor.name}" for r in session.scalars(stmt)]


def vendors_with_products(session: Session) -> list[tuple[str, int]]:
    rows = session.scalars(select(Vendor).options(immediateload(Vendor.products))).all()
    return [(v.name, len(v.products)) for v in rows]
