from django.db import models


class Document(models.Model):
    file = models.FileField(upload_to="documents/")
    expires_at = models.DateTimeField()

    def delete(self, *args, **kwargs):
        storage, name = self.file.storage, self.file.name
        result = super().delete(*args, **kwargs)
        storage.delete(name)
        return result
