import csv
import io

from sqlalchemy.orm import Session

from accounts.repositories import UserRepository


def export_customers(session: Session) -> str:
    repo = UserRepository(session)
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["id", "email", "name"])
    for user in repo.list():
        writer.writerow([user.id, user.email, user.profile.display_name])  # expect: ORM101
    return buf.getvalue()
