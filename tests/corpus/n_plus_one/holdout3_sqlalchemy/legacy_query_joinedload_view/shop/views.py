from sqlalchemy.orm import joinedload

from shop.models import Order

OPEN_STATES = ("new", "paid")


def open_orders(request):
    dbsession = request.dbsession
    orders = (
        dbsession.query(Order)
        .options(joinedload(Order.customer))
        .filter(Order.status.in_(OPEN_STATES))
        .order_by(Order.id.desc())
        .all()
    )
    return {
        "rows": [
            {"id": o.id, "customer": o.customer.name, "email": o.customer.email, "total": str(o.total)}
            for o in orders
        ]
    }
