import sqlalchemy as sa
import sqlalchemy.orm as orm

from shop.models import Order, OrderLine


def orders_sorted_by_email(request) -> list[int]:
    db: orm.Session = request.dbsession
    orders = db.scalars(sa.select(Order).where(Order.status != "cancelled")).all()
    ordered = sorted(orders, key=lambda o: o.customer.email)  # expect: ORM101
    return [o.id for o in ordered]


def biggest_lines(request, order_id: int) -> list[str]:
    db: orm.Session = request.dbsession
    lines = db.scalars(sa.select(OrderLine).where(OrderLine.order_id == order_id)).all()
    top = max(lines, key=lambda ln: ln.product.price_cents * ln.quantity, default=None)  # expect: ORM101
    return [top.product.name] if top else []
