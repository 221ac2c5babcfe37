from crm.models import Lead


def import_leads(rows: list[dict]) -> None:
    Lead.objects.bulk_create([Lead(email=r["email"], source="csv") for r in rows])
    Lead.objects.filter(source="").update(source="unknown")
