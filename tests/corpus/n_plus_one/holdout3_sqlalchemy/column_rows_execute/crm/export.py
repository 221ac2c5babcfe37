import sqlalchemy as sa
from sqlalchemy.orm import Session

from crm.models import Company, Person


def people_rows(db: Session) -> list[dict]:
    stmt = (
        sa.select(Person.id, Person.name, Company.name.label("company"))
        .join(Person.company)
        .order_by(Person.name)
    )
    return [{"id": row.id, "name": row.name, "company": row.company} for row in db.execute(stmt)]


def company_names(db: Session) -> list[str]:
    return [name.upper() for (cid, name) in db.execute(sa.select(Company.id, Company.name))]


def people_ids_by_company(db: Session) -> dict[int, list[int]]:
    grouped: dict[int, list[int]] = {}
    for pid, company_id in db.execute(sa.select(Person.id, Person.company_id)):
        grouped.setdefault(company_id, []).append(pid)
    return grouped
