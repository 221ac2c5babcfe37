import logging

from documents import selectors as s

log = logging.getLogger(__name__)


def owners_report() -> list[str]:
    out = []
    for doc in s.active_documents():
        out.append(f"{doc.title} by {doc.owner.username}")  # expect: ORM101
    log.info("report with %d rows", len(out))
    return out
