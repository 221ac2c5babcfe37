from sqlalchemy import select
from sqlalchemy.orm import Session

from blog.models import Author, Post


def posts_with_authors(session: Session) -> list[tuple[str, str]]:
    authors = session.scalars(select(Author)).all()
    posts = session.scalars(select(Post)).all()
    rows = [(p.title, p.author.name) for p in posts]
    print(f"{len(authors)} authors")
    return rows


def title_author_pairs(session: Session) -> list[tuple[str, str]]:
    stmt = select(Post.title, Author.name).join(Post.author)
    return [(title, name) for title, name in session.execute(stmt)]


def author_ids(session: Session) -> set[int]:
    return {aid for aid in session.scalars(select(Post.author_id))}


def grouped(session: Session) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for post in session.scalars(select(Post)):
        out.setdefault(post.author_id, []).append(post.title)
    return out
