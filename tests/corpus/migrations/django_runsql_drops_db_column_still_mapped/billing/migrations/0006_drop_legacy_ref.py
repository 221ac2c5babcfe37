from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("billing", "0005_invoice_number")]

    operations = [
        migrations.RunSQL(  # expect: ORM604
            "ALTER TABLE billing_invoice DROP COLUMN legacy_ref",
            reverse_sql="ALTER TABLE billing_invoice ADD COLUMN legacy_ref varchar(40) NOT NULL DEFAULT ''",
        ),
    ]
