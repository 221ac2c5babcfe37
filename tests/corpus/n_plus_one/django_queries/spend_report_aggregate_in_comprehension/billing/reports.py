from django.db.models import Sum

from billing.models import Account, Invoice


def outstanding_by_account():
    accounts = Account.objects.filter(is_active=True).order_by("name")
    return {
        account.name: Invoice.objects.filter(account=account, paid=False).aggregate(  # expect: ORM102
            total=Sum("amount")
        )["total"]
        for account in accounts
    }


def accounts_with_unpaid(accounts):
    return [a.pk for a in accounts if Invoice.objects.filter(account_id=a.pk, paid=False).exists()]  # expect: ORM102
