from django.conf import settings
from django.core.management import call_command
from django.urls import path

from mysite import views

urlpatterns = [path("", views.home)]

if settings.DEBUG:
    call_command("migrate", interactive=False, verbosity=0)
