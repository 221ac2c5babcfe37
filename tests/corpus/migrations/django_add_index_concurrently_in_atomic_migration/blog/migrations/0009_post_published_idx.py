from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("blog", "0008_post_published")]

    operations = [
        AddIndexConcurrently("post", models.Index(fields=["published"], name="blog_post_published_idx")),  # expect: ORM603
    ]
