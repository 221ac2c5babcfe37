from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0014_order_number")]

    operations = [
        migrations.AddIndex(model_name="order", index=models.Index(fields=["created"], name="shop_order_created_idx")),  # expect: ORM603
    ]
