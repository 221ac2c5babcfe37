from hr.models import Employee


def manager_departments() -> dict[str, str]:
    result: dict[str, str] = {}
    for emp in Employee.objects.select_related("manager"):
        if emp.manager is None:
            continue
        dept = emp.manager.department  # expect: ORM101
        result[emp.name] = dept.name if dept else "-"
    return result
