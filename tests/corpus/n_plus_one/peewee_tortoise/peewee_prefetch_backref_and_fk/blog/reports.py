from peewee import prefetch

from blog.models import Tweet, User


def user_archive() -> dict[str, list[str]]:
    archive = {}
    users = prefetch(User.select().order_by(User.username), Tweet.select())
    for user in users:
        archive[user.username] = [t.content for t in user.tweets]
    return archive


def tweet_authors() -> list[str]:
    return [t.user.username for t in prefetch(Tweet.select(), User.select())]
