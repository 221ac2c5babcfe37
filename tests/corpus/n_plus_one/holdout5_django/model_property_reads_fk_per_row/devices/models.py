from django.contrib.auth.models import User
from django.db import models


class Device(models.Model):
    owner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="devices")
    serial = models.CharField(max_length=64)
    label = models.CharField(max_length=64, blank=True)

    @property
    def owner_name(self) -> str:
        return self.owner.get_full_name() or self.owner.username

    @property
    def display(self) -> str:
        return self.label or self.serial

    def owner_key(self) -> str:
        return f"user-{self.owner_id}"
