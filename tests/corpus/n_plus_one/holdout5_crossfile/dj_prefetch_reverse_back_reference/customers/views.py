from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .services import build_statements as statements


@login_required
def statements_view(request):
    return render(request, "customers/statements.html", {"statements": statements()})
