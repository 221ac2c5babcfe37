from django.db.models.signals import post_save
from django.dispatch import receiver

from shop.models import Order


@receiver(post_save, sender=Order)
def reserve_stock(sender, instance: Order, created: bool, **kwargs):
    if not created:
        return
    for line in instance.lines.all():
        product = line.product  # expect: ORM101
        product.stock -= line.quantity
        product.save(update_fields=["stock"])  # expect: ORM102
