from sqlalchemy import select
from sqlalchemy.orm import Session, defaultload

from forum.models import Board, Thread


def reply_counts(s: Session) -> dict[str, int]:
    # defaultload keeps Board.threads lazy; only Thread.replies is selectin-loaded
    # (once per lazily loaded threads collection).
    stmt = select(Board).options(defaultload(Board.threads).selectinload(Thread.replies))
    counts: dict[str, int] = {}
    for board in s.scalars(stmt):
        total = 0
        for thread in board.threads:  # expect: ORM101
            total += len(thread.replies)
        counts[board.slug] = total
    return counts
