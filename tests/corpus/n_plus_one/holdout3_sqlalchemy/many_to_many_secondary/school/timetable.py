from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from school.models import Course, Student


def course_codes_per_student(session: Session) -> dict[str, list[str]]:
    result = {}
    for student in session.scalars(select(Student).order_by(Student.name)):
        result[student.name] = sorted(c.code for c in student.courses)  # expect: ORM101
    return result


def class_sizes(session: Session) -> dict[str, int]:
    courses = session.scalars(select(Course).options(selectinload(Course.students))).all()
    return {course.code: len(course.students) for course in courses}


def roster(session: Session) -> list[str]:
    out = []
    for course in session.scalars(select(Course)).all():
        names = ", ".join(s.name for s in course.students)  # expect: ORM101
        out.append(f"{course.code}: {names}")
    return out
