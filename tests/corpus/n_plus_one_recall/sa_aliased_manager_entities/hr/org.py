from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from hr.models import Employee


def managers_with_department(session: Session) -> list[tuple[str, str]]:
    Manager = aliased(Employee)
    stmt = select(Manager).join(Employee, Employee.manager_id == Manager.id).distinct().order_by(Manager.name)
    result = []
    for manager in session.scalars(stmt):
        result.append((manager.name, manager.department.name))  # expect: ORM101
    return result
