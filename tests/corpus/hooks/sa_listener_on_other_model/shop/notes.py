from sqlalchemy import insert, update
from sqlalchemy.orm import Session

from shop.models import OrderNote


def add_notes(session: Session, order_id: int, texts: list[str]) -> None:
    session.execute(insert(OrderNote), [{"order_id": order_id, "text": t} for t in texts])
    session.execute(update(OrderNote).where(OrderNote.text == "").values(text="(empty)"))
    session.commit()
