from django.db import models


class Plan(models.Model):
    name = models.CharField(max_length=50)
    grace_days = models.PositiveSmallIntegerField(default=3)


class Subscription(models.Model):
    ACTIVE, EXPIRED = "active", "expired"
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="subscriptions")
    status = models.CharField(max_length=10, default=ACTIVE)
    ends_at = models.DateTimeField()
