from django.db import transaction

from crm.models import Client
from billing.models import Quote


def recalc_quotes(quote_ids: list[int]) -> int:
    quotes = list(Quote.objects.filter(pk__in=quote_ids))
    clients = Client.objects.in_bulk({q.client_id for q in quotes})
    for q in quotes:
        pct = clients[q.client_id].discount_pct
        q.net_cents = q.gross_cents * (100 - pct) // 100
    with transaction.atomic():
        Quote.objects.bulk_update(quotes, ["net_cents"], batch_size=500)
    return len(quotes)
