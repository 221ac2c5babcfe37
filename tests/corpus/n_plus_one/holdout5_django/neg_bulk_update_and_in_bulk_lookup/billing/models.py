from django.db import models


class Quote(models.Model):
    client = models.ForeignKey("crm.Client", on_delete=models.CASCADE)
    gross_cents = models.IntegerField()
    net_cents = models.IntegerField(default=0)
