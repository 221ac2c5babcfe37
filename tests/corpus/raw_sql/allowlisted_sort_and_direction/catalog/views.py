from django.db import connection
from django.http import JsonResponse

SORTABLE = {"name", "price", "created_at"}


def product_list(request):
    sort = request.GET.get("sort", "name")
    if sort not in SORTABLE:
        sort = "name"
    direction = "DESC" if request.GET.get("desc") == "1" else "ASC"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, name, price FROM catalog_product WHERE active ORDER BY {sort} {direction} LIMIT %s",
            [50],
        )
        rows = cursor.fetchall()
    return JsonResponse({"products": rows})
