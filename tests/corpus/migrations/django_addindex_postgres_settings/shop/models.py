from django.db import models


class Order(models.Model):
    number = models.CharField(max_length=20)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["created"], name="shop_order_created_idx")]
