from places.models import Place, Restaurant


def directory_listing(city_prefix: str) -> list[dict]:
    out = []
    for place in Place.objects.filter(address__startswith=city_prefix):
        try:
            seats = place.restaurant.seats  # expect: ORM101
        except Restaurant.DoesNotExist:
            seats = None
        out.append({"name": place.name, "seats": seats})
    return out
