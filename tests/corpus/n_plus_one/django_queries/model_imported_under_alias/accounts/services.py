from django.contrib.auth import get_user_model

from billing.models import Invoice as Inv

User = get_user_model()


def users_to_suspend():
    suspend = []
    for user in User.objects.filter(is_active=True).only("pk", "email"):
        if Inv.objects.filter(user=user, overdue=True).exists():  # expect: ORM102
            suspend.append(user.email)
    return suspend
