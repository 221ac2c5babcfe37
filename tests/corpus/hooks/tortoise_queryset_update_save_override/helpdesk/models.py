from tortoise import fields
from tortoise.models import Model


class Ticket(Model):
    id = fields.IntField(primary_key=True)
    subject = fields.CharField(max_length=200)
    status = fields.CharField(max_length=20, default="open")
    history = fields.JSONField(default=list)

    async def save(self, *args, **kwargs):
        self.history = [*self.history, self.status]
        await super().save(*args, **kwargs)
