from django.db import models


class Author(models.Model):
    name = models.CharField(max_length=120)


class Book(models.Model):
    title = models.CharField(max_length=200)
    author = models.ForeignKey(Author, on_delete=models.CASCADE)
