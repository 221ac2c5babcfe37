from tickets.models import Ticket


def board():
    rows = []
    for t in Ticket.objects.select_related():
        who = t.assignee.username if t.assignee_id else "-"  # expect: ORM101
        rows.append((t.queue.name, t.subject, who))
    return rows
