import datetime as dt

from django.core.management.base import BaseCommand
from django.db import transaction

from subscriptions.models import Subscription

BATCH = 500


class Command(BaseCommand):
    help = "Mark expired subscriptions"

    def handle(self, *args, **opts):
        today = dt.date.today()
        stale = []
        for sub in Subscription.objects.filter(expires__lt=today).exclude(status="expired"):
            sub.status = "expired"
            stale.append(sub)
        with transaction.atomic():
            Subscription.objects.bulk_update(stale, ["status"], batch_size=BATCH)
        self.stdout.write(f"{len(stale)} expired")
