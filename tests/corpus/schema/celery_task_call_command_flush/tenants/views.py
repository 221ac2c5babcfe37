from django.contrib.admin.views.decorators import staff_member_required
from django.http import JsonResponse

from tenants.tasks import wipe_tenant_database


@staff_member_required
def wipe(request, alias: str):
    wipe_tenant_database.delay(alias)
    return JsonResponse({"queued": alias})
