import datetime as dt

from celery import shared_task

from metrics.models import PageView


@shared_task
def flush_counters(counts: dict[str, int]) -> None:
    today = dt.date.today()
    PageView.objects.bulk_create(
        [PageView(path=p, day=today, hits=n) for p, n in counts.items()],
        update_conflicts=True,
        unique_fields=["path", "day"],
        update_fields=["hits"],
    )
    PageView.objects.filter(day__lt=today - dt.timedelta(days=90)).delete()
    PageView.objects.filter(path="").update(path="/")
