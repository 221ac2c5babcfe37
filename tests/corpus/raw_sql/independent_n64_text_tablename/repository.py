from sqlalchemy import text
from models import User


def count_in_org(session, org_id):
    return session.execute(
        text(f"SELECT count(*) FROM {User.__tablename__} WHERE org_id = :org"), {"org": org_id}
    ).scalar_one()
