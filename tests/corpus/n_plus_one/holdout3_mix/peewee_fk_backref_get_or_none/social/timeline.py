from social.models import Favorite, Tweet, User


def timeline(limit: int = 20) -> list[str]:
    query = Tweet.select().order_by(Tweet.id.desc()).limit(limit)
    return [f"@{t.user.username}: {t.content}" for t in query]  # expect: ORM101


def self_favorites() -> list[tuple[str, int]]:
    found = []
    for user in User.select():
        for tweet in user.tweets:  # expect: ORM101
            fav = Favorite.get_or_none(Favorite.user == user, Favorite.tweet == tweet)  # expect: ORM102
            if fav is not None:
                found.append((user.username, tweet.id))
    return found
