from crm.models import Contact


def contact_rows():
    rows = []
    for contact in Contact.objects.order_by("last_name"):
        rows.append([contact.full_name, contact.company_name, contact.owner, contact.company_id])
    return rows
