import csv

from django.core.management.base import BaseCommand

from crm.models import Customer, Region


class Command(BaseCommand):
    help = "Import customers from the nightly ERP export"

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, *args, **options):
        created_count = 0
        with open(options["path"], newline="") as fh:
            for row in csv.DictReader(fh):
                region = Region.objects.filter(code=row["region"]).first()  # expect: ORM102
                _, created = Customer.objects.update_or_create(
                    external_id=row["id"],
                    defaults={"name": row["name"], "email": row["email"], "region": region},
                )
                created_count += int(created)
        self.stdout.write(self.style.SUCCESS(f"{created_count} new customers"))
