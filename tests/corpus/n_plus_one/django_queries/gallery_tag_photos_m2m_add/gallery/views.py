from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_POST

from .models import Label, Photo


@require_POST
def label_photo(request, pk):
    photo = get_object_or_404(Photo, pk=pk, owner=request.user)
    wanted = Label.objects.filter(name__in=request.POST.getlist("label"))
    for label in wanted:
        photo.labels.add(label)  # expect: ORM102
    return JsonResponse({"labels": list(photo.labels.values_list("name", flat=True))})


@require_POST
def unlabel_photo(request, pk):
    photo = get_object_or_404(Photo, pk=pk, owner=request.user)
    photo.labels.remove(*Label.objects.filter(name__in=request.POST.getlist("label")))
    return JsonResponse({"ok": True})

