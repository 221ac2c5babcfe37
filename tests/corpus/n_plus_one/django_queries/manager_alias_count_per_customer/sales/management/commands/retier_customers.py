from django.core.management.base import BaseCommand

from sales.models import Customer, Order


class Command(BaseCommand):
    help = "Recompute customer tiers from delivered order counts"

    def handle(self, *args, **options):
        orders = Order.objects
        changed = []
        for customer in Customer.objects.all():
            delivered = orders.filter(customer=customer, status="delivered").count()  # expect: ORM102
            tier = "gold" if delivered >= 20 else "standard"
            if tier != customer.tier:
                customer.tier = tier
                changed.append(customer)
        Customer.objects.bulk_update(changed, ["tier"])
        self.stdout.write(f"{len(changed)} customers re-tiered")
