import logging

from celery import shared_task
from django.utils import timezone

from booking.models import Reservation, SeatHold

log = logging.getLogger(__name__)


@shared_task
def expire_stale_reservations():
    stale = Reservation.objects.filter(
        status=Reservation.PENDING, expires_at__lt=timezone.now()
    ).only("pk")
    for reservation in stale:
        SeatHold.objects.filter(reservation=reservation).delete()  # expect: ORM102
        Reservation.objects.filter(pk=reservation.pk).update(status=Reservation.EXPIRED)
        log.info("expired reservation %s", reservation.pk)
