def reindex(order_id: int) -> None:
    print("reindexing", order_id)
