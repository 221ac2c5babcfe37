from django.db import transaction
from django.utils import timezone

from audit.models import AuditEntry
from billing.models import Invoice


@transaction.atomic
def send_drafts() -> int:
    now = timezone.now()
    sent = 0
    for invoice in Invoice.objects.select_for_update().filter(status="draft"):
        invoice.status = "sent"
        invoice.sent_at = now
        invoice.save(update_fields=["status", "sent_at"])  # expect: ORM102
        AuditEntry.objects.create(action="invoice.sent", object_ref=invoice.number)
        sent += 1
    return sent
