from django.db.models import Prefetch, QuerySet

from forum.models import Reply, Thread


def threads_with_visible_replies() -> QuerySet[Thread]:
    visible = Reply.objects.filter(approved=True).select_related("author").order_by("pk")
    return Thread.objects.order_by("-created").prefetch_related(
        Prefetch("replies", queryset=visible, to_attr="visible_replies")
    )


def thread_summaries(limit: int = 20) -> list[dict]:
    out = []
    for thread in threads_with_visible_replies()[:limit]:
        out.append({
            "title": thread.title,
            "participants": sorted({r.author.username for r in thread.visible_replies}),
            "last": thread.visible_replies[-1].body if thread.visible_replies else None,
        })
    return out
