import csv

from blog.models import Tweet


def export_tweets(path: str) -> int:
    count = 0
    with open(path, "w", newline="") as fh:
        writer = csv.writer(fh)
        for tweet in Tweet.select().order_by(Tweet.id):
            writer.writerow([tweet.id, tweet.user_id, tweet.content, tweet.likes])
            count += 1
    return count


def author_ids_with_content() -> list[tuple[int, str]]:
    rows = Tweet.select(Tweet.user, Tweet.content).dicts()
    return [(row["user"], row["content"]) for row in rows]
