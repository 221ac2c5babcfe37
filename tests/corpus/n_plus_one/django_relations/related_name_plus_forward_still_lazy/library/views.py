from django.shortcuts import render

from library.models import Edition


def editions(request):
    rows = []
    for edition in Edition.objects.select_related("book").order_by("-year"):
        rows.append({
            "title": edition.book.title,
            "year": edition.year,
            "editor": edition.editor.name if edition.editor_id else "",  # expect: ORM101
        })
    return render(request, "library/editions.html", {"rows": rows})
