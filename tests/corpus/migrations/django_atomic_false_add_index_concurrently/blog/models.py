from django.db import models


class Post(models.Model):
    title = models.CharField(max_length=200)
    published = models.DateTimeField(null=True)

    class Meta:
        indexes = [models.Index(fields=["published"], name="blog_post_published_idx")]
