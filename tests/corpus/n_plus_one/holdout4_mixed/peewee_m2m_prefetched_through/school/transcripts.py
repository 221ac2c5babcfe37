from peewee import prefetch

from school.models import Course, Enrollment, Student


def transcript_lines() -> list[str]:
    # Prefetching through the junction model fills student.enrollments; the
    # many-to-many accessor then answers from it without querying.
    students = prefetch(Student.select(), Enrollment.select(), Course.select())
    lines: list[str] = []
    for student in students:
        codes = ", ".join(c.code for c in student.courses)
        grades = [e.grade or "-" for e in student.enrollments]
        lines.append(f"{student.name}: {codes} [{' '.join(grades)}]")
    return lines


def grade_sheet(course_id: int) -> list[tuple[str, str]]:
    query = (Enrollment
             .select(Enrollment, Student)
             .join(Student)
             .where(Enrollment.course == course_id))
    return [(e.student.name, e.grade or "") for e in query]
