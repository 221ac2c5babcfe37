from django.core.management.base import BaseCommand

from crm.models import Contact


class Command(BaseCommand):
    help = "Push opted-in contacts to the newsletter provider"

    def handle(self, *args, **options):
        batch: list[dict] = []
        contacts = Contact.objects.filter(opted_in=True).prefetch_related("notes")
        for contact in contacts.iterator(chunk_size=2000):
            batch.append({
                "email": contact.email,
                "company": contact.company.name,  # expect: ORM101
                "notes": len(contact.notes.all()),
            })
        self.stdout.write(f"{len(batch)} contacts ready")
