from django.http import JsonResponse

from blog.selectors import published_posts as feed


def feed_view(request):
    payload = [
        {"title": p.title, "tags": [t.slug for t in p.tags.all()]}  # expect: ORM101
        for p in feed()
    ]
    return JsonResponse(payload, safe=False)
