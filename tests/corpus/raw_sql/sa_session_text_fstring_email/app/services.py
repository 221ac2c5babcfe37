from sqlalchemy import text
from sqlalchemy.orm import Session


def deactivate_by_email(session: Session, email: str) -> int:
    result = session.execute(text(f"UPDATE users SET active = false WHERE email = '{email}'"))  # expect: ORM201
    session.commit()
    return result.rowcount


def find_by_email(session: Session, email: str):
    return session.execute(text("SELECT id, email FROM users WHERE email = :email"), {"email": email}).first()
