from peewee import prefetch

from app.models import Tweet, User


def timelines() -> dict[str, list[str]]:
    out = {}
    for user in prefetch(User.select().order_by(User.username), Tweet.select()):
        out[user.username] = [t.content for t in user.tweets]
    return out


def authors() -> list[str]:
    return [t.user.username for t in Tweet.select(Tweet, User).join(User)]
