from sqlalchemy import update
from sqlalchemy.orm import Session

from docs.models import Page


def archive_pages(session: Session, page_ids: list[int]) -> None:
    session.execute(update(Page).where(Page.id.in_(page_ids)).values(status="archived"))  # expect: ORM401
    session.commit()
