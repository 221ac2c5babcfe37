import csv
import io

import sqlalchemy as sa
from sqlalchemy import orm

from hr.models import Employee

DIRECTORY_LOADERS = [
    orm.joinedload(Employee.department),
    orm.joinedload(Employee.manager),
    orm.selectinload(Employee.skills),
]


def directory_csv(db: orm.Session) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf)
    stmt = sa.select(Employee).options(*DIRECTORY_LOADERS).order_by(Employee.full_name)
    for emp in db.scalars(stmt).unique():
        boss = emp.manager.full_name if emp.manager else ""
        writer.writerow([
            emp.full_name,
            emp.department.title,
            boss,
            ";".join(s.label for s in emp.skills),
        ])
    return buf.getvalue()
