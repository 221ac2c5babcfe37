from decimal import Decimal

from sales.models import Quote, QuoteLine


def reprice_quote(quote_id: int) -> Decimal:
    quote = Quote.objects.select_related("currency").get(pk=quote_id)
    lines = list(QuoteLine.objects.filter(quote_id=quote.pk).order_by("pk"))
    grand = Decimal(0)
    for line in lines:
        line.quote = quote  # reuse the instance we already hold: no per-line SELECT
        factor = 1 - line.quote.discount_pct / 100
        exp = Decimal(1).scaleb(-line.quote.currency.decimals)
        line.line_total = (line.unit_price * line.quantity * factor).quantize(exp)
        grand += line.line_total
    QuoteLine.objects.bulk_update(lines, ["line_total"], batch_size=500)
    return grand
