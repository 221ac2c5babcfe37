from peewee import prefetch

from social.models import Favorite, Tweet, User


def timeline_dicts(limit: int = 50) -> list[str]:
    query = (Tweet
             .select(Tweet.content, Tweet.user, User.username)
             .join(User)
             .order_by(Tweet.created.desc())
             .limit(limit)
             .dicts())
    # in .dicts() rows, "user" is the raw FK value
    return [f"{row['username']} (#{row['user']}): {row['content']}" for row in query]


def favorite_pairs() -> list[tuple[int, int]]:
    return [(user, tweet) for user, tweet in Favorite.select(Favorite.user, Favorite.tweet).tuples()]


def staff_tweets() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    users = User.select().where(User.is_staff == True)  # noqa: E712
    for user in prefetch(users, Tweet.select()):
        out[user.username] = [t.content for t in user.tweets]
    return out


def joined_feed() -> list[str]:
    feed = []
    for tweet in Tweet.select(Tweet, User).join(User).order_by(Tweet.id):
        feed.append(f"{tweet.user.username}: {tweet.content} [{tweet.user_id}]")
    return feed
