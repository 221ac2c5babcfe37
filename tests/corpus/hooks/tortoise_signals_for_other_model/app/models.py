from tortoise import fields
from tortoise.models import Model


class Order(Model):
    id = fields.IntField(primary_key=True)
    total_cents = fields.IntField()


class AuditEntry(Model):
    id = fields.IntField(primary_key=True)
    message = fields.TextField()
