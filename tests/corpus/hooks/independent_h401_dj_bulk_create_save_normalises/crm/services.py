import csv

from crm.models import Customer


def import_customers(fileobj):
    reader = csv.DictReader(fileobj)
    batch = [Customer(email=row["email"], name=row["name"]) for row in reader]
    Customer.objects.bulk_create(batch, batch_size=500)  # expect: ORM401
    return len(batch)
