from django.conf import settings
from django.db import models


class BookQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def with_author(self):
        return self.select_related("author", "author__publisher")


class Publisher(models.Model):
    name = models.CharField(max_length=120)


class Author(models.Model):
    name = models.CharField(max_length=120)
    publisher = models.ForeignKey(Publisher, null=True, on_delete=models.SET_NULL, related_name="authors")


class Tag(models.Model):
    label = models.SlugField()


class Book(models.Model):
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    is_published = models.BooleanField(default=False)
    author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="books")
    editor = models.ForeignKey(Author, null=True, blank=True, on_delete=models.SET_NULL, related_name="edited_books")
    tags = models.ManyToManyField(Tag, related_name="books")

    objects = BookQuerySet.as_manager()

    def __str__(self):
        return self.title


class Review(models.Model):
    book = models.ForeignKey(Book, on_delete=models.CASCADE, related_name="reviews")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    approved = models.BooleanField(default=False)
    rating = models.PositiveSmallIntegerField()
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created"]
