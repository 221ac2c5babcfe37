from django.contrib.auth.models import User
from django.db import connection
from django.http import JsonResponse


def comment_counts(request):
    users = list(User.objects.filter(is_active=True).only("id", "username"))
    counts = {}
    with connection.cursor() as cursor:
        for user in users:
            cursor.execute("SELECT count(*) FROM blog_comment WHERE author_id = %s", [user.id])  # expect: ORM102
            counts[user.username] = cursor.fetchone()[0]
    return JsonResponse(counts)
