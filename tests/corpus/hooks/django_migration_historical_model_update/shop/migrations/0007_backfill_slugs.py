from django.db import migrations
from django.utils.text import slugify


def backfill(apps, schema_editor):
    # Historical models have neither custom methods nor the project's receivers.
    Product = apps.get_model("shop", "Product")
    products = list(Product.objects.filter(slug=""))
    for product in products:
        product.slug = slugify(product.name)
    Product.objects.bulk_update(products, ["slug"], batch_size=500)
    Product.objects.filter(name="").update(name="unnamed")


class Migration(migrations.Migration):
    dependencies = [("shop", "0006_product_slug")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
