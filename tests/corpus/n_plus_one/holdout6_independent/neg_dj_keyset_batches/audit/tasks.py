from .models import Event


def export_events(write):
    last_id = 0
    while True:
        batch = list(Event.objects.filter(id__gt=last_id).order_by("id")[:1000])
        if not batch:
            break
        for ev in batch:
            write(ev.id, ev.kind, ev.payload)
        last_id = batch[-1].id
