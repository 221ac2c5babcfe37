from peewee import prefetch

from forum import models as m


def board_index(board_id: int) -> dict:
    threads = m.Thread.select().where(m.Thread.board == board_id)
    replies = m.Reply.select().order_by(m.Reply.id)
    payload = []
    for thread in prefetch(threads, replies):
        payload.append({
            "subject": thread.subject,
            "reply_count": len(thread.replies),
            "preview": [r.body[:80] for r in thread.replies[:3]],
            "board_id": thread.board_id,
        })
    return {"threads": payload}


def boards_overview() -> list[tuple[str, int]]:
    boards = prefetch(m.Board.select(), m.Thread.select().where(m.Thread.pinned == True))  # noqa: E712
    result = []
    for board in boards:
        for thread in board.threads:
            result.append((board.name, thread.subject, thread.board.name))
    return result
