from django.core.mail import send_mail

from jobs.models import Task


def remind_open_tasks():
    pending = list(Task.objects.filter(done=False).order_by("-id"))
    while pending:
        task = pending.pop()
        recipient = task.assignee.email  # expect: ORM101
        send_mail("Reminder", f"Open task: {task.title}", None, [recipient])
