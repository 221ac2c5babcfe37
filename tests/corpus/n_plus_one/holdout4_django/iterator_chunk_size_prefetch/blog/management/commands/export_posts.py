import json
import sys

from django.core.management.base import BaseCommand

from blog.models import Post

CHUNK = 1000


class Command(BaseCommand):
    help = "Stream every published post as JSON lines"

    def handle(self, *args, **options):
        qs = (
            Post.objects.filter(published__isnull=False)
            .select_related("author")
            .prefetch_related("tags")
            .order_by("pk")
        )
        # Since Django 4.1 iterator(chunk_size=...) runs the prefetch once per chunk.
        for post in qs.iterator(chunk_size=CHUNK):
            record = {
                "id": post.pk,
                "title": post.title,
                "author": post.author.name,
                "tags": [t.slug for t in post.tags.all()],
            }
            sys.stdout.write(json.dumps(record) + "\n")
