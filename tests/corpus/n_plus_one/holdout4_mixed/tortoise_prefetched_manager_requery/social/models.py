from tortoise import fields
from tortoise.models import Model


class Member(Model):
    id = fields.IntField(primary_key=True)
    handle = fields.CharField(max_length=50)


class Post(Model):
    id = fields.IntField(primary_key=True)
    body = fields.TextField()
    hidden = fields.BooleanField(default=False)
    member = fields.ForeignKeyField("models.Member", related_name="posts")
