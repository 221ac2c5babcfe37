from warehouse.models import Shipment


def damage_report():
    shipments = Shipment.objects.prefetch_related("parcels")
    report = []
    for sh in shipments:
        total = sum(p.weight_g for p in sh.parcels.all())
        broken = sh.parcels.filter(damaged=True).count()  # expect: ORM101
        report.append({"ref": sh.reference, "weight": total, "damaged": broken})
    return report
