from django.core.mail import send_mail
from django.core.management.base import BaseCommand

from billing.models import Invoice


class Command(BaseCommand):
    def add_arguments(self, parser):
        parser.add_argument("--chunk", type=int, default=500)

    def handle(self, *args, chunk: int = 500, **options):
        unpaid = Invoice.objects.filter(paid=False).only("number", "customer")
        for inv in unpaid.iterator(chunk_size=chunk):
            send_mail(
                subject=f"Invoice {inv.number} is overdue",
                message="Please pay.",
                from_email=None,
                recipient_list=[inv.customer.email],  # expect: ORM101
            )
