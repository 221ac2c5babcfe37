import csv

from django.core.management.base import BaseCommand
from django.db import transaction

from shop.models import Product


class Command(BaseCommand):
    help = "Sync stock levels from a warehouse CSV"

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, *args, path, **options):
        with open(path, newline="") as fh:
            rows = {r["sku"]: int(r["qty"]) for r in csv.DictReader(fh)}
        products = Product.objects.in_bulk(list(rows), field_name="sku")
        changed = []
        for sku, qty in rows.items():
            product = products.get(sku)
            if product is None or product.stock == qty:
                continue
            product.stock = qty
            changed.append(product)
        with transaction.atomic():
            Product.objects.bulk_update(changed, ["stock"], batch_size=500)
        self.stdout.write(f"updated {len(changed)}")
