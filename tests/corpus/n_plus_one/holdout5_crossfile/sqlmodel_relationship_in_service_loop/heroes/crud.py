from sqlmodel import Session, select

from .heroes import Hero as H


def list_heroes(session: Session) -> list[H]:
    return session.exec(select(H).order_by(H.name)).all()
