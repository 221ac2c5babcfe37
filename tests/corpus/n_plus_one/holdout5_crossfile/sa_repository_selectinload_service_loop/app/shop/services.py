from .repository import OrderRepository


class PickingService:
    def __init__(self, repo: OrderRepository):
        self.repo = repo

    def pick_list(self) -> list[str]:
        out = []
        for order in self.repo.open_orders():
            for item in order.items:
                out.append(f"{order.customer.name}: {item.sku} x{item.qty}")
        return out
