from typing import Optional

from hr.models import Employee


def _dept_name(emp: Optional[Employee]) -> str:
    if emp is None or emp.department is None:
        return "-"
    return emp.department.name


def org_rows() -> list[tuple[str, str, str]]:
    qs = Employee.objects.select_related("department", "manager__department")
    rows = []
    for emp in qs:
        boss = emp.manager
        rows.append((emp.name, boss.name if boss else "-", _dept_name(boss)))
        if emp.department is not None:
            rows.append((emp.name, "", emp.department.name))
    return rows
