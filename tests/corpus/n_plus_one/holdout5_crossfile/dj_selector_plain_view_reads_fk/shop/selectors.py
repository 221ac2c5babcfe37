from __future__ import annotations

from django.db.models import QuerySet

from .models import Order as O


def orders_with_status(status: str) -> QuerySet[O]:
    return O.objects.filter(status=status).order_by("-created")
