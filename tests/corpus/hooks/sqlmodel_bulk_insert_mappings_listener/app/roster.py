from sqlmodel import Session

from app.models import Hero


def add_heroes(session: Session, names: list[str]) -> None:
    session.bulk_insert_mappings(Hero, [{"name": n} for n in names])  # expect: ORM401
    session.commit()
