from __future__ import annotations

from datetime import datetime, timedelta

from . import models
from .models import Favorite, Tweet


def weekly_digest(now: datetime | None = None) -> list[str]:
    since = (now or datetime.now()) - timedelta(days=7)
    lines = []
    with models.db.atomic():
        for tweet in Tweet.select().where(Tweet.created >= since):
            author = tweet.user  # expect: ORM101
            faved = Favorite.get_or_none(Favorite.tweet == tweet, Favorite.user == author)  # expect: ORM102
            lines.append(f"@{author.username}: {tweet.content}{' *' if faved else ''}")
    return lines


def staff_favourites() -> dict[str, int]:
    counts = {}
    for user in models.User.select().where(models.User.is_staff == True):  # noqa: E712
        counts[user.username] = user.favorites.count()  # expect: ORM101
    return counts
