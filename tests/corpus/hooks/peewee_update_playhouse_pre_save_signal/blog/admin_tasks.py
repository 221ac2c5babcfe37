from blog.models import Post


def redact(word: str) -> int:
    return Post.update(body=Post.body.replace(word, "***")).where(Post.body.contains(word)).execute()  # expect: ORM401
