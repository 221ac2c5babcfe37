from django.core.exceptions import ObjectDoesNotExist

from places.models import Place


class DirectoryService:
    def __init__(self, prefix: str):
        self.prefix = prefix

    def listing(self) -> list[dict]:
        out = []
        qs = Place.objects.filter(address__startswith=self.prefix).select_related("restaurant")
        for place in qs:
            try:
                seats = place.restaurant.seats
            except ObjectDoesNotExist:
                seats = None
            out.append({"name": place.name, "seats": seats})
        return out
