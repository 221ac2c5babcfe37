"""The N+1 fixes against real databases: fixed code returns the same rows with fewer queries."""

import json
import subprocess
import sys
import textwrap

import pytest
from ormlint.rules.queries.lazy_load_in_async import LazyLoadInAsync
from ormlint.rules.queries.lazy_load_in_loop import LazyLoadInLoop

from ormlint.testing import fix_source, lint_source

DJANGO_MODELS = textwrap.dedent("""
    from django.db import models

    class Author(models.Model):
        name = models.CharField(max_length=100)

        class Meta:
            app_label = "shop"

    class Tag(models.Model):
        label = models.CharField(max_length=50)

        class Meta:
            app_label = "shop"

    class Book(models.Model):
        author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="books")
        tags = models.ManyToManyField(Tag)
        title = models.CharField(max_length=200)

        class Meta:
            app_label = "shop"
""")

DJANGO_VIEW = textwrap.dedent("""
    from shop.models import Author, Book

    def listing():
        rows = []
        for book in Book.objects.filter(title__startswith="B").order_by("id"):
            rows.append([book.title, book.author.name, [t.label for t in book.tags.all()]])
        return rows

    def by_author():
        return {a.name: sorted(b.title for b in a.books.all()) for a in Author.objects.order_by("id")}
""")

DJANGO_RUNNER = textwrap.dedent("""
    import json, sys
    import django
    from django.conf import settings

    settings.configure(
        DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
        INSTALLED_APPS=["shop"], USE_TZ=True, DEFAULT_AUTO_FIELD="django.db.models.AutoField",
    )
    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from shop.models import Author, Book, Tag
    import before, after

    with connection.schema_editor() as editor:
        for model in (Author, Tag, Book):
            editor.create_model(model)
    tags = [Tag.objects.create(label=f"t{i}") for i in range(3)]
    for a in range(5):
        author = Author.objects.create(name=f"author{a}")
        for b in range(4):
            book = Book.objects.create(author=author, title=f"B{a}-{b}")
            book.tags.set(tags[: b % 3 + 1])

    out = {}
    for name in ("listing", "by_author"):
        counts, results = [], []
        for module in (before, after):
            with CaptureQueriesContext(connection) as ctx:
                results.append(getattr(module, name)())
            counts.append(len(ctx.captured_queries))
        out[name] = {"before": counts[0], "after": counts[1], "same": results[0] == results[1]}
    print(json.dumps(out))
""")


def _fixed(code, models_path, models, rule=LazyLoadInLoop):
    files = {models_path: models}
    assert lint_source(code, rule, path="app/views.py", files=files), "the example must have findings"
    fixed = fix_source(code, rule, path="app/views.py", files=files)
    assert lint_source(fixed, rule, path="app/views.py", files=files) == []
    return fixed


def test_django_fix_reduces_queries(tmp_path):
    pytest.importorskip("django")
    fixed = _fixed(DJANGO_VIEW, "shop/models.py", DJANGO_MODELS)
    assert 'select_related("author")' in fixed and 'prefetch_related("tags")' in fixed
    assert 'prefetch_related("books")' in fixed
    (tmp_path / "shop").mkdir()
    (tmp_path / "shop" / "__init__.py").write_text("")
    (tmp_path / "shop" / "models.py").write_text(DJANGO_MODELS)
    (tmp_path / "before.py").write_text(DJANGO_VIEW)
    (tmp_path / "after.py").write_text(fixed)
    (tmp_path / "run.py").write_text(DJANGO_RUNNER)
    proc = subprocess.run([sys.executable, "run.py"], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    listing, by_author = result["listing"], result["by_author"]
    assert listing["same"] and by_author["same"]
    assert listing["before"] == 1 + 20 + 20 and listing["after"] == 2
    assert by_author["before"] == 1 + 5 and by_author["after"] == 2


SA_MODELS = textwrap.dedent("""
    from sqlalchemy import ForeignKey
    from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

    class Base(DeclarativeBase):
        pass

    class User(Base):
        __tablename__ = "users"
        id: Mapped[int] = mapped_column(primary_key=True)
        name: Mapped[str]
        posts: Mapped[list["Post"]] = relationship(back_populates="author", order_by="Post.id")

    class Post(Base):
        __tablename__ = "posts"
        id: Mapped[int] = mapped_column(primary_key=True)
        author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
        title: Mapped[str]
        author: Mapped[User] = relationship(back_populates="posts")
""")

SA_VIEW = textwrap.dedent("""
    from sqlalchemy import select
    from blog.models import Post, User

    def authors(session):
        return [(p.title, p.author.name) for p in session.scalars(select(Post).order_by(Post.id))]

    def titles(session):
        users = session.query(User).order_by(User.id).all()
        return {u.name: [p.title for p in u.posts] for u in users}
""")

SA_ASYNC_VIEW = textwrap.dedent("""
    from sqlalchemy import select
    from blog.models import User

    async def titles(session):
        users = (await session.scalars(select(User).order_by(User.id))).all()
        return {u.name: [p.title for p in u.posts] for u in users}
""")


def _sqlalchemy_modules(tmp_path, monkeypatch, sources):
    (tmp_path / "blog").mkdir()
    (tmp_path / "blog" / "__init__.py").write_text("")
    (tmp_path / "blog" / "models.py").write_text(SA_MODELS)
    for name, code in sources.items():
        (tmp_path / f"{name}.py").write_text(code)
    monkeypatch.syspath_prepend(str(tmp_path))
    for name in ("blog", "blog.models", *sources):
        sys.modules.pop(name, None)
    import importlib
    return [importlib.import_module(name) for name in sources]


def _seed(session, models):
    for u in range(4):
        user = models.User(name=f"user{u}")
        session.add(user)
        for p in range(3):
            session.add(models.Post(title=f"P{u}-{p}", author=user))
    session.commit()
    session.expunge_all()


def test_sqlalchemy_fix_reduces_queries(tmp_path, monkeypatch):
    sa = pytest.importorskip("sqlalchemy")
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    fixed = _fixed(SA_VIEW, "blog/models.py", SA_MODELS)
    assert "options(joinedload(Post.author))" in fixed and "options(selectinload(User.posts))" in fixed
    before, after = _sqlalchemy_modules(tmp_path, monkeypatch, {"sa_before": SA_VIEW, "sa_after": fixed})
    import blog.models as models

    engine = sa.create_engine("sqlite://")
    models.Base.metadata.create_all(engine)
    statements = []
    event.listen(engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    with Session(engine) as session:
        _seed(session, models)
        for name, expected_before, expected_after in (("authors", 1 + 4, 1), ("titles", 1 + 4, 2)):
            counts, results = [], []
            for module in (before, after):
                session.expunge_all()
                statements.clear()
                results.append(getattr(module, name)(session))
                counts.append(len(statements))
            assert results[0] == results[1]
            assert counts == [expected_before, expected_after], name


@pytest.mark.filterwarnings("ignore:coroutine:RuntimeWarning")
def test_sqlalchemy_async_fix_removes_missing_greenlet(tmp_path, monkeypatch):
    pytest.importorskip("aiosqlite")
    pytest.importorskip("greenlet")
    import asyncio

    from sqlalchemy.exc import MissingGreenlet, StatementError
    from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

    fixed = _fixed(SA_ASYNC_VIEW, "blog/models.py", SA_MODELS, LazyLoadInAsync)
    before, after = _sqlalchemy_modules(tmp_path, monkeypatch, {"async_before": SA_ASYNC_VIEW, "async_after": fixed})
    import blog.models as models

    async def scenario():
        engine = create_async_engine("sqlite+aiosqlite://")
        async with engine.begin() as conn:
            await conn.run_sync(models.Base.metadata.create_all)
        async with AsyncSession(engine) as session:
            await session.run_sync(_seed, models)
        async with AsyncSession(engine) as session:
            with pytest.raises((MissingGreenlet, StatementError), match="greenlet_spawn"):
                await before.titles(session)
        async with AsyncSession(engine) as session:
            return await after.titles(session)

    assert asyncio.run(scenario())["user0"] == ["P0-0", "P0-1", "P0-2"]
