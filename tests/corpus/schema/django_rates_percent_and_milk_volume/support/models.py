from django.db import models


class TeamStats(models.Model):
    team = models.CharField(max_length=80)
    refund_rate = models.FloatField(help_text="share of orders refunded, percent")
    fee_percent = models.FloatField(default=2.9)
    cost_ratio = models.FloatField()
    avg_response_seconds = models.FloatField()
    satisfaction_score = models.FloatField()
