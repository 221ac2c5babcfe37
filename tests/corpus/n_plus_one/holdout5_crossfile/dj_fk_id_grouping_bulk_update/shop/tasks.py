from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from shop.services import expire_orders


@shared_task(name="shop.expire")
def expire_task():
    return len(expire_orders(timezone.now() - timedelta(days=3)))
