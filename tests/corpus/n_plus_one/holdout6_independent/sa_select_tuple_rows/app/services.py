from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import Address, User


def labels(session: Session) -> list[str]:
    stmt = select(User, Address).join(User.addresses).order_by(User.name)
    out = []
    for user, addr in session.execute(stmt):
        out.append(f"{user.name}: {addr.street}, {addr.country.name}")  # expect: ORM101
    return out
