from django.db import models


class Author(models.Model):
    name = models.CharField(max_length=100)


class Book(models.Model):
    title = models.CharField(max_length=100)
    author = models.ForeignKey(Author, on_delete=models.CASCADE)
    price = models.FloatField(default=0.0)


class Account(models.Model):
    balance = models.IntegerField(default=0)

    def save(self, *args, **kwargs):
        self.balance = max(self.balance, 0)
        super().save(*args, **kwargs)
