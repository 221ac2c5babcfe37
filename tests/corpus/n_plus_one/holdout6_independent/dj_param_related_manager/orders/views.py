from django.http import HttpResponse
from django.shortcuts import get_object_or_404

from .emails import order_lines_text
from .models import Order


def receipt(request, pk):
    order = get_object_or_404(Order, pk=pk)
    return HttpResponse(order_lines_text(order), content_type="text/plain")
