from django.db import models


class Publisher(models.Model):
    name = models.CharField(max_length=200)
    country = models.CharField(max_length=2)


class Author(models.Model):
    name = models.CharField(max_length=200)
    email = models.EmailField()
    publisher = models.ForeignKey(Publisher, on_delete=models.SET_NULL, null=True)


class Tag(models.Model):
    name = models.CharField(max_length=50)


class Book(models.Model):
    title = models.CharField(max_length=200)
    published = models.DateField(null=True)
    author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="books")
    publisher = models.ForeignKey(Publisher, on_delete=models.PROTECT)
    tags = models.ManyToManyField(Tag, related_name="books")
