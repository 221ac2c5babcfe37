from datetime import timedelta

from django.apps import apps
from django.core.management.base import BaseCommand
from django.utils import timezone

from core.models import SoftDeleteModel

RETENTION_DAYS = 30


class Command(BaseCommand):
    help = "Hard-delete rows soft-deleted more than RETENTION_DAYS ago, one statement per table"

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, dry_run=False, **options):
        cutoff = timezone.now() - timedelta(days=RETENTION_DAYS)
        total = 0
        # One set-based statement per concrete model: bounded by the schema, not by rows.
        for model in apps.get_models():
            if not issubclass(model, SoftDeleteModel) or model._meta.proxy:
                continue
            stale = model._default_manager.filter(deleted_at__lt=cutoff)
            if dry_run:
                n = stale.count()
            else:
                n, _ = stale.delete()
            total += n
            self.stdout.write(f"{model._meta.label}: {n}")
        self.stdout.write(self.style.SUCCESS(f"total {total}"))
