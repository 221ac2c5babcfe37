from collections.abc import Iterator

import sqlalchemy as sa

import blog.models

FEED_SIZE = 20


def rss_items(db) -> Iterator[str]:
    stmt = sa.select(blog.models.Post).order_by(blog.models.Post.id.desc()).limit(FEED_SIZE)
    for post in db.scalars(stmt):
        yield f"{post.title} by {post.author.name}"  # expect: ORM101


def post_counts(db) -> list[tuple[str, int]]:
    authors = db.scalars(sa.select(blog.models.Author)).all()
    return [(a.name, len(a.posts)) for a in authors]  # expect: ORM101
