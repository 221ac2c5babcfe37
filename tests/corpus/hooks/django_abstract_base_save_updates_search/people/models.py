from django.db import models

from core.models import Searchable


class Contact(Searchable):
    name = models.CharField(max_length=120)
    company = models.CharField(max_length=120, blank=True)

    def search_fields(self) -> list[str]:
        return ["name", "company"]
