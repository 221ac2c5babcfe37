from django.db import models


class Searchable(models.Model):
    search_blob = models.TextField(blank=True, editable=False)

    class Meta:
        abstract = True

    def search_fields(self) -> list[str]:
        return []

    def save(self, *args, **kwargs):
        self.search_blob = " ".join(str(getattr(self, f)) for f in self.search_fields()).lower()
        super().save(*args, **kwargs)
