from sqlalchemy import select
from sqlalchemy.orm import Session

from taxonomy.models import Category


def breadcrumb_table(session: Session) -> dict[int, str]:
    """The whole (small) taxonomy is loaded at once; every parent is then in the identity map."""
    everything = session.scalars(select(Category)).all()
    crumbs = {}
    for cat in everything:
        parts = [cat.name]
        node = cat
        while node.parent is not None:
            node = node.parent
            parts.append(node.name)
        crumbs[cat.id] = " > ".join(reversed(parts))
    return crumbs
