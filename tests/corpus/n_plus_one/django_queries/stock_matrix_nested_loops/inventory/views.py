from django.shortcuts import render

from inventory.models import Sku, StockLevel, Warehouse


def stock_matrix(request):
    warehouses = list(Warehouse.objects.order_by("name"))
    skus = list(Sku.objects.order_by("code"))
    matrix = []
    for sku in skus:
        row = []
        for warehouse in warehouses:
            level = StockLevel.objects.filter(warehouse=warehouse, sku=sku).first()  # expect: ORM102
            row.append(level.on_hand if level else 0)
        matrix.append((sku.code, row))
    return render(request, "inventory/matrix.html", {"warehouses": warehouses, "matrix": matrix})
