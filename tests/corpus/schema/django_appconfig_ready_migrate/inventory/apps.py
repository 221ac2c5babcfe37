from django.apps import AppConfig
from django.core import management


class InventoryConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "inventory"

    def ready(self):
        from inventory import signals  # noqa: F401

        management.call_command("migrate", "inventory", interactive=False)  # expect: ORM502
