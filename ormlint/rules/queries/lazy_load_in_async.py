"""ORM103 lazy-load-in-async: a lazy relation read on an object loaded through an AsyncSession."""

from __future__ import annotations

import libcst as cst

from ormlint.analysis.n_plus_one import analyse
from ormlint.analysis.n_plus_one.queries import advice, describe, eager_fix, short
from ormlint.api import Example, Related, Rule
from ormlint.core.roles import NON_PRODUCTION
from ormlint.orms.sqlalchemy import SA_FAMILY

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


_DB = {
    "app/db.py": '''
        from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

        engine = create_async_engine("postgresql+asyncpg://localhost/app")
        async_session = async_sessionmaker(engine)
    ''',
}


class LazyLoadInAsync(Rule):
    """
    ## What it does
    Finds a lazily loaded SQLAlchemy/SQLModel relationship read on an object that was
    loaded through an `AsyncSession` (`await session.scalars(...)`, `await session.get(...)`,
    `(await session.execute(...)).scalars()`), in a loop or not; and any mapped attribute
    read on an object after `await session.commit()` (or the end of `async with
    session.begin()`) expired it, when the session expires on commit: its factory
    (`async_sessionmaker(...)`, found in any module, also behind a FastAPI
    `Depends(get_session)` provider) leaves the default `expire_on_commit=True`. A session
    of unknown origin follows the project's async factories when they all agree.

    ## Why is this bad?
    Under asyncio a lazy load cannot run implicit IO: the attribute access raises
    `sqlalchemy.exc.MissingGreenlet` ("greenlet_spawn has not been called"). It is a crash,
    not only an N+1 slowdown, and it hides until the code path runs.

    ## Example
    ```python
    users = (await session.scalars(select(User))).all()
    for user in users:
        print(len(user.posts))
    ```

    ## Use instead
    ```python
    users = (await session.scalars(select(User).options(selectinload(User.posts)))).all()
    ```
    or `await user.awaitable_attrs.posts` with the `AsyncAttrs` mixin, or `lazy="selectin"`
    on the relationship. After a commit: `await session.refresh(obj)` before reading, or
    `async_sessionmaker(engine, expire_on_commit=False)`.

    ## Fix safety
    Safe, when the query is built in the same function: the eager load is added to it.

    ## Where it reports
    | context | reports | why |
    |---|---|---|
    | application code | yes | where requests, jobs and commands run against production data |
    | `migration` | no | migrations do not use an AsyncSession's lazy loads |
    | `shipped-migration` | no | a migration that shipped is never edited again |
    | `test` | no | tests and fixtures run against a throwaway database |
    | `test-settings` | no | settings of the test run |
    | `dev-data` | no | seed, demo and fake data only ever runs on a developer database |
    | `script` | no | a one-off script is run by hand, once |
    | `command` | yes | an operator's command runs against production data |
    | `example` | no | examples and documentation are not the project's running code |
    | `orm-source` | no | the ORM's own code implements what the rule checks; it does not misuse it |

    Roles are described in the README (Configuration); `[tool.ormlint.skip-roles]` changes
    this table per rule.

    ## References
    - [SQLAlchemy: Preventing Implicit IO when Using AsyncSession](https://docs.sqlalchemy.org/en/20/orm/extensions/asyncio.html#preventing-implicit-io-when-using-asyncsession)
    - [SQLAlchemy: `Session.commit()` and `expire_on_commit`](https://docs.sqlalchemy.org/en/20/orm/session_api.html#sqlalchemy.orm.Session.params.expire_on_commit)
    """

    code = "ORM103"
    name = "lazy-load-in-async"
    family = "queries"
    severity = "error"
    orms = ("sqlalchemy", "sqlmodel")
    fix_safety = "safe"
    summary = "Lazy load, or read after an expiring commit, on an AsyncSession object (MissingGreenlet)"
    prefilter = ("async ",)
    skip_roles = NON_PRODUCTION | {"migration"}

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
        Example('''
            from app.db import async_session
            from app.models import User

            async def register(name):
                async with async_session() as session:
                    user = User(name=name)
                    session.add(user)
                    await session.commit()
                    await session.refresh(user)
                    return user.id
        ''', files={**_MODELS, **_DB}),
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
        ''', message="`u.posts` lazily loads User.posts (relationship to Post,"),
        Example('''
            from app.models import User

            async def first_post(session, user_id):
                user = await session.get(User, user_id)
                return user.posts[0]
        ''', files=_MODELS, lines=(5,), message="`user.posts` lazily loads User.posts (relationship to Post,"),
        Example('''
            from app.db import async_session
            from app.models import User

            async def register(name):
                async with async_session() as session:
                    user = User(name=name)
                    session.add(user)
                    await session.commit()
                    return user.id
        ''', files={**_MODELS, **_DB}, lines=(9,), message="`user.id` reads User.id after `await session.commit()`"),
    ]

    def visit_Module(self, node: cst.Module) -> bool:
        for event in analyse(self.ctx).lazy:
            if not event.owner.load.is_async or event.relation.orm not in SA_FAMILY \
                    or event.mode == "awaitable":
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
        for read in analyse(self.ctx).expired:
            name = f"{read.owner.model.name}.{read.attr}" if read.attr else f"the columns of {read.owner.model.name}"
            begin = isinstance(read.commit.func, cst.Attribute) and read.commit.func.attr.value == "begin"
            commit = (f"the commit at the end of `async with {read.session}.begin()`" if begin
                      else f"`await {read.session}.commit()`")
            message = (f"`{short(read.node, 50)}` reads {name} after {commit} expired it "
                       f"(expire_on_commit=True): the refresh runs implicit IO and raises MissingGreenlet; "
                       f"`await {read.session}.refresh({short(read.obj, 30)})` after the commit, or make "
                       f"the session with `expire_on_commit=False`")
            self.report(read.node, message, related=[Related(read.commit, "the commit that expired it")])
        return False
