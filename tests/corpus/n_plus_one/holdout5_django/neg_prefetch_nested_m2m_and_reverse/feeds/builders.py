from blog.models import Post, Tag


class FeedBuilder:
    def __init__(self, limit: int = 25):
        self.limit = limit

    def posts(self):
        qs = Post.objects.prefetch_related("tags", "comment_set__author")
        entries = []
        for post in qs[: self.limit]:
            entry = {"title": post.title, "tags": [t.slug for t in post.tags.all()]}
            entry["commenters"] = [c.author.username for c in post.comment_set.all()]
            entry["n_comments"] = post.comment_set.count()
            entries.append(entry)
        return entries

    def tag_cloud(self):
        return {tag.slug: len(tag.posts.all()) for tag in Tag.objects.prefetch_related("posts")}
