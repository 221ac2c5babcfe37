from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import Department, Employee


def headcount(session: Session) -> dict[str, int]:
    departments = session.scalars(select(Department)).all()
    counts = {d.name: 0 for d in departments}
    for emp in session.scalars(select(Employee)):
        dept = session.get(Department, emp.department_id)
        counts[dept.name] += 1
    return counts
