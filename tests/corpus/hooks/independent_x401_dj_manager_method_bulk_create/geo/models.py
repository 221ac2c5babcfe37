from django.db import models


class CityManager(models.Manager):
    def import_rows(self, rows):
        cities = [City(name=r["name"], country=r["country"]) for r in rows]
        return self.bulk_create(cities, batch_size=1000)  # expect: ORM401


class City(models.Model):
    name = models.CharField(max_length=120)
    country = models.CharField(max_length=2)
    search_name = models.CharField(max_length=120, editable=False)

    objects = CityManager()

    def save(self, *args, **kwargs):
        self.search_name = self.name.casefold()
        super().save(*args, **kwargs)
