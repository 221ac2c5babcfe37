from django.contrib.auth.decorators import login_required
from django.http import HttpResponse

from .models import Attendance


@login_required
def attendance_csv(request, event_id: int):
    rows = Attendance.objects.filter(event_id=event_id).select_related("user", "event")
    lines = [f"{a.event.title},{a.user.username},{a.status}" for a in rows]
    return HttpResponse("\n".join(lines), content_type="text/csv")
