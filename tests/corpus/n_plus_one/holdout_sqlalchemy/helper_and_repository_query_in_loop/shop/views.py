from pyramid.view import view_config
from sqlalchemy import func, select

from shop.models import Customer, Order, Shipment


def _latest_order(dbsession, customer_id):
    stmt = select(Order).where(Order.customer_id == customer_id).order_by(Order.id.desc()).limit(1)
    return dbsession.scalars(stmt).first()


class ShipmentRepository:
    def __init__(self, dbsession):
        self.dbsession = dbsession

    def for_order(self, order_id: int) -> Shipment | None:
        return self.dbsession.scalar(select(Shipment).where(Shipment.order_id == order_id))

    def count_for(self, customer_id: int) -> int:
        return self.dbsession.scalar(
            select(func.count(Shipment.id)).join(Order).where(Order.customer_id == customer_id)
        )


@view_config(route_name="customer_overview", renderer="json")
def customer_overview(request):
    shipments = ShipmentRepository(request.dbsession)
    overview = []
    for customer in request.dbsession.scalars(select(Customer).order_by(Customer.name)):
        latest = _latest_order(request.dbsession, customer.id)  # expect: ORM102
        overview.append(
            {
                "name": customer.name,
                "latest_status": latest.status if latest else None,
                "shipments": shipments.count_for(customer.id),
            }
        )
    return overview


@view_config(route_name="status_counts", renderer="json")
def status_counts(request):
    stmt = select(Order.status, func.count()).group_by(Order.status)
    return {status: n for status, n in request.dbsession.execute(stmt)}
