from django.db.models.signals import post_save
from django.dispatch import receiver

from inventory.models import Item


@receiver(post_save, sender=Item)
def log_item(sender, instance, **kwargs):
    print("saved", instance.pk)
