from peewee import IntegrityError

from blog.models import Post, PostTag, Tag, db


def publish(title: str, tag_names: list[str]) -> Post:
    with db.atomic():
        post = Post.create(title=title)
        for name in tag_names:
            try:
                Tag.create(name=name)
            except IntegrityError:  # expect: ORM302
                pass
            PostTag.create(post=post, tag=Tag.get(Tag.name == name))
    return post
