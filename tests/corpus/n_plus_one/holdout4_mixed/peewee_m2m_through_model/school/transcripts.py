from school.models import Course, Student


def transcript_lines() -> list[str]:
    lines: list[str] = []
    for student in Student.select():
        codes = ", ".join(c.code for c in student.courses)  # expect: ORM101
        lines.append(f"{student.name}: {codes}")
    return lines


def roster(course_codes: list[str]) -> dict[str, list[str]]:
    out = {}
    for course in Course.select().where(Course.code.in_(course_codes)):
        out[course.code] = [s.name for s in course.students]  # expect: ORM101
    return out
