from . import queries


def timeline(limit: int = 20) -> list[dict]:
    items = []
    for tw in queries.latest(limit):
        items.append({
            "author_id": tw.user_id,
            "author": tw.user.username,  # expect: ORM101
            "text": tw.content,
        })
    return items
