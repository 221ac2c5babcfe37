import logging

from celery import shared_task
from django.core.mail import send_mail
from django.utils import timezone

from newsletter.models import Subscription

log = logging.getLogger(__name__)


@shared_task(bind=True, max_retries=3)
def send_weekly_digest(self, subject: str = "Your weekly digest") -> int:
    now = timezone.now()
    sent = 0
    for sub in Subscription.objects.filter(active=True):
        try:
            send_mail(subject, "...", "noreply@example.com", [sub.user.email])  # expect: ORM101
        except OSError:
            log.exception("digest failed for %s", sub.user_id)
            continue
        sub.last_sent = now
        sub.save(update_fields=["last_sent"])  # expect: ORM102
        sent += 1
    return sent
