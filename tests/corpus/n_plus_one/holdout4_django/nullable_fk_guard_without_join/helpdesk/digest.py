from collections import defaultdict

from django.core.mail import send_mail

from helpdesk.models import Ticket


def send_escalation_digest() -> int:
    by_agent: dict[str, list[str]] = defaultdict(list)
    open_tickets = Ticket.objects.filter(escalated_to__isnull=False).select_related("assignee")
    for ticket in open_tickets:
        if not ticket.escalated_to_id:
            continue
        agent = ticket.escalated_to  # expect: ORM101
        owner = ticket.assignee.display_name if ticket.assignee_id else "unassigned"
        by_agent[agent.user.email].append(f"#{ticket.pk} {ticket.subject} (owner: {owner})")  # expect: ORM101
    for email, lines in by_agent.items():
        send_mail("Escalated tickets", "\n".join(lines), None, [email])
    return len(by_agent)
