from blog.database import db
from blog.models import Tweet, User


def mention_targets(handles: list[str]) -> list[User]:
    found = []
    for handle in handles:
        user = User.get_or_none(User.username == handle.lstrip("@"))  # expect: ORM102
        if user is not None:
            found.append(user)
    return found


def like_tweets(tweet_ids: list[int]) -> None:
    with db.atomic():
        for tweet_id in tweet_ids:
            tweet = Tweet.get_by_id(tweet_id)  # expect: ORM102
            tweet.likes += 1
            tweet.save()


def authors_of(tweet_ids: list[int]) -> list[str]:
    return [User.get(User.id == Tweet.get(Tweet.id == tid).user_id).username for tid in tweet_ids]  # expect: ORM102
