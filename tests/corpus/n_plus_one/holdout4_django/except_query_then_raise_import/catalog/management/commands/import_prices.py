import csv
from decimal import Decimal, InvalidOperation

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from catalog.models import ImportRun, PriceRow, Supplier


class Command(BaseCommand):
    help = "Import a supplier price list (CSV: supplier,sku,price)"

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, *args, path, **options):
        run = ImportRun.objects.create()
        suppliers = {s.code: s for s in Supplier.objects.all()}
        pending: list[PriceRow] = []
        with open(path, newline="") as fh:
            for lineno, row in enumerate(csv.DictReader(fh), start=2):
                try:
                    supplier = suppliers[row["supplier"].strip()]
                    price = Decimal(row["price"])
                except (KeyError, InvalidOperation) as exc:
                    # Abort on the first bad line: this runs at most once.
                    failed = ImportRun.objects.get(pk=run.pk)
                    failed.status = ImportRun.FAILED
                    failed.error = f"line {lineno}: {exc!r}"
                    failed.save(update_fields=["status", "error"])
                    raise CommandError(failed.error) from exc
                pending.append(PriceRow(run=run, supplier=supplier, sku=row["sku"], price=price))
        with transaction.atomic():
            PriceRow.objects.bulk_create(pending, batch_size=1000)
            ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.DONE)
        self.stdout.write(f"imported {len(pending)} rows")
