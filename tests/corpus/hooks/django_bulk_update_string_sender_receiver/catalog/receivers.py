from django.db.models.signals import pre_save
from django.dispatch import receiver


@receiver(pre_save, sender="catalog.Product")
def fill_search_text(sender, instance, **kwargs):
    instance.search_text = f"{instance.name} {instance.price}".lower()
