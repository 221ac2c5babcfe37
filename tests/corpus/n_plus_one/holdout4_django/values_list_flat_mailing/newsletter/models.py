from django.db import models


class List(models.Model):
    name = models.CharField(max_length=80)


class Subscriber(models.Model):
    mailing_list = models.ForeignKey(List, on_delete=models.CASCADE, related_name="subscribers")
    email = models.EmailField()
    confirmed = models.BooleanField(default=False)


class Delivery(models.Model):
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    issue = models.CharField(max_length=40)
