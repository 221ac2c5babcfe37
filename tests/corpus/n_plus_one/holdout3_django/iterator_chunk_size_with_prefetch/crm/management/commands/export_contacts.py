import json

from django.core.management.base import BaseCommand

from crm.models import Account

CHUNK = 1000


class Command(BaseCommand):
    help = "Dump active accounts with their contacts as JSON lines"

    def handle(self, *args, **options):
        accounts = Account.objects.filter(active=True).prefetch_related("contacts")
        for account in accounts.iterator(chunk_size=CHUNK):
            emails = [c.email for c in account.contacts.all()]
            self.stdout.write(json.dumps({"account": account.name, "emails": emails}))
