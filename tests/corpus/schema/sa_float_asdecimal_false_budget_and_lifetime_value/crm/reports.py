from sqlalchemy import select
from sqlalchemy.engine import Connection

from crm.models import campaigns


def over_budget(conn: Connection, limit: float):
    return conn.execute(select(campaigns.c.name).where(campaigns.c.budget > limit)).scalars().all()
