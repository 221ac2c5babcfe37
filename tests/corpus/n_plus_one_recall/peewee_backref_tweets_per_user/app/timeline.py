from app.models import User


def timelines() -> dict[str, list[str]]:
    out = {}
    for user in User.select().order_by(User.username):
        out[user.username] = [t.content for t in user.tweets]  # expect: ORM101
    return out
