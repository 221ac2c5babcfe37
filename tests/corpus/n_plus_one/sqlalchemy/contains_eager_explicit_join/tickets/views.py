from sqlalchemy import select
from sqlalchemy.orm import Session, contains_eager

from tickets.models import Agent, Comment, Ticket


def on_call_queue(session: Session) -> list[str]:
    stmt = (
        select(Ticket)
        .join(Ticket.assignee)
        .where(Ticket.status == "open", Agent.on_call.is_(True))
        .options(contains_eager(Ticket.assignee))
    )
    return [f"#{t.id} {t.subject} -> {t.assignee.name}" for t in session.scalars(stmt)]


def ticket_threads(session: Session) -> dict[int, list[str]]:
    stmt = (
        select(Ticket)
        .outerjoin(Ticket.comments)
        .options(contains_eager(Ticket.comments))
        .order_by(Ticket.id, Comment.id)
    )
    threads = {}
    for ticket in session.scalars(stmt).unique():
        threads[ticket.id] = [c.text for c in ticket.comments]
    return threads
