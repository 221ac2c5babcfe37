from crm.models import Account, Deal


def weekly_digest() -> list[str]:
    # Account is selected, but .objects() flattens its columns onto Deal instead of
    # populating deal.account, so the relation is fetched again for every row.
    query = (Deal
             .select(Deal, Account)
             .join(Account)
             .where(Deal.closed_on.is_null())
             .objects())
    lines = []
    for deal in query:
        lines.append(f"{deal.owner}: {deal.name}")
        lines.append(f"  region={deal.account.region}")  # expect: ORM101
    return lines
