import os

from billing.repository import InvoiceRepository


def handle_statement_request(event: dict) -> list[dict]:
    repo = InvoiceRepository(os.environ["BILLING_DSN"])
    try:
        return repo.by_customer(event["customer_ref"])
    finally:
        repo.close()
