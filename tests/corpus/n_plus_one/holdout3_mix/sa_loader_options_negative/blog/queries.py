from sqlalchemy import select
from sqlalchemy.orm import (
    Session,
    contains_eager,
    immediateload,
    joinedload,
    selectinload,
    subqueryload,
)

from blog.models import Author, Post


def front_page(s: Session) -> list[tuple[str, str, int]]:
    stmt = select(Post).options(joinedload(Post.author), selectinload(Post.comments))
    posts = s.scalars(stmt).unique().all()
    return [(p.title, p.author.name, len(p.comments)) for p in posts]


def author_pages(s: Session) -> None:
    stmt = select(Author).options(subqueryload(Author.posts).selectinload(Post.comments))
    for a in s.scalars(stmt):
        for p in a.posts:
            print(a.name, p.title, len(p.comments))


def by_author_name(s: Session, name: str) -> list[str]:
    stmt = (
        select(Post)
        .join(Post.author)
        .where(Author.name == name)
        .options(contains_eager(Post.author))
    )
    return [p.author.name for p in s.scalars(stmt)]


def recent(s: Session) -> dict[int, str]:
    rows = s.execute(select(Post).options(immediateload(Post.author))).scalars()
    return {p.id: p.author.name for p in rows}
