from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("orders", "0007_order_number")]

    operations = [
        migrations.AddField(model_name="order", name="channel", field=models.CharField(max_length=20)),  # expect: ORM602
    ]
