from django.db.models.signals import post_save
from django.dispatch import receiver

from audit.log import record


@receiver(post_save)
def audit_every_save(sender, instance, created, **kwargs):
    record(sender._meta.label, instance.pk, "created" if created else "updated")
