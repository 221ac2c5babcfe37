from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from subscriptions.models import Subscription


class Command(BaseCommand):
    help = "Mark subscriptions past their grace period as expired"

    def handle(self, *args, **options):
        now = timezone.now()
        candidates = Subscription.objects.filter(status=Subscription.ACTIVE, ends_at__lt=now).select_related("plan")
        expired = 0
        for sub in candidates:
            if sub.ends_at + timedelta(days=sub.plan.grace_days) > now:
                continue
            sub.status = Subscription.EXPIRED
            sub.save(update_fields=["status"])  # expect: ORM102
            expired += 1
        self.stdout.write(f"expired {expired}")
