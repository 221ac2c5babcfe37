from django.db.models import Prefetch

from warehouse.models import Parcel, Shipment

DAMAGED = Prefetch(
    "parcels",
    queryset=Parcel.objects.filter(damaged=True).select_related("carrier"),
    to_attr="damaged_parcels",
)


def damage_report():
    report = []
    for sh in Shipment.objects.prefetch_related(DAMAGED):
        carriers = sorted({p.carrier.name for p in sh.damaged_parcels})
        report.append({"ref": sh.reference, "count": len(sh.damaged_parcels), "carriers": carriers})
    return report


def all_parcels():
    qs = Shipment.objects.prefetch_related(
        Prefetch("parcels", queryset=Parcel.objects.select_related("carrier"))
    )
    return {
        sh.reference: [(p.weight_g, p.carrier.name) for p in sh.parcels.all()]
        for sh in qs
    }
