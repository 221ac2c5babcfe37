from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.http import require_POST

from docs.models import Document


@login_required
@require_POST
def archive_selected(request):
    now = timezone.now()
    archived = []
    for pk in request.POST.getlist("ids"):
        doc = get_object_or_404(Document, pk=pk, owner=request.user)  # expect: ORM102
        doc.archived = True
        doc.archived_at = now
        doc.save(update_fields=["archived", "archived_at"])
        archived.append(doc.pk)
    return JsonResponse({"archived": archived})
