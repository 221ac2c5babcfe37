from sqlalchemy import select
from sqlalchemy.orm import Session

from forum import models as m


def index_page(session: Session) -> list[dict]:
    page = []
    for board in session.scalars(select(m.Board).order_by(m.Board.title)):
        page.append({"board": board.title, "threads": [t.subject for t in board.threads]})
    return page


def thread_list(session: Session, board_id: int) -> list[str]:
    threads = session.scalars(select(m.Thread).where(m.Thread.board_id == board_id)).unique()
    lines = []
    for t in threads:
        last = t.replies[-1].text if t.replies else ""
        lines.append(f"[{t.board.title}] {t.subject} by {t.starter.nick}: {last}")
    return lines
