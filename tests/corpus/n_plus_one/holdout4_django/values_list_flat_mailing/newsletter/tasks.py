from django.core.mail import EmailMessage, get_connection

from newsletter.models import Delivery, Subscriber


def send_issue(list_id: int, issue: str, html: str) -> int:
    already = set(Delivery.objects.filter(issue=issue).values_list("subscriber_id", flat=True))
    targets = Subscriber.objects.filter(mailing_list_id=list_id, confirmed=True).values_list("id", "email")
    messages, sent_ids = [], []
    for sub_id, email in targets:
        if sub_id in already:
            continue
        msg = EmailMessage(issue, html, to=[email])
        msg.content_subtype = "html"
        messages.append(msg)
        sent_ids.append(sub_id)
    with get_connection() as conn:
        conn.send_messages(messages)
    Delivery.objects.bulk_create([Delivery(subscriber_id=pk, issue=issue) for pk in sent_ids])
    domains = {e.rsplit("@", 1)[-1] for e in Subscriber.objects.values_list("email", flat=True)}
    return len(domains)
