import logging

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User

log = logging.getLogger(__name__)


def total_points_for_staff() -> int:
    staff = User.objects.filter(is_staff=True)
    total = sum(u.profile.points for u in staff)  # expect: ORM101
    log.info("staff points: %s", total)
    return total


def countries_of_active_users() -> list[str]:
    qs = User.objects.filter(is_active=True).only("id", "username")
    return sorted({u.profile.country for u in qs if u.username})  # expect: ORM101
