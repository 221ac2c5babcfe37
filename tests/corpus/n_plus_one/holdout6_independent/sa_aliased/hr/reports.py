from sqlalchemy.orm import aliased

from .models import Employee


def reporting_lines(session):
    Manager = aliased(Employee)
    rows = (
        session.query(Employee, Manager)
        .join(Manager, Employee.manager_id == Manager.id)
        .all()
    )
    out = []
    for emp, mgr in rows:
        out.append((emp.name, mgr.name, mgr.department.name))  # expect: ORM101
    return out
