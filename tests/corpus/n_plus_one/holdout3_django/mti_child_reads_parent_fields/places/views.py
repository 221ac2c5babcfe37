from django.shortcuts import render

from .models import Restaurant


def pizza_places(request):
    rows = []
    for r in Restaurant.objects.filter(serves_pizza=True).order_by("name"):
        # name/address live on the parent table but are fetched by the INNER JOIN
        rows.append((r.place_ptr_id, r.name, r.address, r.seats))
    return render(request, "places/pizza.html", {"rows": rows})
