import logging

from newsletter.models import Delivery, Subscriber

logger = logging.getLogger("newsletter.cleanup")


def _has_bounced(subscriber_id: int) -> bool:
    return Delivery.objects.filter(subscriber_id=subscriber_id, issue__startswith="bounce:").exists()


def prune_bounced(list_id: int) -> list[int]:
    removed = []
    for sub_id in Subscriber.objects.filter(mailing_list_id=list_id).values_list("pk", flat=True):
        if _has_bounced(sub_id):  # expect: ORM102
            removed.append(sub_id)
    Subscriber.objects.filter(pk__in=removed).delete()
    logger.info("pruned %d", len(removed))
    return removed
