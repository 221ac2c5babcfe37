"""ORM103 lazy-load-in-async: lazy relationship loads on objects from an AsyncSession."""

import sys

import libcst as cst
import pytest
from n1_models import SQLALCHEMY, SQLMODEL
from ormlint.rules.queries.lazy_load_in_async import LazyLoadInAsync
from ormlint.rules.queries.lazy_load_in_loop import LazyLoadInLoop

from ormlint.testing import fix_source, lint_source

FILES = {**SQLALCHEMY, **SQLMODEL}


def findings(code, rules=LazyLoadInAsync):
    return lint_source(code, rules, path="app/api.py", files=FILES)


POSITIVES = [
    ("""
from sqlalchemy import select
from blog.models import User

async def names(session):
    result = await session.execute(select(User).where(User.id > 1))
    for user in result.scalars():
        print(user.posts)
""", [7]),
    ("""
from blog.models import Post

async def author(session, pk):
    post = await session.get(Post, pk)
    return post.author.email
""", [5]),
    ("""
from sqlmodel import select
from api.models import Hero

async def heroes(session):
    rows = (await session.exec(select(Hero))).all()
    return [h.team.name for h in rows]
""", [6]),
    ("""
from sqlalchemy import select
from blog.models import Post

def title(post):
    return post.author.email

async def titles(session):
    posts = (await session.scalars(select(Post))).all()
    return [title(p) for p in posts]
""", [9]),
]


@pytest.mark.parametrize("code,expected", POSITIVES)
def test_positives(code, expected):
    found = findings(code)
    assert [f.span.line for f in found] == expected
    assert all(f.severity == "error" and "MissingGreenlet" in f.message for f in found)


NEGATIVES = [
    """
from sqlalchemy import select
from sqlalchemy.orm import selectinload, joinedload
from blog.models import Post, User

async def names(session):
    users = (await session.scalars(select(User).options(selectinload(User.posts)))).all()
    posts = (await session.scalars(select(Post).options(joinedload(Post.author)))).all()
    return [u.posts for u in users] + [(p.author, p.comments, p.author_id, p.title) for p in posts]
""",
    """
from sqlalchemy import select
from blog.models import User

async def names(session):
    users = (await session.scalars(select(User))).all()
    return [(u.settings, u.email, await u.awaitable_attrs.posts) for u in users]
""",
    # a sync session is ORM101's business, not a crash
    """
from sqlalchemy import select
from blog.models import User

async def names(session):
    return [u.posts for u in session.scalars(select(User))]
""",
]


@pytest.mark.parametrize("code", NEGATIVES)
def test_negatives(code):
    assert findings(code) == []


def test_async_loads_are_not_also_reported_as_n_plus_one():
    code = POSITIVES[0][0]
    found = findings(code, [LazyLoadInAsync, LazyLoadInLoop])
    assert [f.code for f in found] == ["ORM103"]


def test_fix_adds_selectinload():
    code = """
from sqlalchemy import select
from blog.models import User

async def names(session):
    users = (await session.scalars(select(User))).all()
    return [len(u.posts) for u in users]
"""
    out = fix_source(code, LazyLoadInAsync, path="app/api.py", files=FILES)
    cst.parse_module(out)
    assert "select(User).options(selectinload(User.posts))" in out
    assert "from sqlalchemy.orm import selectinload" in out
    assert fix_source(out, LazyLoadInAsync, path="app/api.py", files=FILES) == out
    assert findings(out) == []


# -- reads after an async commit expired the object ---------------------------------------------

DB = {
    "app/db.py": """
        from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

        engine = create_async_engine("sqlite+aiosqlite://")
        async_session = async_sessionmaker(engine)
        kept_session = async_sessionmaker(engine, expire_on_commit=False)

        async def get_session():
            async with async_session() as session:
                yield session

        async def get_kept_session():
            async with kept_session() as session:
                yield session
    """,
}

# the same project with one factory only, which expires on commit
EXPIRING_DB = {"app/db.py": "\n".join(line for line in DB["app/db.py"].splitlines() if "kept" not in line)}


def commit_findings(code, files=None):
    return lint_source(code, LazyLoadInAsync, path="app/api.py", files={**FILES, **(files or DB)})


EXPIRED = [
    # FastAPI provider from another module, object added then read after commit
    ("""
from fastapi import Depends
from sqlalchemy.ext.asyncio import AsyncSession
from app.db import get_session
from blog.models import User

async def create(email: str, session: AsyncSession = Depends(get_session)):
    user = User(email=email)
    session.add(user)
    await session.commit()
    return {"id": user.id}
""", [10]),
    # factory used directly; a loaded object read after commit (once per object)
    ("""
from app.db import async_session
from blog.models import User

async def rename(pk: int, email: str):
    async with async_session() as session:
        user = await session.get(User, pk)
        user.email = email
        await session.commit()
        print(user.email, user.id)
""", [9]),
    # Annotated dependency; a list of loaded objects read in a loop after commit
    ("""
from typing import Annotated
from fastapi import Depends
from sqlalchemy import select
from app.db import get_session
from blog.models import Post

async def publish(session: Annotated[object, Depends(get_session)]):
    posts = (await session.scalars(select(Post))).all()
    await session.commit()
    return [p.title for p in posts]
""", [10]),
    # the commit at the end of a begin() block
    ("""
from app.db import async_session
from blog.models import User

async def create(email: str):
    async with async_session() as session:
        async with session.begin():
            user = User(email=email)
            session.add(user)
        return user.id
""", [9]),
]


@pytest.mark.parametrize("code,expected", EXPIRED)
def test_reads_after_commit(code, expected):
    found = commit_findings(code)
    assert [f.span.line for f in found] == expected
    assert all("expire_on_commit" in f.message and "MissingGreenlet" in f.message for f in found)


NOT_EXPIRED = [
    # the factory keeps objects on commit
    """
from fastapi import Depends
from app.db import get_kept_session, kept_session
from blog.models import User

async def create(email: str, session=Depends(get_kept_session)):
    user = User(email=email)
    session.add(user)
    await session.commit()
    async with kept_session() as other:
        again = await other.get(User, user.id)
        await other.commit()
        return again.email
""",
    # refreshed after the commit; read before the commit; reloaded after it
    """
from app.db import async_session
from blog.models import User

async def rename(pk: int, email: str):
    async with async_session() as session:
        user = await session.get(User, pk)
        old = user.email
        user.email = email
        await session.commit()
        await session.refresh(user)
        fresh = await session.get(User, pk)
        return old, user.email, fresh.email
""",
    # the branch that commits returns; flush does not expire; a sync commit is not a crash
    """
from app.db import async_session
from blog.models import User

async def maybe(pk: int, session, sync_session):
    user = await session.get(User, pk)
    if user is None:
        await session.commit()
        return None
    await session.flush()
    other = sync_session.get(User, pk)
    sync_session.commit()
    return user.email, other.email
""",
    # another session's commit does not expire this one's objects
    """
from app.db import async_session
from blog.models import User

async def copy(pk: int):
    async with async_session() as source, async_session() as target:
        user = await source.get(User, pk)
        await target.commit()
        return user.email
""",
]


@pytest.mark.parametrize("code", NOT_EXPIRED)
def test_reads_that_are_not_expired(code):
    assert commit_findings(code) == []


def test_session_of_unknown_origin_follows_the_projects_factories():
    code = """
from blog.models import User

async def create(session, email: str):
    user = User(email=email)
    session.add(user)
    await session.commit()
    return user.id
"""
    assert [f.span.line for f in commit_findings(code, EXPIRING_DB)] == [7]
    assert commit_findings(code) == []  # the project's factories disagree: unknown
    kept = {"app/db.py": EXPIRING_DB["app/db.py"].replace("async_sessionmaker(engine)", "async_sessionmaker(engine, expire_on_commit=False)")}
    assert commit_findings(code, kept) == []
    assert commit_findings(code, {"app/db.py": "engine = None\n"}) == []


@pytest.mark.filterwarnings("ignore:coroutine:RuntimeWarning")
def test_reads_after_commit_really_raise(tmp_path, monkeypatch):
    """What the rule reports crashes against a real database; what it leaves alone runs."""
    pytest.importorskip("aiosqlite")
    pytest.importorskip("greenlet")
    import asyncio
    import importlib
    import textwrap

    from sqlalchemy.exc import MissingGreenlet, StatementError

    flagged = EXPIRED[0][0].replace("from fastapi import Depends\n", "").replace(" = Depends(get_session)", "")
    safe = flagged.replace("    await session.commit()\n", "    await session.commit()\n    await session.refresh(user)\n")
    assert commit_findings(safe, EXPIRING_DB) == [] and len(commit_findings(flagged, EXPIRING_DB)) == 1
    models = {"blog/models.py": """
        from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

        class Base(DeclarativeBase):
            pass

        class User(Base):
            __tablename__ = "users"
            id: Mapped[int] = mapped_column(primary_key=True)
            email: Mapped[str]
    """}
    for path, code in {**models, **EXPIRING_DB, "app/flagged.py": flagged, "app/safe.py": safe}.items():
        target = tmp_path / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(code).lstrip("\n"), encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    for name in [m for m in sys.modules if m.split(".")[0] in ("app", "blog", "api")]:
        monkeypatch.delitem(sys.modules, name)
    db, models = importlib.import_module("app.db"), importlib.import_module("blog.models")
    flagged_module, safe_module = importlib.import_module("app.flagged"), importlib.import_module("app.safe")

    async def scenario():
        async with db.engine.begin() as conn:
            await conn.run_sync(models.Base.metadata.create_all)
        async with db.async_session() as session:
            with pytest.raises((MissingGreenlet, StatementError), match="greenlet_spawn"):
                await flagged_module.create("a@example.org", session)
        async with db.async_session() as session:
            return await safe_module.create("b@example.org", session)

    assert asyncio.run(scenario()) == {"id": 2}
