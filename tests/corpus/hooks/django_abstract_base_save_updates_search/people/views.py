from django.http import JsonResponse
from django.views.decorators.http import require_POST

from people.models import Contact


@require_POST
def rename_company(request):
    count = Contact.objects.filter(company=request.POST["old"]).update(company=request.POST["new"])  # expect: ORM401
    return JsonResponse({"renamed": count})
