from django.db import models


class Lead(models.Model):
    email = models.EmailField()
    source = models.CharField(max_length=40)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["source", "created"], name="crm_lead_source_created_idx")]
