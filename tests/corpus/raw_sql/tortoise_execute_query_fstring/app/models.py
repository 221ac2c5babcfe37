from tortoise import fields
from tortoise.models import Model


class Ticket(Model):
    id = fields.IntField(primary_key=True)
    subject = fields.CharField(max_length=200)
    assignee = fields.CharField(max_length=80, null=True)
