from django.db import connection
from django.http import JsonResponse


def orders_by_status(request):
    status = request.GET.get("status", "paid")
    query = "SELECT date_trunc('day', created_at), count(*) FROM shop_order WHERE status = '{status}' GROUP BY 1".format(status=status)
    with connection.cursor() as cursor:
        cursor.execute(query)  # expect: ORM201
        rows = cursor.fetchall()
    return JsonResponse({"days": [[day.isoformat(), count] for day, count in rows]})
