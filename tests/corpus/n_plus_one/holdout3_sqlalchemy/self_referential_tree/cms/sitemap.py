from sqlalchemy import select
from sqlalchemy.orm import Session

from cms.models import Page


def sitemap(session: Session) -> list[str]:
    urls: list[str] = []
    roots = session.scalars(select(Page).where(Page.parent_id.is_(None)))
    for root in roots:
        urls.append(f"/{root.slug}/")
        for child in root.children:  # expect: ORM101
            urls.append(f"/{root.slug}/{child.slug}/")
            for grandchild in child.children:  # expect: ORM101
                urls.append(f"/{root.slug}/{child.slug}/{grandchild.slug}/")
    return urls
