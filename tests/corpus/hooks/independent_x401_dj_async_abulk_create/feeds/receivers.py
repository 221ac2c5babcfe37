from django.db.models.signals import pre_save
from django.dispatch import receiver

from feeds.models import Entry


@receiver(pre_save, sender=Entry)
def normalise_title(sender, instance, **kwargs):
    instance.title_normalised = " ".join(instance.title.split()).lower()
