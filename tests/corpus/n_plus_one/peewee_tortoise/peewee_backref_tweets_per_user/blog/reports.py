from blog.models import User


def likes_per_user() -> dict[str, int]:
    totals = {}
    for user in User.select().order_by(User.username):
        total = 0
        for tweet in user.tweets:  # expect: ORM101
            total += tweet.likes
        totals[user.username] = total
    return totals


def latest_by_user() -> list[tuple[str, int]]:
    return [(u.username, u.tweets.count()) for u in User.select()]  # expect: ORM101
