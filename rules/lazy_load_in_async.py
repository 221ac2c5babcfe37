"""ORM103 lazy-load-in-async: a lazy relation read on an object loaded through an AsyncSession."""

from __future__ import annotations

import libcst as cst

from ormlint.queries import advice, analyse, describe, eager_fix, short
from ormlint.rule import Example, Related, Rule

_MODELS = {
    "app/models.py": '''
        from sqlalchemy import ForeignKey
        from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

        class Base(DeclarativeBase):
            pass

        class User(Base):
            __tablename__ = "users"
            id: Mapped[int] = mapped_column(primary_key=True)
            name: Mapped[str]
            posts: Mapped[list["Post"]] = relationship(back_populates="author")

        class Post(Base):
            __tablename__ = "posts"
            id: Mapped[int] = mapped_column(primary_key=True)
            author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
            author: Mapped[User] = relationship(back_populates="posts", lazy="selectin")
    ''',
}


class LazyLoadInAsync(Rule):
    """
    What it does
    ------------
    Finds a lazily loaded SQLAlchemy/SQLModel relationship read on an object that was
    loaded through an `AsyncSession` (`await session.scalars(...)`, `await session.get(...)`,
    `(await session.execute(...)).scalars()`), in a loop or not.

    Why is this bad?
    ----------------
    Under asyncio a lazy load cannot run implicit IO: the attribute access raises
    `sqlalchemy.exc.MissingGreenlet` ("greenlet_spawn has not been called"). It is a crash,
    not only an N+1 slowdown, and it hides until the code path runs.

    Example
    -------
    ```python
    users = (await session.scalars(select(User))).all()
    for user in users:
        print(len(user.posts))
    ```

    Use instead
    -----------
    ```python
    users = (await session.scalars(select(User).options(selectinload(User.posts)))).all()
    ```
    or `await user.awaitable_attrs.posts` with the `AsyncAttrs` mixin, or `lazy="selectin"`
    on the relationship.

    Fix safety
    ----------
    Safe, when the query is built in the same function: the eager load is added to it.
    """

    code = "ORM103"
    name = "lazy-load-in-async"
    family = "queries"
    severity = "error"
    orms = ("sqlalchemy", "sqlmodel")
    fix_safety = "safe"
    summary = "Lazy relationship load on an AsyncSession object (MissingGreenlet)"
    prefilter = ("await ",)
    skip_roles = frozenset({"migration"})

    VALID = [
        Example('''
            from sqlalchemy import select
            from sqlalchemy.orm import selectinload
            from app.models import User

            async def names(session):
                users = (await session.scalars(select(User).options(selectinload(User.posts)))).all()
                return [(u.name, len(u.posts)) for u in users]
        ''', files=_MODELS),
        Example('''
            from sqlalchemy import select
            from app.models import Post

            async def authors(session):
                posts = (await session.scalars(select(Post))).all()
                return [p.author.name for p in posts]
        ''', files=_MODELS),
    ]
    INVALID = [
        Example('''
            from sqlalchemy import select
            from app.models import User

            async def names(session):
                users = (await session.scalars(select(User))).all()
                return [len(u.posts) for u in users]
        ''', files=_MODELS, lines=(6,), fixed='''
            from sqlalchemy import select
            from app.models import User
            from sqlalchemy.orm import selectinload

            async def names(session):
                users = (await session.scalars(select(User).options(selectinload(User.posts)))).all()
                return [len(u.posts) for u in users]
        '''),
        Example('''
            from app.models import User

            async def first_post(session, user_id):
                user = await session.get(User, user_id)
                return user.posts[0]
        ''', files=_MODELS, lines=(5,)),
    ]

    def visit_Module(self, node: cst.Module) -> bool:
        for event in analyse(self.ctx).lazy:
            if not event.owner.load.is_async or event.relation.orm not in ("sqlalchemy", "sqlmodel"):
                continue
            rel, owner = event.relation, event.owner
            where = f"{owner.model.name}.{rel.name} ({describe(rel)})"
            what = f"`{short(event.access, 50)}` lazily loads {where} on an object loaded through an AsyncSession"
            related = []
            if event.via is not None:
                name = short(event.via.func, 40)
                what = f"`{name}()`: {what} inside it"
                related.append(Related(event.access, f"lazy load of {owner.model.name}.{rel.name} in `{name}`"))
            message = (f"{what}: this raises MissingGreenlet under asyncio; {advice(event)}, "
                       f"or `await obj.awaitable_attrs.{rel.name}`")
            self.report(event.node, message, fix=eager_fix(event), related=related)
        return False
