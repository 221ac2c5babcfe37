import logging

from tortoise.transactions import in_transaction

from billing.models import Invoice, InvoiceItem, Product

log = logging.getLogger(__name__)


async def flag_vip_invoices(numbers: list[str]) -> int:
    flagged = 0
    for invoice in await Invoice.filter(number__in=numbers):
        customer = await invoice.customer  # expect: ORM101
        if customer.vip:
            flagged += 1
    return flagged


async def restock(lines: list[dict]) -> None:
    async with in_transaction():
        for line in lines:
            product = await Product.get(sku=line["sku"])  # expect: ORM102
            log.info("restocking %s x%s", product.sku, line["qty"])


async def item_skus(invoice_id: int) -> list[str]:
    items = await InvoiceItem.filter(invoice_id=invoice_id)
    skus = []
    for item in items:
        await item.fetch_related("product")  # expect: ORM101
        skus.append(item.product.sku)
    return skus
