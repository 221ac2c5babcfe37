from django.db.models.expressions import RawSQL
from django.shortcuts import get_list_or_404, render

from people.models import Person


def by_email(request):
    people = Person.objects.raw("SELECT * FROM people_person WHERE email = %s", [request.GET["email"]])
    return render(request, "people/list.html", {"people": people})


def by_name(request):
    name = request.GET["name"]
    people = Person.objects.extra(where=["lower(name) = lower(%s)"], params=[name])
    ranked = Person.objects.annotate(rank=RawSQL("similarity(name, %s)", (name,))).order_by("-rank")
    return render(request, "people/list.html", {"people": get_list_or_404(people), "ranked": ranked})
