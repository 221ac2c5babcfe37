from django.apps import AppConfig


class ShopConfig(AppConfig):
    name = "shop"
    label = "store"
    default_auto_field = "django.db.models.BigAutoField"
