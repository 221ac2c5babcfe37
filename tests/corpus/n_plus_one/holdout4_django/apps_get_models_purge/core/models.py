from django.db import models
from django.utils import timezone


class SoftDeleteModel(models.Model):
    deleted_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        abstract = True

    def soft_delete(self):
        self.deleted_at = timezone.now()
        self.save(update_fields=["deleted_at"])


class Team(SoftDeleteModel):
    name = models.CharField(max_length=100)


class Document(SoftDeleteModel):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(max_length=200)
