from peewee import prefetch

from social.models import Tweet, User


def timeline(limit: int = 20) -> list[str]:
    query = Tweet.select(Tweet, User).join(User).order_by(Tweet.id.desc()).limit(limit)
    return [f"@{t.user.username}: {t.content}" for t in query]


def activity() -> None:
    for user in prefetch(User.select(), Tweet.select()):
        for tweet in user.tweets:
            print(user.username, tweet.content)


def author_ids() -> set[int]:
    return {t.user_id for t in Tweet.select()}


def rows() -> list[dict]:
    return [r for r in Tweet.select(Tweet.id, Tweet.content).dicts()]
