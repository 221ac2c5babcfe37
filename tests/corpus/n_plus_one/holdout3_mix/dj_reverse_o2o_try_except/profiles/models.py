from django.db import models


class Profile(models.Model):
    member = models.OneToOneField("accounts.Member", on_delete=models.CASCADE, related_name="profile")
    wants_digest = models.BooleanField(default=True)
