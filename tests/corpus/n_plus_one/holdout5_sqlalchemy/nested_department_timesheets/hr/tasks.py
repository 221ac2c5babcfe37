import datetime as dt

import sqlalchemy as sa
from celery import shared_task

from hr.models import Department, Timesheet
from hr.session import SessionLocal


@shared_task
def weekly_hours_report(week_start: str) -> dict[str, dict[str, int]]:
    start = dt.date.fromisoformat(week_start)
    end = start + dt.timedelta(days=7)
    report: dict[str, dict[str, int]] = {}
    with SessionLocal() as sess:
        for dept in sess.scalars(sa.select(Department)).all():
            per_emp = report.setdefault(dept.name, {})
            for emp in dept.employees:  # expect: ORM101
                total = sess.execute(  # expect: ORM102
                    sa.select(sa.func.sum(Timesheet.hours)).where(
                        Timesheet.employee_id == emp.id,
                        Timesheet.day.between(start, end),
                    )
                ).scalar_one_or_none()
                per_emp[emp.full_name] = total or 0
    return report
