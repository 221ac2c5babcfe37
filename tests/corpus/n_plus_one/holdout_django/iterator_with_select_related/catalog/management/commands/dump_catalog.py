import json
import sys

from django.core.management.base import BaseCommand

from catalog.models import Book

CHUNK = 2000


class Command(BaseCommand):
    def handle(self, *args, **opts):
        qs = Book.objects.select_related("author").only("id", "title", "author__name")
        for book in qs.iterator(chunk_size=CHUNK):
            sys.stdout.write(json.dumps({"id": book.pk, "t": book.title, "a": book.author.name}) + "\n")
