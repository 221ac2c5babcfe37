from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Lead",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("email", models.EmailField(max_length=254)),
                ("source", models.CharField(max_length=40)),
                ("created", models.DateTimeField(auto_now_add=True)),
            ],
        ),
        migrations.AddIndex(model_name="lead", index=models.Index(fields=["source", "created"], name="crm_lead_source_created_idx")),
        migrations.AddField(model_name="lead", name="score", field=models.IntegerField()),
        migrations.RemoveField(model_name="lead", name="score"),
    ]
