from peewee import prefetch

from social import posts, users


def active_users_with_tweets():
    return prefetch(users.User.select().where(users.User.active == True), posts.Tweet)  # noqa: E712


def tweets_with_authors():
    return (
        posts.Tweet.select(posts.Tweet, users.User)
        .join(users.User)
        .order_by(posts.Tweet.created.desc())
    )
