import json

from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import get_object_or_404

from documents.broker import channel
from documents.models import Document


@transaction.atomic
def approve(request, pk: int):
    document = get_object_or_404(Document, pk=pk)
    document.status = "approved"
    document.save(update_fields=["status"])
    channel().basic_publish(exchange="documents", routing_key="approved", body=json.dumps({"id": pk}))  # expect: ORM303
    return JsonResponse({"status": document.status})
