from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shop", "0020_order_number")]

    operations = [
        migrations.RemoveField(model_name="order", name="notes"),  # expect: ORM604
    ]
