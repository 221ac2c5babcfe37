from django.db import migrations


def normalise(apps, schema_editor):
    Customer = apps.get_model("shop", "Customer")
    for customer in Customer.objects.all().iterator():
        customer.email_normalised = customer.email.strip().lower()
        customer.save(update_fields=["email_normalised"])


class Migration(migrations.Migration):
    dependencies = [("shop", "0011_customer_email_normalised")]

    operations = [
        migrations.RunPython(normalise),  # expect: ORM601
    ]
