from django.apps import apps
from django.db import connection
from django.http import JsonResponse


def table_sizes(request):
    qn = connection.ops.quote_name
    sizes = {}
    with connection.cursor() as cursor:
        for model in apps.get_app_config("shop").get_models():
            cursor.execute(f"SELECT COUNT(*) FROM {qn(model._meta.db_table)}")
            sizes[model.__name__] = cursor.fetchone()[0]
    return JsonResponse(sizes)
