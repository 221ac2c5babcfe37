from sqlalchemy import select
from sqlalchemy.orm import Session

from store.models import Cart


def abandoned_carts(session: Session) -> tuple[list[tuple[str, int]], list[int]]:
    # SQL side of the hybrid: one query, no per-row load
    busy = session.execute(select(Cart.session_key, Cart.item_count).where(Cart.item_count > 0)).all()
    report = [(key, count) for key, count in busy]
    # Python side of the hybrid: reads Cart.items lazily for every cart
    empty = []
    for cart in session.scalars(select(Cart)):
        if cart.item_count == 0:  # expect: ORM101
            empty.append(cart.id)
    return report, empty
