from hr.models import Employee

BATCH = 200


def payment_lines():
    offset = 0
    lines = []
    while batch := list(Employee.objects.order_by("pk")[offset : offset + BATCH]):
        for emp in batch:
            lines.append((emp.person.iban, emp.salary_cents))  # expect: ORM101
        offset += BATCH
    return lines
