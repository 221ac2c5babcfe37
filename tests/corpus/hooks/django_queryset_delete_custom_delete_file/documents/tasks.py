from celery import shared_task
from django.utils import timezone

from documents.models import Document


@shared_task
def purge_expired_documents() -> int:
    deleted, _ = Document.objects.filter(expires_at__lt=timezone.now()).delete()  # expect: ORM401
    return deleted
