from django.db.models.signals import post_save
from django.dispatch import receiver

from orders.models import Order
from orders.notify import status_changed


@receiver(post_save, sender=Order)
def notify_status(sender, instance, created, **kwargs):
    if not created:
        status_changed(instance.pk, instance.status)
