from django.db import models


class Loan(models.Model):
    book = models.CharField(max_length=200)
    member = models.CharField(max_length=120)
    returned = models.BooleanField(default=False)
    archived = models.BooleanField(default=False)

    def delete(self, *args, **kwargs):
        self.archived = True
        self.save(update_fields=["archived"])
        return 0, {}
