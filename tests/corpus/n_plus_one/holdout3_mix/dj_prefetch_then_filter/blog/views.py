from django.shortcuts import render

from .models import Post


def post_list(request):
    posts = Post.objects.prefetch_related("comments")
    rows = []
    for post in posts:
        approved = post.comments.filter(approved=True)  # expect: ORM101
        rows.append(
            {
                "title": post.title,
                "total": len(post.comments.all()),
                "approved": [c.body for c in approved],
            }
        )
    return render(request, "blog/list.html", {"rows": rows})
