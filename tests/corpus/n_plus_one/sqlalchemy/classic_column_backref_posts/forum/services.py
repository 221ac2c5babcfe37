from sqlalchemy.orm import Session

from forum.models import User


def leaderboard(session: Session) -> list[tuple[str, int]]:
    rows = []
    users = session.query(User).order_by(User.username).all()
    for user in users:
        count = len(user.posts)  # expect: ORM101
        if count:
            rows.append((user.username, count))
    rows.sort(key=lambda r: r[1], reverse=True)
    return rows
