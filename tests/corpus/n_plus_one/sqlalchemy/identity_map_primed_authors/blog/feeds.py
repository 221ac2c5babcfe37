from sqlalchemy import select
from sqlalchemy.orm import Session

from blog.models import Post, User


def front_page(session: Session) -> list[str]:
    posts = session.scalars(select(Post).order_by(Post.id.desc()).limit(30)).all()
    # prime the identity map with every author of these posts in one query; the
    # many-to-one Post.author is then resolved from the identity map, without SQL
    authors = session.scalars(select(User).where(User.id.in_({p.author_id for p in posts}))).all()
    by_id = {a.id: a for a in authors}
    lines = []
    for post in posts:
        lines.append(f"{post.title} - {post.author.name} ({len(by_id)} authors)")
    return lines
