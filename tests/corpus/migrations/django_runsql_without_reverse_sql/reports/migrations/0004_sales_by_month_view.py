from django.db import migrations

CREATE_VIEW = """
CREATE VIEW reports_sales_by_month AS
SELECT date_trunc('month', day) AS month, sum(total) AS total
FROM reports_sale
GROUP BY 1
"""


class Migration(migrations.Migration):
    dependencies = [("reports", "0003_sale_total")]

    operations = [
        migrations.RunSQL(CREATE_VIEW),  # expect: ORM601
    ]
