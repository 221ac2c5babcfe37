from collections import defaultdict
from decimal import Decimal

from crm.models import Account, Deal


def deals_as_dicts() -> list[dict]:
    rows = Deal.select().dicts()
    # "account" is the raw foreign-key value in a dict row
    return [{"account_id": row["account"], "amount": str(row["amount"])} for row in rows]


def totals_by_region() -> dict[str, Decimal]:
    totals: dict[str, Decimal] = defaultdict(Decimal)
    query = Deal.select(Deal.amount, Account.region).join(Account).tuples()
    for amount, region in query:
        totals[region] += amount
    return dict(totals)


def flat_deals() -> list[str]:
    # .objects() puts the joined Account columns straight onto each Deal
    query = Deal.select(Deal.owner, Account.name, Account.region).join(Account).objects()
    return [f"{deal.owner} / {deal.name} ({deal.region})" for deal in query]


def open_deal_accounts() -> list[str]:
    query = Account.select(Account.name).join(Deal).where(Deal.closed_on.is_null()).distinct().namedtuples()
    return [row.name for row in query]
