from .repository import OrderRepository


def shipping_labels(repo: OrderRepository) -> list[str]:
    labels = []
    for order in repo.by_status("paid"):
        name = order.customer.name  # expect: ORM101
        n = sum(i.qty for i in order.items)  # expect: ORM101
        labels.append(f"{order.id} {name} ({n} items)")
    return labels
