from huey import crontab
from huey.contrib.djhuey import periodic_task

from social.queries import active_users_with_tweets, tweets_with_authors


@periodic_task(crontab(minute="0"))
def digest():
    per_user = {u.username: [t.content for t in u.tweets] for u in active_users_with_tweets()}
    lines = [f"{t.user.username}: {t.content[:40]}" for t in tweets_with_authors()]
    return per_user, lines
