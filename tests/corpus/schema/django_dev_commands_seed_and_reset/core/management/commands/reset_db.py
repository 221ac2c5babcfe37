from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Drop every table of the development database and migrate from scratch"

    def handle(self, *args, **options):
        call_command("flush", interactive=False, verbosity=0)
        call_command("migrate", run_syncdb=True, interactive=False)
