from django.db import models


class TitleQuerySet(models.QuerySet):
    def live(self):
        return self.filter(status="published")


class LiveTitleManager(models.Manager.from_queryset(TitleQuerySet)):
    def get_queryset(self):
        return super().get_queryset().select_related("publisher").live()


class Publisher(models.Model):
    name = models.CharField(max_length=100)


class Title(models.Model):
    publisher = models.ForeignKey(Publisher, on_delete=models.PROTECT)
    name = models.CharField(max_length=200)
    status = models.CharField(max_length=12, default="draft")

    objects = models.Manager()
    live = LiveTitleManager()
