from celery import shared_task


@shared_task
def index_order(order_id: int) -> None:
    from orders.search import reindex

    reindex(order_id)
