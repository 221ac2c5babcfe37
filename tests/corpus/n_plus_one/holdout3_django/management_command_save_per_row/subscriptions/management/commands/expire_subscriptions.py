import datetime as dt

from django.core.management.base import BaseCommand

from subscriptions.models import Subscription


class Command(BaseCommand):
    help = "Mark expired subscriptions"

    def handle(self, *args, **opts):
        today = dt.date.today()
        changed = 0
        for sub in Subscription.objects.all():
            if sub.expires < today and sub.status != "expired":
                sub.status = "expired"
                sub.save(update_fields=["status"])  # expect: ORM102
                changed += 1
        self.stdout.write(self.style.SUCCESS(f"{changed} expired"))
