from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("blog", "0008_post_published")]

    operations = [
        AddIndexConcurrently("post", models.Index(fields=["published"], name="blog_post_published_idx")),
    ]
