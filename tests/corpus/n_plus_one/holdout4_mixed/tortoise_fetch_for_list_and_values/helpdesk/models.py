from tortoise import Model, fields


class Agent(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=100)


class Ticket(Model):
    id = fields.IntField(primary_key=True)
    subject = fields.CharField(max_length=200)
    status = fields.CharField(max_length=16, default="open")
    assignee: fields.ForeignKeyNullableRelation[Agent] = fields.ForeignKeyField(
        "models.Agent", related_name="tickets", null=True
    )
