from tortoise import fields, models


class TimestampMixin:
    created_at = fields.DatetimeField(auto_now_add=True)


class AbstractBase(models.Model):
    id = fields.IntField(primary_key=True)

    class Meta:
        abstract = True
