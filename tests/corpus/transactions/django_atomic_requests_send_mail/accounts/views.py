from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpResponse


def register(request):
    user = User.objects.create_user(request.POST["username"], request.POST["email"], request.POST["password"])
    send_mail("Welcome", "Thanks for signing up.", "hello@example.com", [user.email])  # expect: ORM303
    return HttpResponse(status=201)


@transaction.non_atomic_requests
def resend_welcome(request):
    user = User.objects.get(username=request.POST["username"])
    send_mail("Welcome", "Thanks for signing up.", "hello@example.com", [user.email])
    return HttpResponse(status=202)
