from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("orders", "0008_order_number")]

    operations = [
        migrations.AddField(
            model_name="order",
            name="channel",
            field=models.CharField(default="web", max_length=20),
            preserve_default=False,
        ),
        migrations.AddField(model_name="order", name="coupon", field=models.CharField(blank=True, max_length=32, null=True)),
        migrations.AddField(model_name="order", name="gift", field=models.BooleanField(default=False)),
    ]
