from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "people"
    label = "hr"
    verbose_name = "Human resources"
