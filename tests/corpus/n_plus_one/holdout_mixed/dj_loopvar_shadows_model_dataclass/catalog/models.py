from django.db import models


class Publisher(models.Model):
    name = models.CharField(max_length=200)
    country = models.CharField(max_length=2)


class Author(models.Model):
    name = models.CharField(max_length=200)
    is_active = models.BooleanField(default=True)
    publisher = models.ForeignKey(Publisher, on_delete=models.CASCADE, related_name="authors")


class Genre(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=100)


class Book(models.Model):
    title = models.CharField(max_length=300)
    status = models.CharField(max_length=20, default="draft")
    price = models.DecimalField(max_digits=8, decimal_places=2)
    author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="books")
    genre = models.ForeignKey(Genre, on_delete=models.PROTECT)
    publisher = models.ForeignKey(Publisher, on_delete=models.CASCADE, related_name="published_books")
    editor = models.ForeignKey("auth.User", null=True, blank=True, on_delete=models.SET_NULL)
