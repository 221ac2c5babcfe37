from tortoise.signals import post_save

from app.models import Order


@post_save(Order)
async def publish_order(sender, instance: Order, created: bool, using_db, update_fields) -> None:
    if created:
        print("new order", instance.id)
