from django.db import models


class PageView(models.Model):
    path = models.CharField(max_length=300)
    day = models.DateField()
    hits = models.PositiveIntegerField(default=0)

    class Meta:
        unique_together = [("path", "day")]

    def __str__(self) -> str:
        return f"{self.path} on {self.day}"

    @property
    def is_home(self) -> bool:
        return self.path == "/"
