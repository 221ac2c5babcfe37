from celery import shared_task
from django.core.management import call_command
from django.db import connections


@shared_task
def wipe_tenant_database(alias: str) -> None:
    call_command("flush", database=alias, interactive=False)  # expect: ORM502
    connections[alias].close()
