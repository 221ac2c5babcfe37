import json

from blog.database import db
from blog.models import Tweet, User


def _author_for(handle: str) -> User:
    user = User.get_or_none(User.username == handle)
    if user is None:
        user = User.create(username=handle, email=f"{handle}@example.invalid")
    return user


def import_archive(path: str) -> int:
    with open(path) as fh:
        records = json.load(fh)
    rows = []
    with db.atomic():
        for record in records:
            author = _author_for(record["handle"])  # expect: ORM102
            rows.append({"user": author.id, "content": record["text"]})
        Tweet.insert_many(rows).execute()
    return len(rows)
