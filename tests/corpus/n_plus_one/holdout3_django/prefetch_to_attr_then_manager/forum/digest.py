from django.db.models import Prefetch

from forum.models import Reply, Thread


def weekly_digest() -> list[str]:
    threads = Thread.objects.filter(pinned=True).prefetch_related(
        Prefetch("replies", queryset=Reply.objects.filter(hidden=False), to_attr="shown")
    )
    lines = []
    for thread in threads:
        shown = len(thread.shown)
        total = len(thread.replies.all())  # expect: ORM101
        lines.append(f"{thread.subject}: {shown}/{total} replies visible")
    return lines
