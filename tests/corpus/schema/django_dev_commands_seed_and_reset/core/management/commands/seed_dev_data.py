from django.core.management import call_command
from django.core.management.base import BaseCommand

from core.models import Customer


class Command(BaseCommand):
    help = "Wipe the local database and fill it with demo customers (development only)"

    def handle(self, *args, **options):
        call_command("flush", interactive=False)
        call_command("migrate", interactive=False)
        Customer.objects.bulk_create(Customer(name=f"Demo {i}") for i in range(50))
