from blog.models import Post


def published_posts():
    return Post.objects.filter(published=True).order_by("-created")
