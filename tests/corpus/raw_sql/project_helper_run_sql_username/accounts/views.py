from django.http import JsonResponse

from accounts.services import login_history


def history(request):
    return JsonResponse({"logins": login_history(request.GET["username"])})
