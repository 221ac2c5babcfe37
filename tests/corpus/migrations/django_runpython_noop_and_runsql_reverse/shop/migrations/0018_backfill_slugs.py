from django.db import migrations
from django.utils.text import slugify


def backfill(apps, schema_editor):
    Product = apps.get_model("shop", "Product")
    for product in Product.objects.filter(slug=""):
        product.slug = slugify(product.name)
        product.save(update_fields=["slug"])


class Migration(migrations.Migration):
    dependencies = [("shop", "0017_product_slug")]

    operations = [
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.RunPython(code=backfill, reverse_code=migrations.RunPython.noop, elidable=True),
        migrations.RunSQL("CREATE EXTENSION IF NOT EXISTS unaccent", migrations.RunSQL.noop),
        migrations.RunSQL(
            sql="CREATE VIEW shop_product_names AS SELECT id, name FROM shop_product",
            reverse_sql="DROP VIEW shop_product_names",
        ),
    ]
