from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload, with_loader_criteria

from forum.models import Reply, Thread

NOT_DELETED = with_loader_criteria(Reply, Reply.deleted_at.is_(None), include_aliases=True)


def thread_digest(session: Session) -> list[tuple[str, int]]:
    stmt = select(Thread).options(selectinload(Thread.replies), NOT_DELETED)
    return [(t.subject, len(t.replies)) for t in session.scalars(stmt)]


def thread_digest_unloaded(session: Session) -> list[tuple[str, int]]:
    stmt = select(Thread).options(with_loader_criteria(Reply, Reply.deleted_at.is_(None)))
    digest = []
    for thread in session.scalars(stmt).all():
        digest.append((thread.subject, len(thread.replies)))  # expect: ORM101
    return digest
