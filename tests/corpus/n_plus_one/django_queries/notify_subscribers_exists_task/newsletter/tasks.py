from celery import shared_task
from django.core.mail import send_mail

from newsletter.models import Delivery, Issue, Subscription


@shared_task
def send_issue(issue_id):
    issue = Issue.objects.get(pk=issue_id)
    to_create = []
    for sub_id, email in Subscription.objects.filter(active=True).values_list("id", "email"):
        if Delivery.objects.filter(issue=issue, subscription_id=sub_id).exists():  # expect: ORM102
            continue
        send_mail(issue.title, "", "news@example.com", [email])
        to_create.append(Delivery(issue=issue, subscription_id=sub_id))
    Delivery.objects.bulk_create(to_create)
    return len(to_create)
