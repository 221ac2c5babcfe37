from .models import Customer


def premium_customers():
    return Customer.objects.filter(tier="premium").only("id", "name")
