from django.db import models


class CreatedByMixin(models.Model):
    created_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        related_name="%(app_label)s_%(class)s_created",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
