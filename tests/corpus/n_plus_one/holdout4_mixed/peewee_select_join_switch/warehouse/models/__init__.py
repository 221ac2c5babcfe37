from warehouse.models.core import Customer, Depot, Order, db

__all__ = ["Customer", "Depot", "Order", "db"]
