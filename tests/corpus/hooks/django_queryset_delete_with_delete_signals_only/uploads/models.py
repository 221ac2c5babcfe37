from django.db import models
from django.db.models.signals import post_delete
from django.dispatch import receiver


class Upload(models.Model):
    file = models.FileField(upload_to="uploads/")
    created = models.DateTimeField(auto_now_add=True)


@receiver(post_delete, sender=Upload)
def remove_file(sender, instance, **kwargs):
    instance.file.delete(save=False)
