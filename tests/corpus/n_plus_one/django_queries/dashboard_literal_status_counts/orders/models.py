from django.db import models


class Order(models.Model):
    STATUSES = [("pending", "Pending"), ("paid", "Paid"), ("shipped", "Shipped"), ("refunded", "Refunded")]
    status = models.CharField(max_length=16, choices=STATUSES, default="pending")
    created_at = models.DateTimeField(auto_now_add=True)
