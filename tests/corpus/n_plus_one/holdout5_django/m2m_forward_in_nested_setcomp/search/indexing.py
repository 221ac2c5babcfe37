from blog.models import Post


def used_tag_slugs() -> set[str]:
    posts = Post.objects.filter(published=True)
    return {t.slug for p in posts for t in p.tags.all()}  # expect: ORM101


def tag_lists():
    return [list(p.tags.values_list("slug", flat=True)) for p in Post.objects.all()]  # expect: ORM101
