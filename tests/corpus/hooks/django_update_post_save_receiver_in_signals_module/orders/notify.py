def status_changed(order_id: int, status: str) -> None:
    print(f"order {order_id} is now {status}")
