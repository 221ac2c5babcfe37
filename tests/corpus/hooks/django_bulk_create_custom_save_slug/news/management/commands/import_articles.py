import json

from django.core.management.base import BaseCommand

from news.models import Article


class Command(BaseCommand):
    help = "Import articles from a JSON feed export"

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, *args, path, **options):
        with open(path) as handle:
            items = json.load(handle)
        Article.objects.bulk_create([Article(title=i["title"], body=i["body"]) for i in items], batch_size=500)  # expect: ORM401
        self.stdout.write(f"imported {len(items)} articles")
