from django.http import JsonResponse
from django.utils.dateparse import parse_date

from .services import PaidOrderReport


def paid_report(request):
    report = PaidOrderReport(parse_date(request.GET["since"]))
    return JsonResponse({"rows": report.rows()})
