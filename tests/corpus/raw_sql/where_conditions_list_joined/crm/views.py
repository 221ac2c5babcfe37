from django.http import JsonResponse

from crm.search import search_contacts


def contacts(request):
    rows = search_contacts(city=request.GET.get("city"), company=request.GET.get("company"))
    return JsonResponse({"contacts": rows})
