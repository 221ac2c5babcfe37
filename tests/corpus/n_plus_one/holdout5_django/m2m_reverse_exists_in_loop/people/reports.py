from courses.models import Course, Student


def unenrolled_students() -> list[str]:
    names = []
    for s in Student.objects.all():
        if not s.courses.exists():  # expect: ORM101
            names.append(s.name)
    return names


def course_sizes() -> dict[str, int]:
    sizes = {}
    for course in Course.objects.all():
        if (n := Student.objects.filter(courses=course).count()) > 0:  # expect: ORM102
            sizes[course.code] = n
    return sizes
