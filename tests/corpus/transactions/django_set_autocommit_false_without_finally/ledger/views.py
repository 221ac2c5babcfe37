from django.http import JsonResponse
from django.views.decorators.http import require_POST

from ledger.importer import import_statement


@require_POST
def upload(request):
    return JsonResponse({"imported": import_statement(request.POST["path"])})
