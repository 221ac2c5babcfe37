from tortoise import fields, models


class Writer(models.Model):
    id = fields.IntField(primary_key=True)
    pen_name = fields.CharField(max_length=80)


class Tag(models.Model):
    id = fields.IntField(primary_key=True)
    label = fields.CharField(max_length=40)


class Article(models.Model):
    id = fields.IntField(primary_key=True)
    headline = fields.CharField(max_length=200)
    writer = fields.ForeignKeyField("models.Writer", related_name="articles")
    tags = fields.ManyToManyField("models.Tag", related_name="articles", through="article_tag")
