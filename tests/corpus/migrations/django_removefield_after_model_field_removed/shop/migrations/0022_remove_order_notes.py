from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shop", "0021_order_notes_nullable")]

    operations = [
        migrations.RemoveField(model_name="order", name="notes"),
    ]
