from school.models import Course


def course_durations():
    durations = {}
    for course in Course.objects.prefetch_related("lesson_set"):
        durations[course.name] = sum(lesson.minutes for lesson in course.lesson_set.all())
    return durations
