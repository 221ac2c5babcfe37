from django.db import models


class Author(models.Model):
    name = models.CharField(max_length=100)


class Genre(models.Model):
    label = models.CharField(max_length=50)


class Book(models.Model):
    author = models.ForeignKey(Author, on_delete=models.CASCADE)
    genres = models.ManyToManyField(Genre)
    title = models.CharField(max_length=200)
    year = models.IntegerField()
