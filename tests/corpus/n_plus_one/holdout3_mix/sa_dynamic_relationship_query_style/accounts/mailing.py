from accounts.models import Address, User


def mailing_list(session) -> list[str]:
    out = []
    for user in session.query(User).filter(User.active.is_(True)):
        primary = user.addresses.filter(Address.primary.is_(True)).first()  # expect: ORM101
        if primary is not None:
            out.append(f"{user.name} <{primary.email}>")
    return out


def address_total(session) -> int:
    users = session.query(User).all()
    return sum(u.addresses.count() for u in users)  # expect: ORM101
