from django.db.models.expressions import RawSQL

from blog.models import Post


def posts_with_tag_count(tag: str):
    return Post.objects.annotate(
        tag_hits=RawSQL(f"SELECT COUNT(*) FROM blog_tagging t WHERE t.post_id = blog_post.id AND t.tag = '{tag}'", ()),  # expect: ORM201
    ).order_by("-tag_hits")


def posts_with_tag_count_safe(tag: str):
    return Post.objects.annotate(
        tag_hits=RawSQL("SELECT COUNT(*) FROM blog_tagging t WHERE t.post_id = blog_post.id AND t.tag = %s", (tag,)),
    ).order_by("-tag_hits")
