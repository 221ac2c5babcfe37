from sqlalchemy import select
from sqlalchemy.orm import Session

from crm.models import Customer


def mailing_list(session: Session) -> list[tuple[str, str]]:
    recipients = []
    for customer in session.scalars(select(Customer).order_by(Customer.name)):
        if customer.audit_entries:
            continue
        for contact in customer.contacts:
            recipients.append((customer.name, contact.email))
    return recipients
