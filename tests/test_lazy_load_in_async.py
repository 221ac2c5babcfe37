"""ORM103 lazy-load-in-async: lazy relationship loads on objects from an AsyncSession."""

import libcst as cst
import pytest

from n1_models import SQLALCHEMY, SQLMODEL
from ormlint.rules.lazy_load_in_async import LazyLoadInAsync
from ormlint.rules.lazy_load_in_loop import LazyLoadInLoop
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
