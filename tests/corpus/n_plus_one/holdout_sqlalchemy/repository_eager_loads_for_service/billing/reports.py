from sqlalchemy.orm import Session

from accounts.repositories import UserRepository

HEADER = ("email", "display_name", "orders")


def summary_rows(session: Session) -> list[tuple]:
    rows = [HEADER]
    for user in UserRepository(session).list_with_orders():
        rows.append((user.email, user.profile.display_name, len(user.orders)))
    return rows
