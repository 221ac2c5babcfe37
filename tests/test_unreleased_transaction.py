"""ORM301 unreleased-transaction: acquisitions, releases, ownership, control flow, the fix."""

from __future__ import annotations

import textwrap

import libcst as cst
import pytest
from ormlint.core.config import Config
from ormlint.index.facts import SessionBinding
from ormlint.rules.transactions.unreleased_transaction import UnreleasedTransaction

from ormlint.testing import build_index, fix_source, lint_source

SA = """
from sqlalchemy import create_engine
from sqlalchemy.orm import Session, sessionmaker

engine = create_engine("postgresql://app@db/app")
SessionLocal = sessionmaker(bind=engine)
"""


def lines(code: str, path: str = "app/module.py", files: dict[str, str] | None = None) -> list[int]:
    return sorted(f.line for f in lint_source(code, UnreleasedTransaction, path=path, files=files))


def messages(code: str, **kwargs) -> list[str]:
    return [f.message for f in lint_source(code, UnreleasedTransaction, **kwargs)]


def sa(body: str) -> str:
    """A module with the SQLAlchemy setup (6 lines) followed by ``body``."""
    return SA.lstrip("\n") + textwrap.dedent(body)


# --- acquisitions ----------------------------------------------------------------------------------

@pytest.mark.parametrize("acquire", [
    "Session(engine)",
    "SessionLocal()",
    "sessionmaker(bind=engine)()",
    "engine.connect()",
    "engine.raw_connection()",
])
def test_sqlalchemy_acquisitions_never_released(acquire):
    code = sa(f"""
    def work():
        handle = {acquire}
        handle.execute("select 1")
    """)
    assert lines(code) == [8]


def test_a_raw_connection_invalidated_is_closed_and_checked_in():
    """``engine.raw_connection().invalidate()``: SQLAlchemy closes the DB-API connection and returns it to
    the pool; a raw connection only used (``.cursor().execute(...)``) is still left open."""
    code = sa("""
    def drop():
        engine.raw_connection().invalidate()
        conn = engine.raw_connection()
        conn.invalidate()

    def leak():
        engine.raw_connection().cursor().execute("select 1")
    """)
    assert lines(code) == [13]


@pytest.mark.parametrize("module, call", [
    ("sqlite3", "sqlite3.connect(path)"),
    ("psycopg2", "psycopg2.connect(path)"),
    ("psycopg", "psycopg.connect(path)"),
    ("pymysql", "pymysql.connect(host=path)"),
    ("MySQLdb", "MySQLdb.connect(host=path)"),
])
def test_dbapi_connect_never_closed(module, call):
    code = f"""
    import {module}

    def rows(path):
        conn = {call}
        cur = conn.cursor()
        cur.execute("select 1")
        return cur.fetchall()
    """
    assert lines(code) == [4]


def test_asyncpg_connect_and_pool_acquire():
    code = """
    import asyncpg

    async def one(dsn):
        conn = await asyncpg.connect(dsn)
        return await conn.fetch("select 1")

    async def two(pool):
        conn = await pool.acquire()
        rows = await conn.fetch("select 1")
        await pool.release(conn)
        return rows
    """
    assert lines(code) == [4, 8]


def test_async_session_and_async_sessionmaker():
    code = """
    from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

    async_session = async_sessionmaker()

    async def one(engine):
        session = AsyncSession(engine)
        await session.execute("select 1")

    async def two():
        session = async_session()
        await session.execute("select 1")
        await session.close()
    """
    assert lines(code) == [6, 10]


def test_session_factory_imported_from_another_module():
    files = {"app/db.py": SA}
    code = """
    from app.db import SessionLocal
    from app import db

    def one():
        session = SessionLocal()
        session.query(User).all()

    def two():
        session = db.SessionLocal()
        session.query(User).all()
    """
    assert lines(code, files=files) == [5, 9]


def test_imported_name_that_is_not_a_session_factory():
    files = {"app/db.py": "def SessionLocal():\n    return object()\n"}
    code = """
    from app.db import SessionLocal

    def one():
        session = SessionLocal()
        session.query(User).all()
    """
    assert lines(code, files=files) == []


def test_index_records_module_level_factories():
    index = build_index({"app/db.py": SA})
    assert SessionBinding("SessionLocal", "session_factory") in index.files["app/db.py"].sessions
    assert SessionBinding("engine", "engine") in index.files["app/db.py"].sessions


def test_local_and_self_factories():
    code = """
    from sqlalchemy.orm import sessionmaker

    def script(engine):
        Maker = sessionmaker(bind=engine)
        session = Maker()
        session.query(User).all()

    class Store:
        def __init__(self, engine):
            self.Session = sessionmaker(bind=engine)

        def load(self):
            session = self.Session()
            return session.query(User).all()
    """
    assert lines(code) == [5, 13]


def test_scoped_session_registry():
    code = """
    from sqlalchemy.orm import scoped_session, sessionmaker

    Session = scoped_session(sessionmaker())

    def uses_registry():
        session = Session()
        session.query(User).all()

    def builds_registry_per_call(factory):
        registry = scoped_session(factory)
        registry().query(User).all()

    def builds_and_removes(factory):
        registry = scoped_session(factory)
        try:
            registry().query(User).all()
        finally:
            registry.remove()
    """
    assert lines(code) == [10]


def test_transaction_begin_assigned():
    code = """
    from sqlalchemy import text

    def bad(connection):
        trans = connection.begin()
        connection.execute(text("update t set x = 1"))
        trans.commit()

    def good(connection):
        trans = connection.begin()
        try:
            connection.execute(text("update t set x = 1"))
            trans.commit()
        except Exception:
            trans.rollback()
            raise

    def managed(engine):
        with engine.connect() as conn:
            trans = conn.begin()
            conn.execute(text("select 1"))
            trans.commit()
    """
    assert lines(code) == [4]


# --- savepoints, transactions on a connection this function closes -----------------------------------

def test_savepoint_is_released_by_the_transaction_around_it():
    """A SAVEPOINT left open is released or rolled back with its transaction: nothing to leak."""
    code = """
    from sqlalchemy.exc import IntegrityError

    def add_once(session, obj):
        savepoint = session.begin_nested()
        try:
            session.add(obj)
            session.flush()
            savepoint.commit()
        except IntegrityError:
            savepoint.rollback()

    def nested_keyword(session, obj):
        savepoint = session.begin(nested=True)
        session.add(obj)
        session.flush()

    def outer(session, obj):
        trans = session.begin()
        session.add(obj)
        session.flush()
        trans.commit()
    """
    assert lines(code) == [18]  # the outer begin() is still a transaction to end on every path


def test_transaction_on_a_released_connection_must_be_committed_on_every_normal_exit():
    code = """
    from sqlalchemy import text

    def early_return(engine, a, b):
        with engine.connect() as conn:
            trans = conn.begin()
            conn.execute(text("update acct set bal = bal - 1 where id = :a"), {"a": a})
            if a == b:
                return
            trans.commit()

    def never_committed(engine, a):
        with engine.connect() as conn:
            trans = conn.begin()
            conn.execute(text("update acct set bal = bal - 1 where id = :a"), {"a": a})

    def closed_before_commit(engine, a):
        conn = engine.connect()
        try:
            trans = conn.begin()
            conn.execute(text("update acct set bal = bal - 1 where id = :a"), {"a": a})
        finally:
            conn.close()

    def exception_rolls_back(engine, a):
        conn = engine.connect()
        try:
            trans = conn.begin()
            conn.execute(text("update acct set bal = bal - 1 where id = :a"), {"a": a})
            trans.commit()
        finally:
            conn.close()

    def return_before_any_statement(engine, a):
        with engine.connect() as conn:
            trans = conn.begin()
            if a is None:
                return None
            conn.execute(text("update acct set bal = bal - 1 where id = :a"), {"a": a})
            trans.commit()

    def connection_commit(engine, a):
        with engine.connect() as conn:
            conn.begin()
            conn.execute(text("update acct set bal = bal - 1 where id = :a"), {"a": a})
            conn.commit()

    def dry_run(engine, a, commit):
        with engine.connect() as conn:
            trans = conn.begin()
            conn.execute(text("update acct set bal = bal - 1 where id = :a"), {"a": a})
            if commit:
                trans.commit()
            else:
                trans.rollback()

    def failure_handled_outside(engine, a):
        try:
            with engine.connect() as conn:
                trans = conn.begin()
                conn.execute(text("update acct set bal = bal - 1 where id = :a"), {"a": a})
                trans.commit()
        except OperationalError:
            print("read-only database")
    """
    found = lint_source(code, UnreleasedTransaction)
    assert sorted(f.line for f in found) == [5, 13, 19]
    assert "neither committed nor rolled back when the function returns at line 8" in found[0].message
    assert "closing `conn` rolls it back and its writes are lost" in found[0].message
    assert "is never committed" in found[1].message
    assert "`with conn.begin():`" in found[1].message


def test_psycopg2_pool_getconn():
    code = """
    def bad(pg_pool):
        conn = pg_pool.getconn()
        conn.cursor().execute("select 1")
        pg_pool.putconn(conn)

    def good(pg_pool):
        conn = pg_pool.getconn()
        try:
            conn.cursor().execute("select 1")
        finally:
            pg_pool.putconn(conn)
    """
    assert lines(code) == [2]


def test_peewee_connect_and_begin():
    code = """
    from peewee import SqliteDatabase

    db = SqliteDatabase("app.db")

    def bad():
        db.connect()
        run_report()
        db.close()

    def good():
        db.connect()
        try:
            run_report()
        finally:
            db.close()

    def bad_transaction():
        db.begin()
        run_report()
        db.commit()
    """
    assert lines(code) == [6, 18]


def test_a_peewee_database_imported_from_the_projects_models_is_one():
    """``from crm.models import db`` (a ``PostgresqlDatabase`` there): this file imports nothing of Peewee,
    yet ``db.connect()`` opens the thread's connection; something else named ``db`` stays unknown."""
    models = """
    from peewee import Model, PostgresqlDatabase

    db = PostgresqlDatabase("crm")
    cache = object()
    """
    code = """
    from crm.models import cache, db

    def top_contacts():
        db.connect()
        run_report()
        db.close()

    def warm():
        cache.connect()
        run_report()
        cache.close()
    """
    assert lines(code, path="crm/importer.py", files={"crm/models.py": models}) == [4]


def test_peewee_connect_closed_by_teardown_hook():
    code = """
    from flask import Flask
    from peewee import SqliteDatabase

    app = Flask(__name__)
    db = SqliteDatabase("app.db")

    @app.before_request
    def _db_connect():
        db.connect()

    @app.teardown_request
    def _db_close(exc):
        if not db.is_closed():
            db.close()
    """
    assert lines(code) == []


def test_signal_connect_is_not_an_acquisition():
    code = """
    from peewee import Model

    def ready():
        post_save.connect(handler)
        client.connect()
        client.execute_sql("select 1")
        client.close()
    """
    assert lines(code) == [5]  # a no-argument `.connect()` statement in a Peewee module is db.connect()


def test_peewee_connection_kept_open_is_the_databases_design():
    """Peewee keeps a thread's connection open until close(), as autoconnect does: opening it for good
    (at start-up, in a script) is not a leak; closing it only on the happy path is (the next
    `connect()` in that thread raises "Connection already opened")."""
    code = """
    from peewee import SqliteDatabase

    db = SqliteDatabase("app.db")

    def start():
        db.connect()
        db.create_tables([User])

    def handle(user):
        db.connect()
        user.save()
        db.close()
    """
    assert lines(code) == [10]


def test_django_set_autocommit():
    code = """
    from django.db import transaction

    def bad(rows):
        transaction.set_autocommit(False)
        for row in rows:
            row.save()
        transaction.commit()
        transaction.set_autocommit(True)

    def good(rows):
        transaction.set_autocommit(False)
        try:
            for row in rows:
                row.save()
            transaction.commit()
        except Exception:
            transaction.rollback()
            raise
        finally:
            transaction.set_autocommit(True)
    """
    assert lines(code) == [4]


# --- releases ------------------------------------------------------------------------------------

def test_with_forms_release():
    code = sa("""
    def one():
        with Session(engine) as session, session.begin():
            session.add(object())

    def two():
        with engine.connect() as conn:
            conn.execute("select 1")

    async def three(pool):
        async with pool.acquire() as conn:
            await conn.fetch("select 1")

    def four():
        with SessionLocal() as session:
            return session.query(User).all()

    def five():
        session = SessionLocal()
        with session:
            session.query(User).all()
    """)
    assert lines(code) == []


def test_try_finally_releases_with_guard():
    code = """
    import psycopg2

    def one(dsn):
        conn = None
        try:
            conn = psycopg2.connect(dsn)
            conn.cursor().execute("select 1")
        finally:
            if conn is not None:
                conn.close()

    def two(dsn):
        conn = psycopg2.connect(dsn)
        cur = conn.cursor()
        try:
            cur.execute("select 1")
        finally:
            cur.close()
            conn.close()
    """
    assert lines(code) == []


def test_commit_or_rollback_on_every_branch():
    code = sa("""
    def save(item):
        session = SessionLocal()
        try:
            session.add(item)
            session.commit()
        except:
            session.rollback()
            raise
    """)
    assert lines(code) == []


def test_rollback_without_reraise_still_releases():
    code = sa("""
    def save(item):
        session = SessionLocal()
        try:
            session.add(item)
            session.commit()
        except Exception:
            session.rollback()
            log.exception("save failed")
    """)
    assert lines(code) == []


def test_a_commit_made_by_a_function_the_session_is_handed_to_ends_its_transaction_like_one_made_here():
    """``finish(session)`` that calls ``session.commit()`` returns the connection on the happy path, as
    the same call in the caller would: the finding is about the exception path, not "never released"."""
    code = sa("""
    def finish(session, item):
        item.done = True
        session.commit()

    def peek(session, item):
        return session.get(type(item), item.id)

    def save(item):
        session = SessionLocal()
        session.add(item)
        finish(session, item)
        return "ok"

    def look(item):
        session = SessionLocal()
        peek(session, item)
        return "ok"
    """)
    found = messages(code)
    assert len(found) == 2
    assert "only on the happy path: an exception before `finish(session, item)`" in found[0]
    assert "not released when the function returns" in found[1]


def test_commit_without_rollback_path():
    code = sa("""
    def save(item):
        session = SessionLocal()
        session.add(item)
        session.commit()
    """)
    assert lines(code) == [8]
    assert "only on the happy path" in messages(code)[0]


def test_use_after_commit_reopens_the_session():
    code = sa("""
    def save(item):
        session = SessionLocal()
        try:
            session.add(item)
            session.commit()
        except Exception:
            session.rollback()
            raise
        session.refresh(item)
    """)
    assert lines(code) == [8]


def test_registered_cleanup_and_closer_function():
    code = """
    import sqlite3

    def close_quietly(conn):
        try:
            conn.close()
        except Exception:
            pass

    def one(self):
        conn = sqlite3.connect(":memory:")
        self.addCleanup(conn.close)
        conn.execute("select 1")

    def two():
        conn = sqlite3.connect(":memory:")
        try:
            conn.execute("select 1")
        finally:
            close_quietly(conn)
    """
    assert lines(code) == []


def test_method_of_the_class_that_releases():
    code = """
    class Repo:
        def _done(self, conn):
            self.pool.putconn(conn)

        def run(self):
            conn = self.pool.getconn()
            try:
                conn.cursor().execute("select 1")
            finally:
                self._done(conn)
    """
    assert lines(code) == []


def test_specific_except_clause_lets_other_errors_escape():
    code = """
    import sqlite3

    def run(path):
        conn = sqlite3.connect(path)
        try:
            conn.execute("select 1")
        except ValueError:
            conn.close()
            raise
        conn.close()
    """
    assert lines(code) == [4]


# --- library context managers ----------------------------------------------------------------------

def test_with_connect_that_does_not_close():
    code = """
    import sqlite3
    import psycopg2
    import psycopg
    import pymysql
    from contextlib import closing

    def a(path):
        with sqlite3.connect(path) as conn:
            conn.execute("insert into t values (1)")

    def b(dsn):
        with psycopg2.connect(dsn) as conn:
            conn.cursor().execute("select 1")

    def c(dsn):
        with psycopg.connect(dsn) as conn:
            conn.execute("select 1")

    def d(dsn):
        with pymysql.connect(host=dsn) as conn:
            conn.cursor().execute("select 1")

    def e(path):
        with closing(sqlite3.connect(path)) as conn:
            conn.execute("select 1")

    def f(path):
        with sqlite3.connect(path) as conn:
            conn.execute("insert into t values (1)")
        conn.close()

    def g(path):
        conn = sqlite3.connect(path)
        with conn:
            conn.execute("insert into t values (1)")

    def h(path):
        with sqlite3.connect(path) as conn:
            try:
                conn.execute("insert into t values (1)")
            finally:
                conn.close()
    """
    assert lines(code) == [8, 12, 28, 33]
    assert "does not close" not in messages(code)[0]
    assert "only ends the transaction" in messages(code)[0]


# --- ownership ---------------------------------------------------------------------------------------

def test_ownership_moves():
    code = sa("""
    def factory():
        session = SessionLocal()
        session.info["tenant"] = 1
        return session

    def pair():
        conn = engine.connect()
        return conn, conn.begin()

    def stored(self):
        session = SessionLocal()
        self.session = session

    def in_container(registry):
        conn = engine.connect()
        registry.append(conn)

    def wrapped():
        session = SessionLocal()
        return Repository(session)

    def global_handle():
        global CONN
        CONN = engine.connect()

    def passed_to_unknown():
        session = SessionLocal()
        run_job(session)

    class Holder:
        def __init__(self):
            self.session = SessionLocal()
            self.conn = conn = engine.connect()
    """)
    assert lines(code) == []


def test_passing_to_a_borrower_or_visible_function_does_not_move_ownership():
    code = """
    import sqlite3
    import pandas as pd

    def count(conn):
        return conn.execute("select count(*) from t").fetchone()[0]

    def one(path):
        conn = sqlite3.connect(path)
        return pd.read_sql("select * from t", conn)

    def two(path):
        conn = sqlite3.connect(path)
        return count(conn)

    def three(path):
        return pd.read_sql("select * from t", sqlite3.connect(path))
    """
    assert lines(code) == [8, 12, 16]


def test_unknown_call_then_close_is_borrowing():
    code = sa("""
    def script(user):
        db = SessionLocal()
        crud.create_user(db, user)
        db.close()
    """)
    assert lines(code) == [8]


def test_factory_closing_on_error_and_returning():
    code = """
    import psycopg2

    def connect(dsn):
        conn = psycopg2.connect(dsn)
        try:
            conn.cursor().execute("set search_path to app")
        except Exception:
            conn.close()
            raise
        return conn
    """
    assert lines(code) == []


# --- generators, fixtures, teardown ------------------------------------------------------------------

def test_fastapi_dependency():
    code = sa("""
    def without_finally():
        db = SessionLocal()
        yield db
        db.close()

    def with_finally():
        db = SessionLocal()
        try:
            yield db
        finally:
            db.close()

    def never_closed():
        db = SessionLocal()
        yield db

    def yields_fresh():
        yield SessionLocal()
    """)
    assert lines(code) == [8, 20, 24]
    assert "outside `try/finally`" in messages(code)[0]


def test_pytest_fixture_teardown_after_yield_always_runs():
    code = """
    import sqlite3
    import pytest

    @pytest.fixture
    def conn():
        conn = sqlite3.connect(":memory:")
        yield conn
        conn.close()

    @pytest.fixture()
    def leaked():
        conn = sqlite3.connect(":memory:")
        yield conn
    """
    assert lines(code) == []  # fixtures are test code: not reported by default
    in_tests_too = Config(skip_roles=(("ORM301", ()),))
    assert sorted(f.line for f in lint_source(code, UnreleasedTransaction, config=in_tests_too)) == [12]


def test_unittest_setup_stores_on_self():
    code = """
    import sqlite3
    import unittest

    class T(unittest.TestCase):
        def setUp(self):
            self.conn = sqlite3.connect(":memory:")

        def tearDown(self):
            self.conn.close()
    """
    assert lines(code) == []


def test_flask_g_and_teardown():
    code = sa("""
    from flask import g

    def get_db():
        if "db" not in g:
            g.db = SessionLocal()
        return g.db

    def open_db():
        session = SessionLocal()
        g.session = session
    """)
    assert lines(code) == []


# --- control flow --------------------------------------------------------------------------------------

def test_a_session_holds_nothing_until_it_is_first_used():
    """A SQLAlchemy Session (and a scoped_session registry) checks out no connection until its first
    query: one created and never used, or left before its first use (a `continue`, an exception of an
    unrelated call), leaks nothing. From its first use on it is held as before."""
    code = sa("""
    def never_used(engine):
        session = SessionLocal()
        other = sessionmaker(bind=engine)()
        copy_rows(engine)

    def left_before_use(ids):
        for user_id in ids:
            session = SessionLocal()
            if not user_id:
                continue
            try:
                session.get(User, user_id)
            finally:
                session.close()

    def used_then_left(ids):
        for user_id in ids:
            session = SessionLocal()
            session.get(User, user_id)
            if not user_id:
                continue
            session.close()

    def used_and_dropped(user_id):
        session = SessionLocal()
        return session.get(User, user_id)
    """)
    assert lines(code) == [24, 31]
    assert "loop acquires the next one" in messages(code)[0] and "returns at line 32" in messages(code)[1]


def test_a_registry_whose_session_is_handed_on_is_handed_on_with_it():
    """Calling a scoped_session registry gives the session it keeps: returning that session, or storing it
    on the object (whose owner closes it) or in a global, hands the registry over with it; a registry bound
    to a connection the function's `with` releases holds nothing of its own, and configuring one (or
    registering its removal for later) uses nothing before it is handed on. A registry whose session is
    used and dropped in the function is still reported."""
    code = sa("""
    from sqlalchemy.orm import scoped_session

    def thread_session(engine):
        registry = scoped_session(sessionmaker())
        registry.configure(bind=engine)
        return registry()

    class Audit:
        def __init__(self, engine):
            Session = scoped_session(sessionmaker(bind=engine))
            self.session = Session()
            register_finalizer(self.session.close)

    def count(engine):
        registry = scoped_session(sessionmaker(bind=engine))
        return registry().query(User).count()

    def library_id(engine):
        with engine.begin() as connection:
            registry = scoped_session(sessionmaker())
            registry.configure(bind=connection)
            return registry().query(User).one_or_none()

    def new_registry(engine):
        registry = scoped_session(sessionmaker())
        registry.configure(bind=engine)
        atexit.register(lambda: registry.remove())
        return registry

    def init_db(engine):
        global session
        registry = scoped_session(sessionmaker())
        registry.configure(bind=engine)
        session = registry()
    """)
    assert lines(code) == [21]

def test_a_session_joined_to_a_transaction_manager_holds_nothing_yet():
    """A SQLAlchemy session checks a connection out at its first statement: handing a new one to
    zope.sqlalchemy's register() (pyramid_tm's request session) only adds event listeners, so an exception
    there, before the close callback is registered, leaves nothing open. A statement run before that
    callback is registered does hold a connection."""
    code = sa("""
    import zope.sqlalchemy
    from zope.sqlalchemy import register

    def request_session(request):
        session = SessionLocal()
        zope.sqlalchemy.register(session, transaction_manager=request.tm)
        request.add_finished_callback(lambda r: session.close())
        return session

    def imported_register(request):
        session = SessionLocal()
        register(session, transaction_manager=request.tm)
        request.add_finished_callback(lambda r: session.close())
        return session

    def used_first(request):
        session = SessionLocal()
        register(session, transaction_manager=request.tm)
        session.execute(text("SET search_path TO app"))
        request.add_finished_callback(lambda r: session.close())
        return session
    """)
    assert lines(code) == [23]


def test_early_return_raise_continue():
    code = sa("""
    def early_return(user_id):
        session = SessionLocal()
        user = session.get(User, user_id)
        if user is None:
            return None
        session.close()
        return user

    def early_raise(user_id):
        session = SessionLocal()
        try:
            user = session.get(User, user_id)
        except Exception:
            session.close()
            raise
        if user is None:
            raise LookupError(user_id)
        session.close()
        return user

    def loop(ids):
        for user_id in ids:
            session = SessionLocal()
            if not session.get(User, user_id):
                continue
            session.close()
    """)
    assert lines(code) == [8, 16, 29]
    assert "returns at line 11" in messages(code)[0]
    assert "raises at line 23" in messages(code)[1]


def test_release_only_in_one_branch():
    code = sa("""
    def maybe(flag):
        conn = engine.connect()
        if flag:
            conn.close()
    """)
    assert lines(code) == [8]
    assert "not released on every path" in messages(code)[0]


def test_guard_on_none_handle():
    code = """
    async def run(pool):
        conn = await pool.acquire()
        if conn is None:
            return
        try:
            await conn.fetch("select 1")
        finally:
            await pool.release(conn)
    """
    assert lines(code) == []


def test_break_then_release_after_loop():
    code = sa("""
    def first(items):
        conn = engine.connect()
        try:
            for item in items:
                if item:
                    break
                conn.execute(item)
        finally:
            conn.close()
    """)
    assert lines(code) == []


def test_nothing_between_acquire_and_close():
    code = sa("""
    def f():
        session = SessionLocal()
        session.close()
    """)
    assert lines(code) == []


def test_module_level_and_migrations_are_not_checked():
    code = sa("""
    conn = engine.connect()
    """)
    assert lines(code) == []
    migration = sa("""
    def upgrade():
        session = Session(bind=op.get_bind())
        session.query(User).all()
    """)
    assert lines(migration, path="migrations/versions/0001_x.py") == []


def test_session_bound_to_a_managed_connection():
    code = sa("""
    def run():
        with engine.connect() as conn:
            session = Session(bind=conn)
            session.query(User).all()
    """)
    assert lines(code) == []


def test_nested_function_capturing_the_handle():
    code = sa("""
    def run(app):
        session = SessionLocal()

        @app.teardown_request
        def close(exc):
            session.close()
    """)
    assert lines(code) == []


# --- the fix ----------------------------------------------------------------------------------------------

def _fixed(code: str) -> str:
    source = textwrap.dedent(code).lstrip("\n")
    fixed = fix_source(source, UnreleasedTransaction)
    cst.parse_module(fixed)
    assert fix_source(fixed, UnreleasedTransaction) == fixed  # idempotent
    return fixed


def test_fix_session_to_with():
    before = sa("""
    def names():
        session = SessionLocal()  # short-lived
        rows = session.execute(query).all()
        names = [r.name for r in rows]
        session.close()
        return names
    """)
    after = sa("""
    def names():
        with SessionLocal() as session:  # short-lived
            rows = session.execute(query).all()
            names = [r.name for r in rows]
        return names
    """)
    assert _fixed(before) == after
    assert lines(after) == []


def test_fix_dbapi_uses_closing():
    before = """
    import sqlite3

    def load(path):
        conn = sqlite3.connect(path)
        rows = conn.execute("select * from t").fetchall()
        conn.close()
        return rows
    """
    after = """
    import sqlite3
    from contextlib import closing

    def load(path):
        with closing(sqlite3.connect(path)) as conn:
            rows = conn.execute("select * from t").fetchall()
        return rows
    """
    assert _fixed(before) == textwrap.dedent(after).lstrip("\n")


def test_fix_asyncpg_pool_acquire():
    before = """
    async def load(pool):
        conn = await pool.acquire()
        rows = await conn.fetch("select 1")
        await pool.release(conn)
        return rows
    """
    after = """
    async def load(pool):
        async with pool.acquire() as conn:
            rows = await conn.fetch("select 1")
        return rows
    """
    assert _fixed(before) == textwrap.dedent(after).lstrip("\n")


def test_fix_async_session_close():
    before = """
    from sqlalchemy.ext.asyncio import AsyncSession

    async def load(engine):
        session = AsyncSession(engine)
        rows = await session.execute(query)
        await session.close()
        return rows
    """
    after = """
    from sqlalchemy.ext.asyncio import AsyncSession

    async def load(engine):
        async with AsyncSession(engine) as session:
            rows = await session.execute(query)
        return rows
    """
    assert _fixed(before) == textwrap.dedent(after).lstrip("\n")


@pytest.mark.parametrize("body", [
    # a return between acquire and close
    """
    def f(flag):
        session = SessionLocal()
        if flag:
            return None
        session.query(User).all()
        session.close()
    """,
    # the handle is used after the close
    """
    def f():
        session = SessionLocal()
        session.query(User).all()
        session.close()
        print(session)
    """,
    # close not in the same block
    """
    def f(flag):
        session = SessionLocal()
        session.query(User).all()
        if flag:
            session.close()
    """,
    # a transaction: `with` would commit, not just end it
    """
    def f(conn):
        trans = conn.begin()
        conn.execute(query)
        trans.commit()
    """,
    # psycopg 3 in an async function: no closing() rewrite
    """
    import aiosqlite

    async def f(path):
        db = await aiosqlite.connect(path)
        await db.execute("select 1")
        await db.close()
    """,
])
def test_no_fix_where_not_equivalent(body):
    code = sa(body)
    assert lint_source(code, UnreleasedTransaction)  # still reported
    assert fix_source(code, UnreleasedTransaction) == textwrap.dedent(code).lstrip("\n")


def test_release_guarded_by_a_check_on_the_handle():
    code = """
    from peewee import SqliteDatabase
    import psycopg2

    db = SqliteDatabase("app.db")

    def get_db():
        try:
            db.connect()
            yield
        finally:
            if not db.is_closed():
                db.close()

    def run(dsn):
        conn = psycopg2.connect(dsn)
        try:
            conn.cursor().execute("select 1")
        finally:
            if conn.closed == 0:
                conn.close()

    def run_locals(dsn):
        try:
            conn = psycopg2.connect(dsn)
            conn.cursor().execute("select 1")
        finally:
            if "conn" in locals():
                conn.close()
    """
    assert lines(code) == []


def test_contextmanager_session_scope():
    code = sa("""
    from contextlib import contextmanager

    @contextmanager
    def session_scope():
        session = SessionLocal()
        try:
            yield session
            session.commit()
        except Exception:
            session.rollback()
            raise
        finally:
            session.close()

    @contextmanager
    def leaky_scope():
        session = SessionLocal()
        yield session
        session.commit()
        session.close()
    """)
    assert lines(code) == [23]


def test_asyncpg_transaction():
    code = """
    import asyncpg

    async def bad(conn):
        tr = conn.transaction()
        await tr.start()
        await conn.execute("update t set x = 1")
        await tr.commit()

    async def good(conn):
        tr = conn.transaction()
        await tr.start()
        try:
            await conn.execute("update t set x = 1")
        except Exception:
            await tr.rollback()
            raise
        else:
            await tr.commit()

    async def managed(conn):
        async with conn.transaction():
            await conn.execute("update t set x = 1")
    """
    assert lines(code) == [4]


def test_flask_sqlalchemy_nested_transaction_without_sqlalchemy_import():
    code = """
    from app import db

    def bad(item):
        trans = db.session.begin()
        db.session.add(item)
        trans.commit()

    def savepoint(item):
        nested = db.session.begin_nested()
        db.session.add(item)
        nested.commit()
    """
    assert lines(code) == [4]


def test_function_that_returns_a_connection_is_an_acquisition():
    code = """
    import sqlite3

    def get_db_connection():
        conn = sqlite3.connect("database.db")
        conn.row_factory = sqlite3.Row
        return conn

    def index():
        conn = get_db_connection()
        posts = conn.execute("select * from posts").fetchall()
        conn.close()
        return posts

    def show(post_id):
        with closing(get_db_connection()) as conn:
            return conn.execute("select * from posts where id = ?", (post_id,)).fetchone()

    class Store:
        def _connect(self):
            return sqlite3.connect(self.path)

        def count(self):
            conn = self._connect()
            return conn.execute("select count(*) from t").fetchone()[0]
    """
    assert lines(code) == [9, 23]


def test_factory_imported_from_another_module():
    files = {"app/db.py": """
    import psycopg2

    def get_connection():
        return psycopg2.connect("dbname=app")
    """}
    code = """
    from app.db import get_connection

    def total():
        conn = get_connection()
        cur = conn.cursor()
        cur.execute("select sum(amount) from payments")
        return cur.fetchone()[0]
    """
    assert lines(code, files=files) == [4]


def test_cached_or_shared_connection_getters_are_not_factories():
    code = """
    import sqlite3
    from functools import lru_cache
    from flask import g

    @lru_cache
    def shared():
        return sqlite3.connect("app.db")

    def get_db():
        if "db" not in g:
            g.db = sqlite3.connect("app.db")
        return g.db

    def view():
        conn = shared()
        db = get_db()
        return conn.execute("select 1"), db.execute("select 1")
    """
    assert lines(code) == []


def test_asyncpg_transaction_that_fails_to_start_holds_nothing():
    code = """
    import asyncpg

    class Adapter:
        async def begin(self):
            try:
                transaction = self._connection.transaction()
                await transaction.start()
            except Exception as error:
                self._handle_exception(error)
            else:
                self._transaction = transaction

        async def unstarted(self):
            transaction = self._connection.transaction()
            async with transaction:
                await self._connection.execute("select 1")
    """
    assert lines(code) == []


def test_finally_with_a_conditional_release_is_trusted():
    code = sa("""
    def run(self):
        if not self.as_sql:
            trans = self.connection.begin()
        else:
            trans = None
        try:
            yield
        finally:
            if not self.as_sql:
                if trans is not None:
                    trans.commit()
    """)
    assert lines(code) == []


def test_calls_that_cannot_raise_do_not_open_an_exception_path():
    code = sa("""
    def version():
        conn = engine.connect()
        version = getattr(engine.dialect, "server_version_info", None)
        if version is None:
            version = ()
        conn.close()
        return version
    """)
    assert lines(code) == []


def test_attribute_and_keyword_of_the_same_name_are_not_the_handle():
    code = sa("""
    def run(self):
        session = SessionLocal()
        self.session.query(User).all()
        notify(session=None)
        session.add(object())
        session.close()
    """)
    assert lines(code) == [8]


def test_connect_expected_to_fail_is_not_a_leak():
    code = """
    import sqlite3
    import pytest

    def test_cannot_open(self):
        with self.assertRaises(sqlite3.OperationalError):
            sqlite3.connect("/no/such/dir/db.sqlite")
        with pytest.raises(sqlite3.OperationalError):
            sqlite3.connect("/no/such/dir/db.sqlite")

    def touch(path):
        connection = sqlite3.connect(path)
    """
    assert lines(code) == [11]


# --- handles that hold nothing of their own, calls that cannot fail, advice ---------------------------

def test_session_bound_to_a_connection_it_is_given_holds_nothing():
    """`Session(bind=connection)` joins that connection; its owner (a flush, a `with`) releases it."""
    code = """
    from sqlalchemy import event
    from sqlalchemy.engine import Connection
    from sqlalchemy.orm import Session

    @event.listens_for(Item, "after_insert")
    def rate(mapper, connection: Connection, target):
        session = Session(bind=connection)
        session.add(Log(item=target.id))
        session.commit()

    def by_name(conn):
        session = Session(conn)
        session.add(Log())
        session.commit()

    def on_engine(engine):
        session = Session(bind=engine)
        session.add(Log())
        session.commit()
    """
    assert lines(code) == [17]


def test_logging_between_acquiring_and_returning_cannot_leak():
    """A logger reports its own failures instead of raising: the connection is returned."""
    code = """
    import asyncpg

    async def open_listener(dsn):
        try:
            conn = await asyncpg.connect(dsn)
            logger.info(f"connected to {dsn.get('host', 'localhost')}")
            return conn
        except Exception as exc:
            logger.error(f"could not connect: {exc}")
            return None

    async def open_checked(dsn):
        try:
            conn = await asyncpg.connect(dsn)
            check(conn.get_settings())
            return conn
        except Exception:
            return None
    """
    assert lines(code) == [14]


@pytest.mark.parametrize("acquire, use, keyword", [
    ("AsyncSession(engine)", "await handle.merge(item)", "async with"),
    ("await engine.connect()", "handle.execute(query)", "async with"),
    ("SessionLocal()", "await handle.execute(query)", "async with"),
    ("Session(engine)", "handle.execute(query)", "with"),
])
def test_advice_for_an_async_handle_says_async_with(acquire, use, keyword):
    code = f"""
    from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
    from sqlalchemy.orm import Session

    SessionLocal = async_sessionmaker()

    async def run(engine):
        handle = {acquire}
        {use}
    """
    [finding] = lint_source(code, UnreleasedTransaction)
    assert f"use `{keyword} " in finding.message
    if keyword == "with":
        assert "async with" not in finding.message


def test_not_reported_in_tests():
    code = """
    async def test_direct_connection_leak(database_engine):
        connection = await database_engine.connect()
        await connection.execute(query)
    """
    assert lines(code, path="tests/server/test_leaks.py") == []
    assert lines(code, path="app/leaks.py") == [2]


def test_autocommit_restored_by_another_function_only_when_that_one_does_not_turn_it_off():
    code = """
    from django.db import connection, transaction

    def import_rows(rows):
        transaction.set_autocommit(False)
        for row in rows:
            row.save()
        transaction.commit()
        transaction.set_autocommit(True)

    def other(rows):
        connection.set_autocommit(False)
        try:
            save_all(rows)
        finally:
            connection.set_autocommit(True)
    """
    assert lines(code) == [4]
    split = """
    from django.db import transaction

    def begin_import():
        transaction.set_autocommit(False)

    def end_import():
        transaction.commit()
        transaction.set_autocommit(True)
    """
    assert lines(split) == []


def test_function_a_script_runs_as_main_ends_with_the_process():
    code = """
    import sqlite3
    import sys

    def main(src):
        conn = sqlite3.connect(src)
        conn.execute("vacuum")
        conn.commit()
        conn.close()

    def helper(src):
        conn = sqlite3.connect(src)
        conn.execute("vacuum")
        conn.close()

    if __name__ == "__main__":
        main(*sys.argv[1:])
    """
    assert lines(code) == [11]


_COMMAND_BODY = """
        conn = sqlite3.connect(path)
        conn.execute("vacuum")
        conn.close()
"""


@pytest.mark.parametrize("header", [
    "import click\n\n@click.command()\n@click.argument('path')\ndef vacuum(path):",
    "import click\n\n@click.group()\ndef cli():\n    pass\n\n@cli.command()\ndef vacuum(path):",
    "import typer\n\napp = typer.Typer()\n\n@app.command()\ndef vacuum(path):",
    "import typer\n\napp = typer.Typer()\n\n@app.callback()\ndef vacuum(path):",
    "from flask import Flask\n\napp = Flask(__name__)\n\n@app.cli.command('vacuum')\ndef vacuum(path):",
])
def test_command_line_command_ends_with_its_process(header):
    code = "import sqlite3\n" + header + textwrap.indent(textwrap.dedent(_COMMAND_BODY), "    ")
    assert lines(code) == []
    plain = code.replace("@", "# @")  # the same function, not a command: web code may call it
    assert len(lines(plain)) == 1


def test_django_management_command_handle_ends_with_its_process():
    code = """
    import sqlite3
    from django.core.management.base import BaseCommand

    class Command(BaseCommand):
        def handle(self, *args, **options):
            conn = sqlite3.connect(options["path"])
            conn.execute("vacuum")
            conn.close()

        def vacuum(self, path):
            conn = sqlite3.connect(path)
            conn.execute("vacuum")
    """
    assert lines(code) == [11]  # only the other method: handle() is the command's run
    # A project base class: the module Django loads the command from says it is one.
    loaded = code.replace("from django.core.management.base import BaseCommand", "from app.base import BaseCommand")
    assert lines(loaded, path="app/management/commands/vacuum.py") == [11]
    assert lines(loaded, path="app/services/vacuum.py") == [6, 11]
    label = code.replace("BaseCommand", "LabelCommand").replace("def handle(self, *args, **options)",
                                                                "def handle_label(self, label, **options)")
    assert lines(label) == [11]


def test_a_command_helper_that_closes_on_its_happy_path_leaks_nothing_an_exception_would_not_end():
    """A method of a management command other than handle() may run many times (a loop in handle()),
    so one that never closes its handle is reported; one that closes it except when an exception
    escapes is not: that exception ends the command's process. In a service class it is reported."""
    code = """
    import sqlite3
    from django.core.management.base import BaseCommand

    class Command(BaseCommand):
        def handle(self, *args, **options):
            for path in options["paths"]:
                self.vacuum(path)

        def vacuum(self, path):
            conn = sqlite3.connect(path)
            conn.execute("vacuum")
            conn.close()
    """
    assert lines(code) == []
    assert lines(code.replace("(BaseCommand)", "")) == [10]


def test_command_that_runs_until_stopped_still_reports():
    forever = """
    import sqlite3
    import time
    from django.core.management.base import BaseCommand

    class Command(BaseCommand):
        def handle(self, *args, **options):
            while True:
                conn = sqlite3.connect(options["path"])
                conn.execute("delete from jobs where done")
                conn.close()
                time.sleep(60)
    """
    assert lines(forever) == [8]
    polling = forever.replace("while True:", "while not self.stopped:")
    assert lines(polling) == [8]
    once = forever.replace("while True:", "if True:").replace("time.sleep(60)", "pass")
    assert lines(once) == []
    retry = forever.replace("time.sleep(60)", "break")  # a prompt or retry loop ends
    assert lines(retry) == []
    interrupted = forever.replace("time.sleep(60)", "time.sleep(60)\n                break")
    assert lines(interrupted) == [8]  # a loop that sleeps polls until a signal or a flag stops it
    inner = forever.replace("time.sleep(60)", "for job in jobs:\n                    break")
    assert lines(inner) == [8]  # the break ends the inner loop only


def test_helper_a_command_calls_still_reports():
    code = """
    import sqlite3
    import click

    def purge(path):
        conn = sqlite3.connect(path)
        conn.execute("delete from jobs where done")
        conn.close()

    @click.command()
    def cli(path):
        purge(path)
    """
    assert lines(code) == [5]


def test_function_nested_in_a_command_still_reports():
    code = """
    import sqlite3
    import click

    @click.command()
    def cli(path):
        def purge():
            conn = sqlite3.connect(path)
            conn.execute("delete from jobs where done")
            conn.close()
        return purge
    """
    assert lines(code) == [7]


_GROUP_MODULES = {
    "click": "import click\n\n@click.group()\ndef cli():\n    pass\n",
    "subgroup": "import click\nfrom app.root import root\n\n@root.group()\ndef cli():\n    pass\n",
    "typer": "import typer\n\ncli = typer.Typer()\n",
    "flask": "from flask.cli import AppGroup\n\ncli = AppGroup('jobs')\n",
}


@pytest.mark.parametrize("group", sorted(_GROUP_MODULES))
def test_command_on_a_group_of_another_module_ends_with_its_process(group):
    files = {"app/cli.py": _GROUP_MODULES[group], "app/root.py": _GROUP_MODULES["click"].replace("cli", "root")}
    code = "import sqlite3\nfrom .cli import cli\n\n@cli.command()\ndef vacuum(path):" \
        + textwrap.indent(textwrap.dedent(_COMMAND_BODY), "    ")
    assert lines(code, path="app/commands.py", files=files) == []
    # The same decorator on an object of another module that is no command group: web code may call it.
    other = {"app/cli.py": "from app.tasks import Registry\n\ncli = Registry()\n"}
    assert lines(code, path="app/commands.py", files=other) == [6]
    forever = code.replace('conn.execute("vacuum")', 'while True:\n        conn.execute("vacuum")')
    assert lines(forever, path="app/commands.py", files=files) == [6]  # a daemon command still reports


@pytest.mark.parametrize("attach", ["cli.add_command(purge)", "cli.add_command(click.command()(purge))",
                                    "cli.command('purge')(purge)"])
def test_function_attached_to_a_group_ends_with_its_process(attach):
    jobs = """
    import sqlite3

    def purge(path):
        conn = sqlite3.connect(path)
        conn.execute("delete from jobs where done")
        conn.close()

    def helper(path):
        conn = sqlite3.connect(path)
        conn.execute("delete from jobs where done")
        conn.close()
    """
    cli = f"import click\nfrom app.jobs import purge\n\n@click.group()\ndef cli():\n    pass\n\n{attach}\n"
    assert lines(jobs, path="app/jobs.py", files={"app/cli.py": cli}) == [9]
    assert lines(jobs, path="src/app/jobs.py", files={"src/app/cli.py": cli}) == [9]  # imported from src/
    assert lines(jobs, path="app/jobs.py") == [4, 9]  # attached nowhere


def test_cursor_returned_to_the_caller_hands_the_connection_over():
    code = """
    import psycopg2

    def get_cursor():
        conn = psycopg2.connect("dbname=app")
        return conn.cursor()

    def prepared_cursor():
        conn = psycopg2.connect("dbname=app")
        cur = conn.cursor()
        cur.execute("set search_path to app")
        return cur

    def rows():
        conn = psycopg2.connect("dbname=app")
        return conn.cursor().execute("select 1").fetchall()

    def first_row():
        conn = psycopg2.connect("dbname=app")
        cur = conn.cursor()
        cur.execute("select 1")
        return cur.fetchone()

    class Store:
        def __init__(self):
            conn = psycopg2.connect("dbname=app")
            self.cur = conn.cursor()
    """
    # A DB-API cursor keeps its connection (`cursor.connection`): the caller owns both (the object does,
    # given the cursor to keep). Rows keep nothing.
    assert lines(code) == [14, 18]


def test_advice_for_a_handle_returned_on_other_paths_never_says_with():
    code = """
    import psycopg2

    def get_conn(dsn, schema):
        conn = psycopg2.connect(dsn)
        if not schema:
            return None
        conn.cursor().execute("set search_path to %s", (schema,))
        return conn

    def count(dsn):
        conn = psycopg2.connect(dsn)
        cur = conn.cursor()
        cur.execute("select count(*) from t")
        if cur.fetchone()[0] == 0:
            return 0
        conn.close()
        return 1
    """
    returned, kept = messages(code)
    assert "is not released when the function returns at line 6" in returned
    assert "release it (`conn.close()`) on the paths that keep it" in returned
    assert "closing(" not in returned and "use `with" not in returned
    assert "use `with contextlib.closing(psycopg2.connect(dsn)) as conn:`" in kept  # nothing handed over here
    assert fix_source(code, UnreleasedTransaction) == textwrap.dedent(code).lstrip("\n")


@pytest.mark.parametrize("start", [
    "threading.Thread(target=work, args=(conn,)).start()",
    "threading.Thread(target=work, kwargs={'conn': conn}).start()",
    "executor.submit(work, conn)",
    "loop.run_in_executor(None, work, conn)",
])
def test_handle_handed_to_a_thread_whose_function_closes_it(start):
    code = f"""
    import sqlite3
    import threading

    def work(conn):
        try:
            conn.execute("vacuum")
        finally:
            conn.close()

    def borrow(conn):
        conn.execute("vacuum")

    def run(path, executor, loop):
        conn = sqlite3.connect(path)
        {start}
    """
    assert lines(code) == []  # the thread's function owns it and closes it
    # A function that only uses it: nobody closes it, in this thread or the other.
    assert lines(code.replace("(target=work", "(target=borrow").replace("(work,", "(borrow,")
                 .replace("None, work,", "None, borrow,")) == [14]


@pytest.mark.parametrize("connect", ["if db.is_closed():\n            db.connect()", "db.connect(reuse_if_open=True)"])
def test_peewee_connection_opened_only_when_the_thread_has_none(connect):
    code = f"""
    from peewee import SqliteDatabase

    db = SqliteDatabase("app.db")

    def handle(request):
        {connect}
        response = dispatch(request)
        db.close()
        return response
    """
    # What an exception leaves open, the next request on the thread reuses: one per thread, as autoconnect.
    assert lines(code) == []
    plain = code.replace(connect, "db.connect()")
    assert lines(plain) == [6]
    other = code.replace("if db.is_closed():", "if other.is_closed():")  # guarded by another database
    assert lines(other) == ([7] if "is_closed" in connect else [])


def test_handle_captured_by_a_function_another_thread_runs():
    code = """
    import sqlite3
    import threading

    def run(path):
        conn = sqlite3.connect(path)

        def work():
            try:
                conn.execute("vacuum")
            finally:
                conn.close()

        thread = threading.Thread(target=work)
        thread.start()
        thread.join()
    """
    assert lines(code) == []  # the thread closes it
    borrowed = code.replace("try:\n                conn.execute", "if True:\n                conn.execute") \
        .replace("finally:\n                conn.close()", "pass")
    assert lines(borrowed) == [5]  # the thread only uses it: nobody closes it
    returned = borrowed.replace("thread = threading.Thread(target=work)", "return work") \
        .replace("thread.start()\n", "").replace("thread.join()\n", "")
    assert lines(returned) == []  # the caller gets the function, and the handle with it


def test_index_records_command_groups_and_attached_commands():
    index = build_index({
        "app/cli.py": """
        import click
        import typer
        from app.jobs import purge
        from app.root import root

        jobs = typer.Typer()
        registry = dict()

        @click.group()
        def cli():
            pass

        @root.group()
        def db():
            pass

        @registry.get("x")
        def not_a_group():
            pass

        cli.add_command(purge)
        """,
    })
    facts = index.files["app/cli.py"]
    assert facts.command_groups == ("cli", "db", "jobs")
    assert facts.registered_commands == ("app.jobs.purge",)


def test_advice_after_lending_the_handle_to_an_unknown_call_still_says_with():
    code = """
    import psycopg2

    def has_view(dsn, name):
        conn = psycopg2.connect(dsn)
        try:
            views = inspect_views(connection=conn)
        except Exception:
            return False
        return name in views
    """
    # The call may keep it or only borrow it: nothing says the function hands it over, and
    # the leak on the `except` path is fixed by closing it there as well as with `with`.
    (message,) = messages(code)
    assert "is not released when the function returns at line 8" in message
    assert "use `with contextlib.closing(psycopg2.connect(dsn)) as conn:`" in message


def test_a_transaction_on_the_connection_a_callback_is_lent_ends_when_its_lender_closes_it():
    """``def thd(conn)`` handed to ``pool.do(thd)``: an exception goes back to the code that lent the
    connection, which closes or returns it (a rollback); a transaction the callback never ends, and one on a
    connection a plain method is given, are still reported."""
    code = """
    import sqlalchemy as sa

    class Builders:
        def update(self, builder_id, description):
            def thd(conn):
                transaction = conn.begin()
                conn.execute(sa.text("UPDATE builders SET d = :d WHERE id = :i"), {"d": description, "i": builder_id})
                transaction.commit()
            return self.db.pool.do(thd)

        def forget(self, description):
            def thd(conn):
                transaction = conn.begin()
                conn.execute(sa.text("UPDATE builders SET d = :d"), {"d": description})
            return self.db.pool.do(thd)

        def direct(self, conn, description):
            transaction = conn.begin()
            conn.execute(sa.text("UPDATE builders SET d = :d"), {"d": description})
            transaction.commit()
    """
    assert lines(code) == [13, 18]


def test_a_driver_connection_dropped_at_once_is_closed_as_it_is_freed():
    """``psycopg2.connect(...)`` as a bare statement (a probe of the server): nothing refers to the
    connection once the statement ends, and the driver closes it as CPython frees it. A SQLAlchemy
    connection or an asyncpg one dropped alike stays checked out until the collector or the event loop
    gets to it."""
    code = """
    import asyncpg
    import psycopg2
    import sqlite3
    from sqlalchemy import create_engine

    engine = create_engine("sqlite://")

    def probe(kwargs):
        try:
            psycopg2.connect(**kwargs)
        except Exception as err:
            return str(err)
        sqlite3.connect("app.db")

    def checked_out():
        engine.connect()

    async def probe_async(dsn):
        await asyncpg.connect(dsn)
    """
    assert lines(code) == [16, 19]
