from django.urls import path

from reports import views

urlpatterns = [path("orders-by-status/", views.orders_by_status)]
