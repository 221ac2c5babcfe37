from django.http import JsonResponse

from .services import invoice_rows


def invoice(request):
    ids = [int(x) for x in request.GET.getlist("id")]
    return JsonResponse({"rows": [list(map(str, r)) for r in invoice_rows(ids)]})
