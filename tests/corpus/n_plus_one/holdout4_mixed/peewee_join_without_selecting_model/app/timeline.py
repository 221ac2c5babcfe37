from .models import Tweet, User


def active_timeline(limit: int = 50) -> list[str]:
    # The join only filters: User's columns are not selected, so tweet.user is not populated.
    query = (Tweet
             .select()
             .join(User)
             .where(User.active == True)  # noqa: E712
             .order_by(Tweet.id.desc())
             .limit(limit))
    lines = []
    for tweet in query:
        lines.append(f"@{tweet.user.handle}: {tweet.content}")  # expect: ORM101
    return lines


def active_timeline_fast(limit: int = 50) -> list[str]:
    query = (Tweet
             .select(Tweet, User)
             .join(User)
             .where(User.active == True)  # noqa: E712
             .limit(limit))
    return [f"@{t.user.handle}: {t.content}" for t in query]
