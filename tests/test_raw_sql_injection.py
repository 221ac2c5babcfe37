"""ORM201 raw-sql-injection and ORM202 sql-identifier-interpolation: sinks, helpers, flow, provenance,
hole kinds, messages, triage comments and fixes."""

from __future__ import annotations

import textwrap

import libcst as cst
import pytest
from ormlint.rules.raw_sql.raw_sql_injection import RawSqlInjection
from ormlint.rules.raw_sql.sql_identifier_interpolation import SqlIdentifierInterpolation

from ormlint.analysis.sql.holes import (
    FRAGMENT,
    IDENTIFIER,
    VALUE,
    classify,
    parses_in_dialects,
)
from ormlint.testing import build_index, fix_source, lint_source


def findings(code: str, **kwargs):
    return lint_source(code, RawSqlInjection, **kwargs)


def fixed(code: str, **kwargs) -> str:
    result = fix_source(code, RawSqlInjection, **kwargs)
    cst.parse_module(result)
    assert fix_source(result, RawSqlInjection, **kwargs) == result  # idempotent
    return result


def dedent(code: str) -> str:
    return textwrap.dedent(code).lstrip("\n")


# -- sinks by identity -----------------------------------------------------------------------

SINKS = {
    "sqlite3 connection": """
        import sqlite3
        def f(name):
            conn = sqlite3.connect("x.db")
            conn.execute(f"SELECT * FROM users WHERE name = '{name}'")
    """,
    "psycopg2 cursor chain": """
        import psycopg2
        def f(name):
            conn = psycopg2.connect("dbname=app")
            cur = conn.cursor()
            cur.execute("SELECT * FROM users WHERE name = '%s'" % name)
    """,
    "pymysql with cursor": """
        import pymysql
        def f(name):
            conn = pymysql.connect(host="db")
            with conn.cursor() as cur:
                cur.execute("SELECT * FROM users WHERE name = '{}'".format(name))
    """,
    "django connection cursor": """
        from django.db import connection
        def f(name):
            with connection.cursor() as cursor:
                cursor.execute("SELECT * FROM users WHERE name = '" + name + "'")
    """,
    "django connections[alias]": """
        from django.db import connections
        def f(name):
            connections["replica"].cursor().execute(f"SELECT * FROM users WHERE name = '{name}'")
    """,
    "django executemany": """
        from django.db import connection
        def f(table, rows):
            with connection.cursor() as cursor:
                cursor.executemany(f"INSERT INTO log VALUES (%s, '{table}')", rows)
    """,
    "django raw": """
        from django.db import models
        class User(models.Model):
            name = models.CharField(max_length=10)
        def f(name):
            return User.objects.raw(f"SELECT * FROM auth_user WHERE name = '{name}'")
    """,
    "django RawSQL": """
        from django.db.models.expressions import RawSQL
        def f(qs, n):
            return qs.annotate(hot=RawSQL(f"score > {n}", []))
    """,
    "django extra": """
        from myapp.models import Product
        from django.db.models import F
        def f(name):
            return Product.objects.filter(active=True).extra(where=[f"name = '{name}'"])
    """,
    "django schema_editor": """
        from django.db import migrations
        def forwards(apps, schema_editor):
            for name in apps.get_app_config("shop").get_models():
                schema_editor.execute(f"UPDATE shop_product SET name = '{name}'")
    """,
    "sqlalchemy text": """
        from sqlalchemy import text
        def f(session, name):
            session.execute(text(f"SELECT * FROM users WHERE name = '{name}'"))
    """,
    "sqlalchemy session parameter": """
        from sqlalchemy.orm import Session
        def f(session: Session, name):
            session.execute(f"SELECT * FROM users WHERE name = '{name}'")
    """,
    "sqlalchemy sessionmaker()()": """
        from sqlalchemy import create_engine
        from sqlalchemy.orm import sessionmaker
        SessionLocal = sessionmaker(bind=create_engine("sqlite://"))
        def f(name):
            with SessionLocal() as session:
                session.execute(f"SELECT * FROM users WHERE name = '{name}'")
    """,
    "sqlalchemy engine.connect exec_driver_sql": """
        import sqlalchemy as sa
        engine = sa.create_engine("postgresql://")
        def f(name):
            with engine.connect() as conn:
                conn.exec_driver_sql(f"SELECT * FROM users WHERE name = '{name}'")
    """,
    "sqlalchemy AsyncSession": """
        from sqlalchemy.ext.asyncio import AsyncSession
        async def f(db: AsyncSession, name):
            await db.execute(f"DELETE FROM users WHERE name = '{name}'")
    """,
    "asyncpg pool acquire": """
        import asyncpg
        async def f(name):
            pool = await asyncpg.create_pool("postgresql://")
            async with pool.acquire() as conn:
                await conn.fetch(f"SELECT * FROM users WHERE name = '{name}'")
    """,
    "asyncpg typed parameter": """
        import asyncpg
        async def f(conn: asyncpg.Connection, uid):
            return await conn.fetchval(f"SELECT name FROM users WHERE id = {uid}")
    """,
    "peewee execute_sql": """
        from peewee import SqliteDatabase
        db = SqliteDatabase("app.db")
        def f(name):
            db.execute_sql(f"SELECT * FROM users WHERE name = '{name}'")
    """,
    "peewee SQL": """
        from peewee import SQL
        def f(query, name):
            return query.where(SQL(f"name = '{name}'"))
    """,
    "tortoise connection": """
        from tortoise import connections
        async def f(name):
            conn = connections.get("default")
            await conn.execute_query(f"SELECT * FROM users WHERE name = '{name}'")
    """,
    "pandas read_sql": """
        import pandas as pd
        def f(engine, name):
            return pd.read_sql(f"SELECT * FROM users WHERE name = '{name}'", engine)
    """,
    "alembic op.execute": """
        from alembic import op
        def upgrade(name="x"):
            op.execute(f"UPDATE users SET role = 'admin' WHERE name = '{name}'")
    """,
}


@pytest.mark.parametrize("code", SINKS.values(), ids=SINKS.keys())
def test_sinks_are_reported(code):
    found = findings(code)
    assert len(found) == 1, found
    assert found[0].code == "ORM201"


NOT_SINKS = {
    "redis execute_command": """
        def f(redis, key):
            redis.execute_command(f"GET {key}")
    """,
    "logger": """
        import logging
        log = logging.getLogger(__name__)
        def f(name):
            log.info(f"SELECT * FROM users WHERE name = '{name}'")
    """,
    "unknown receiver execute": """
        def f(runner, name):
            runner.execute(f"SELECT * FROM users WHERE name = '{name}'")
    """,
    "a text() that is not sqlalchemy's": """
        from myapp.ui import text
        def f(name):
            return text(f"Select a value from {name}")
    """,
    "celery fetch": """
        def f(client, name):
            return client.fetch(f"/users/{name}")
    """,
}


@pytest.mark.parametrize("code", NOT_SINKS.values(), ids=NOT_SINKS.keys())
def test_non_sinks_are_left_alone(code):
    assert findings(code) == []


MORE_SINKS = {
    "alembic op.get_bind() held in a variable": """
        import sqlalchemy as sa
        from alembic import op
        def upgrade():
            conn = op.get_bind()
            for row in conn.execute(sa.text("SELECT id, name FROM tags")):
                conn.execute(f"UPDATE tags SET slug = '{row.name}' WHERE id = {row.id}")
    """,
    "engine.connect() held in a variable": """
        from sqlalchemy import create_engine
        engine = create_engine("postgresql://")
        def f(name):
            conn = engine.connect()
            conn.execute(f"DELETE FROM users WHERE name = '{name}'")
    """,
    "session.connection()": """
        from sqlalchemy.orm import Session
        def f(session: Session, name):
            conn = session.connection()
            conn.exec_driver_sql(f"DELETE FROM users WHERE name = '{name}'")
    """,
    "db.engine.raw_connection()": """
        from app import db
        from flask_sqlalchemy import SQLAlchemy
        def f(name):
            cursor = db.engine.raw_connection().cursor()
            cursor.execute(f"DELETE FROM users WHERE name = '{name}'")
    """,
    "a connection assigned to self in __init__": """
        import psycopg2
        class Repo:
            def __init__(self, dsn):
                self.conn = psycopg2.connect(dsn)
            def by_ref(self, ref):
                with self.conn.cursor() as cur:
                    cur.execute("SELECT * FROM invoices WHERE ref = '%s'" % ref)
    """,
    "a connection given to __init__ with an annotation": """
        import sqlite3
        class Store:
            def __init__(self, conn: sqlite3.Connection):
                self.conn = conn
            def notes(self, user):
                return self.conn.execute(f"SELECT body FROM notes WHERE author = '{user}'").fetchall()
    """,
    "aiosqlite connection": """
        import aiosqlite
        async def f(path, user):
            async with aiosqlite.connect(path) as db:
                async with db.execute(f"SELECT body FROM notes WHERE author = '{user}'") as cursor:
                    return await cursor.fetchall()
    """,
    "psycopg_pool connection": """
        from psycopg_pool import ConnectionPool
        pool = ConnectionPool("dbname=app")
        def f(name):
            with pool.connection() as conn:
                conn.execute(f"DELETE FROM users WHERE name = '{name}'")
    """,
}


@pytest.mark.parametrize("code", MORE_SINKS.values(), ids=MORE_SINKS.keys())
def test_sinks_wherever_they_are_held(code):
    [finding] = findings(code)
    assert finding.code == "ORM201"


def test_handle_imported_from_another_module():
    service = """
        from shop.models import db
        def tag_count(tag):
            return db.execute_sql("SELECT count(*) FROM tweet WHERE tag = '{}'".format(tag)).fetchone()
    """
    models = {"shop/models.py": """
        from peewee import SqliteDatabase
        db = SqliteDatabase("app.db")
    """}
    [finding] = findings(service, path="shop/service.py", files=models)
    assert "write `?`" in finding.message  # the imported database is SQLite: qmark
    assert findings(service, path="shop/service.py") == []  # no index: an unknown `db`


def test_handle_the_application_holds_by_name():
    """aiohttp's ``app["pool"]`` and FastAPI's ``app.state.pool``, set where the application starts: a handler
    reading them from its request runs SQL on the pool; the same key on another object is not the pool."""
    setup = {"api/setup.py": """
        import asyncpg
        async def init(app):
            app["pool"] = await asyncpg.create_pool("postgresql:///api")
            app.state.db = await asyncpg.create_pool("postgresql:///api")
    """}
    handlers = """
        async def by_key(request, name):
            return await request.app["pool"].fetch(f"SELECT id FROM users WHERE name = '{name}'")
        async def by_state(request, name):
            async with request.app.state.db.acquire() as conn:
                return await conn.fetch(f"SELECT id FROM users WHERE name = '{name}'")
        async def other_mapping(request, name, cache):
            return await cache["pool"].fetch(f"SELECT id FROM users WHERE name = '{name}'")
        async def request_state(request, name):
            return await request.state.db.fetch(f"SELECT id FROM users WHERE name = '{name}'")
    """
    found = findings(handlers, path="api/handlers.py", files=setup)
    assert [f.span.line for f in found] == [2, 5]
    assert all("write `$1`" in f.message for f in found)  # asyncpg's placeholders


def test_the_projects_configuration_object_is_configuration():
    """``Config.db.journal_mode`` of the project's imported configuration object is set by its operator, as Django's
    settings; a local named ``config`` bound to request data is not."""
    code = """
        import sqlite3
        from flask import request
        from .config import Config

        def tune(conn: sqlite3.Connection):
            conn.execute(f"PRAGMA journal_mode={Config.db.journal_mode}")

        def search(conn: sqlite3.Connection):
            config = request.get_json()
            return conn.execute(f"SELECT * FROM jobs WHERE owner = '{config.owner}'").fetchall()
    """
    assert [f.span.line for f in findings(code, path="app/db.py")] == [10]


def test_user_declared_sink():
    code = """
        from myapp.db import run_sql
        def f(name):
            run_sql(f"SELECT * FROM users WHERE name = '{name}'")
    """
    assert findings(code) == []
    found = findings(code, options={"extra-sinks": ["myapp.db.run_sql"]})
    assert len(found) == 1 and "run_sql()" in found[0].message
    assert found[0].fix is None  # the wrapper's paramstyle is unknown


# -- project helpers that run their argument -------------------------------------------------

HELPERS = {"core/db.py": """
    from django.db import connection

    def fetch_all(sql, params=None):
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def run(sql):
        with connection.cursor() as cursor:
            cursor.execute(sql)

    def log_sql(sql):
        print(sql)

    class Repository:
        def query(self, sql, *args):
            with connection.cursor() as cursor:
                cursor.execute(sql, args)
                return cursor.fetchall()
"""}


def test_helper_of_another_module_is_a_sink():
    code = """
        from core.db import fetch_all, log_sql, run
        def history(username: str):
            log_sql(f"SELECT ip FROM logins WHERE username = '{username}'")
            run(f"DELETE FROM logins WHERE username = '{username}'")
            return fetch_all(f"SELECT ip FROM logins WHERE username = '{username}'")
    """
    found = findings(code, path="accounts/services.py", files=HELPERS)
    assert [f.line for f in found] == [4, 5]
    assert "`run()` (which runs it with `cursor.execute()` in `core.db.run`)" in found[0].message
    assert found[0].fix is None  # run() takes no parameters
    assert found[1].fix is not None


def test_helper_fix_passes_the_values_through_the_helper():
    code = """
        from core.db import fetch_all
        def history(username: str):
            return fetch_all(f"SELECT ip FROM logins WHERE username = '{username}' AND ip LIKE '10.%'")
    """
    assert fixed(code, path="accounts/services.py", files=HELPERS) == dedent("""
        from core.db import fetch_all
        def history(username: str):
            return fetch_all("SELECT ip FROM logins WHERE username = %s AND ip LIKE '10.%%'", params=(username,))
    """)


def test_helper_in_the_same_module_and_a_method_of_the_class():
    code = """
        from django.db import connection

        def _run(sql):
            with connection.cursor() as cursor:
                cursor.execute(sql)

        class Reports:
            def _query(self, sql):
                with connection.cursor() as cursor:
                    cursor.execute(sql)

            def by_owner(self, owner):
                _run(f"DELETE FROM report WHERE owner = '{owner}'")
                return self._query(f"SELECT * FROM report WHERE owner = '{owner}'")
    """
    found = findings(code)
    assert [f.line for f in found] == [13, 14]
    assert "`self._query()` (which runs it with `cursor.execute()` in `app.module.Reports._query`)" in found[1].message


def test_helper_that_builds_its_own_sql_is_not_a_pass_through():
    code = """
        from core.db import log_sql
        def f(name):
            log_sql(f"SELECT * FROM users WHERE name = '{name}'")
    """
    assert findings(code, files=HELPERS) == []


# -- flow within a function ----------------------------------------------------------------


def test_sql_built_in_a_variable_is_reported_at_the_sink_with_a_related_location():
    code = """
        import sqlite3
        def f(name):
            conn = sqlite3.connect("x.db")
            query = f"SELECT * FROM users WHERE name = '{name}'"
            rows = conn.execute(query).fetchall()
            return rows
    """
    [finding] = findings(code)
    assert finding.line == 5
    assert [r.span.line for r in finding.related] == [4]


BUILDERS = """
    from django.db import connection

    def build_query(term, kind="post"):
        if not term:
            return "SELECT id FROM posts"
        return f"SELECT id FROM posts WHERE kind = '{kind}' AND title = '{term}'"

    class Search:
        def _where(self, column):
            return f"SELECT id FROM posts WHERE {column} = 1"

        def run(self, column):
            with connection.cursor() as cursor:
                cursor.execute(self._where(column))
"""


def test_sql_returned_by_a_function_of_the_module_is_that_of_the_sink():
    code = BUILDERS + """
    def search(request):
        with connection.cursor() as cursor:
            cursor.execute(build_query(request.GET["q"]))
            return cursor.fetchall()
    """
    [finding] = findings(code)
    assert finding.line == 18
    assert "`term` (request data)" in finding.message  # the argument this call passes for the parameter
    assert [r.span.line for r in finding.related] == [6]  # where the SQL is built
    assert finding.fix is None  # built in another function: no rewrite at the sink


def test_sql_returned_by_a_function_is_safe_for_the_values_this_call_passes():
    code = BUILDERS + """
    def drafts(limit: int):
        with connection.cursor() as cursor:
            cursor.execute(build_query("draft"))  # a literal; `kind` left to its literal default
            cursor.execute(build_query(str(limit), kind="page"))
    """
    assert findings(code) == []  # Search._where pastes an identifier: ORM202's, not a value


QUERIES = {"reports/queries.py": """
    TABLE = "sales"

    def sales_sql(region, kind="retail"):
        return f"SELECT SUM(amount) FROM {TABLE} WHERE region = '{region}' AND kind = '{kind}'"

    def greeting(name):
        return f"Hello {name}, select your plan from the list"
"""}


def test_sql_returned_by_a_function_of_another_module_is_that_of_the_sink():
    code = """
        from django.db import connection
        from reports import queries

        def sales(request):
            with connection.cursor() as cursor:
                cursor.execute(queries.sales_sql(request.GET["region"]))
                return cursor.fetchone()
    """
    [finding] = findings(code, files=QUERIES)
    assert finding.line == 6
    assert "f-string in `queries.sales_sql()` pastes `request.GET[\"region\"]` (request data)" in finding.message
    assert "`queries.sales_sql()` builds the SQL" in finding.message
    assert finding.fix is None


def test_sql_of_another_module_is_safe_for_literals_and_unknown_for_spread_arguments():
    code = """
        from django.db import connection
        from reports.queries import greeting, sales_sql

        def sales(args):
            with connection.cursor() as cursor:
                cursor.execute(sales_sql("north", kind="web"))  # literals
                cursor.execute(sales_sql("south"))  # kind left to its literal default
                cursor.execute(sales_sql(*args))  # which argument lands where is unknown
                cursor.execute(greeting(args[0]))  # text, but no SQL statement: not a builder
    """
    assert findings(code, files=QUERIES) == []
    [facts] = build_index(QUERIES).files.values()
    assert [b.function for b in facts.sql_builders] == ["reports.queries.sales_sql"]
    assert facts.sql_builders[0].returns[0].texts[0] == "SELECT SUM(amount) FROM sales WHERE region = '"


def test_augmented_assignment_under_a_condition():
    code = """
        from django.db import connection
        def f(q, status):
            sql = "SELECT * FROM shop_product WHERE 1 = 1"
            params = []
            if status:
                sql += " AND status = %s"
                params.append(status)
            if q:
                sql += " AND name = '" + q + "'"
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
    """
    [finding] = findings(code)
    assert finding.message.startswith("+= pastes `q` (parameter `q` of `f`) into a value")


def test_join_of_clauses_built_in_a_list():
    code = """
        from django.db import connection
        def f(filters):
            clauses = ["active = 1"]
            for key in ("a", "b"):
                clauses.append(f"{key} = %s")
            clauses.append(f"owner = '{filters['owner']}'")
            sql = "SELECT * FROM t WHERE " + " AND ".join(clauses)
            with connection.cursor() as cursor:
                cursor.execute(sql, [1, 2])
    """
    [finding] = findings(code)
    assert "`filters['owner']` (parameter `filters` of `f`) into a value" in finding.message


def test_format_with_kwargs_and_percent_with_dict():
    code = """
        from django.db import connection
        def f(params, name):
            with connection.cursor() as cursor:
                cursor.execute("SELECT * FROM t WHERE a = '{a}'".format(**params))
                cursor.execute("SELECT * FROM t WHERE b = '%(b)s'" % {"b": name})
    """
    found = findings(code)
    assert len(found) == 2
    assert "`params['a']`" in found[0].message
    assert "`name` (parameter `name` of `f`) into a value" in found[1].message


def test_assignments_in_branches_are_alternatives():
    code = """
        import sqlite3
        def f(dataset, table):
            conn = sqlite3.connect("x")
            if dataset.sql:
                sql = dataset.sql
            else:
                sql = f"SELECT * FROM t WHERE name = '{table}'"
            return conn.execute(sql).fetchall()
    """
    [finding] = findings(code)
    assert "`table` (parameter `table` of `f`) into a value" in finding.message
    assert finding.fix is None


def test_rebinding_to_a_constant_clears_the_flow():
    code = """
        from django.db import connection
        def f(name):
            sql = f"SELECT * FROM t WHERE name = '{name}'"
            sql = "SELECT * FROM t"
            with connection.cursor() as cursor:
                cursor.execute(sql)
    """
    assert findings(code) == []


def test_sql_in_tests_is_not_checked():
    code = """
        import sqlite3
        def test_names(name="x"):
            conn = sqlite3.connect(":memory:")
            conn.execute(f"SELECT * FROM users WHERE name = '{name}'")
    """
    assert findings(code, path="tests/test_names.py") == []
    assert len(findings(code, path="app/names.py")) == 1


# -- provenance: what is known to be safe ------------------------------------------------------


SAFE = {
    "module constant": """
        from django.db import connection
        STATUS = "paid"
        def f():
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT * FROM shop_order WHERE status = '{STATUS}'")
    """,
    "module constant built from constants": """
        from django.db import connection
        SCHEMA = "app"
        TABLE = SCHEMA + ".product"
        QUERY = f"SELECT * FROM {TABLE}"
        def f():
            with connection.cursor() as cursor:
                cursor.execute(QUERY + " WHERE id = %s", [1])
    """,
    "enum value": """
        import enum
        from django.db import connection
        class State(enum.Enum):
            OPEN = "open"
        def f():
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT * FROM t WHERE state = '{State.OPEN.value}'")
    """,
    "self.value inside a StrEnum": """
        from enum import StrEnum
        from django.db import connection
        class State(StrEnum):
            OPEN = "open"
            CLOSED = "closed"
            def count(self):
                with connection.cursor() as cursor:
                    cursor.execute(f"SELECT count(*) FROM t WHERE state = '{self.value}'")
    """,
    "enum-annotated parameter": """
        import enum
        from django.db import connection
        class State(enum.Enum):
            OPEN = "open"
        def f(state: State):
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT * FROM t WHERE state = '{state.value}'")
    """,
    "Literal-annotated parameter": """
        from typing import Literal
        from django.db import connection
        def f(direction: Literal["ASC", "DESC"]):
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT * FROM t WHERE kind = '{direction}'")
    """,
    "numeric annotations, arithmetic and len()": """
        import sqlite3
        def f(conn: sqlite3.Connection, page: int, size: int | None, names: list[str]):
            offset = (page - 1) * size
            conn.execute(f"SELECT * FROM t LIMIT {size} OFFSET {offset} -- {len(names)}")
    """,
    "int() and min() of numbers": """
        import sqlite3
        def f(conn: sqlite3.Connection, raw_limit):
            limit = min(int(raw_limit), 100)
            conn.execute(f"SELECT * FROM t LIMIT {limit}")
    """,
    "range() and enumerate() indexes": """
        import sqlite3
        def f(conn: sqlite3.Connection, days, names):
            for day in range(days):
                conn.execute(f"SELECT count(*) FROM t WHERE age_days = {day}")
            for i, name in enumerate(names):
                conn.execute(f"UPDATE t SET position = {i} WHERE id = ?", [name])
    """,
    "elements of a list[int] parameter": """
        from django.db import connection
        def f(ids: list[int]):
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM t WHERE id IN (%s)" % ",".join(str(i) for i in ids))
    """,
    "generated UUIDs and ids": """
        import uuid
        from django.db import connection
        def f(obj):
            batch = uuid.uuid4().hex[:8]
            with connection.cursor() as cursor:
                cursor.execute(f"UPDATE t SET batch = '{batch}' WHERE owner_id = {obj.id} AND pk = {obj.pk}")
    """,
    "loop over a literal tuple": """
        from django.db import connection
        def f():
            with connection.cursor() as cursor:
                for state in ("a", "b"):
                    cursor.execute(f"DELETE FROM t WHERE state = '{state}'")
    """,
    "keys of a local dict literal": """
        from sqlalchemy import text
        def f(session, household_id, name):
            data = {"id": household_id, "name": name}
            columns = ", ".join(data.keys())
            marks = ", ".join(f":{key}" for key in data.keys())
            session.execute(text(f"INSERT INTO households ({columns}) VALUES ({marks})"), data)
    """,
    "generator placeholders": """
        import sqlite3
        def f(ids):
            conn = sqlite3.connect("x")
            marks = ", ".join("?" for _ in ids)
            conn.execute(f"SELECT * FROM t WHERE id IN ({marks})", ids)
    """,
    "asyncpg $n numbered from range()": """
        import asyncpg
        async def f(conn: asyncpg.Connection, skus: list[str]):
            numbers = ", ".join(f"${i}" for i in range(1, len(skus) + 1))
            return await conn.fetch(f"SELECT * FROM items WHERE sku IN ({numbers})", *skus)
    """,
    "percent-d number": """
        from django.db import connection
        def f(limit):
            with connection.cursor() as cursor:
                cursor.execute("SELECT * FROM t LIMIT %d" % limit)
    """,
    "quoted by the driver's own escape()": """
        import pymysql
        def f(conn: pymysql.connections.Connection, name, city):
            literal = conn.escape_string(city)
            with conn.cursor() as cur:
                cur.execute(f"SELECT id FROM c WHERE name = {conn.escape(name)} AND city = '{literal}'")
    """,
    "quoted by psycopg2's QuotedString and adapt()": """
        import psycopg2
        from psycopg2.extensions import QuotedString, adapt
        def f(conn: psycopg2.extensions.connection, name, city):
            cur = conn.cursor()
            cur.execute(f"SELECT 1 FROM t WHERE a = {QuotedString(name).getquoted().decode()} AND b = {adapt(city)}")
    """,
    "quoted by a project helper named for it": """
        from django.db import connection
        from app.sql import literal_string, escape_value
        def f(name, city):
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT * FROM t WHERE a = {literal_string(name)} AND b = '{escape_value(city)}'")
    """,
    "quote doubled by replace()": """
        from django.db import connection
        def f(name):
            with connection.cursor() as cursor:
                cursor.execute("SELECT * FROM t WHERE a = '%s'" % name.replace("'", "''"))
    """,
    "allow-list check that raises": """
        from django.db import connection
        def f(state):
            if state not in ("open", "closed"):
                raise ValueError(state)
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT * FROM t WHERE state = '{state}'")
    """,
    "allow-list check that resets to a default": """
        from django.db import connection
        STATES = {"open", "closed"}
        def f(request):
            state = request.GET.get("state", "open")
            if state not in STATES:
                state = "open"
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT * FROM t WHERE state = '{state}'")
    """,
    "used inside `if x in ALLOWED:`": """
        from django.db import connection
        STATES = ("open", "closed")
        def f(state):
            sql = "SELECT * FROM t"
            if state in STATES:
                sql += f" WHERE state = '{state}'"
            with connection.cursor() as cursor:
                cursor.execute(sql)
    """,
    "assert allow-list": """
        from django.db import connection
        def f(state):
            assert state in ("open", "closed")
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT * FROM t WHERE state = '{state}'")
    """,
    "anchored regular expression": """
        import re
        from django.db import connection
        CODE = re.compile(r"[A-Z]{3}-[0-9]+")
        def f(code, ref):
            if not CODE.fullmatch(code):
                raise ValueError(code)
            if not re.match(r"^[a-z0-9_]+$", ref):
                return None
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT * FROM t WHERE code = '{code}' AND ref = '{ref}'")
    """,
    "isdigit() check": """
        from django.db import connection
        def f(ref):
            if not ref.isdigit():
                raise ValueError(ref)
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT * FROM t WHERE id = {ref}")
    """,
    "private function called with constants only": """
        from django.db import connection
        def _delete(table_name):
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM audit WHERE relname = '{}'".format(table_name))
        def cleanup():
            _delete("history")
            _delete(table_name="notes")
    """,
    "value returned by a function of the module": """
        from django.db import connection
        def _state():
            return "open"
        def f():
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT * FROM t WHERE state = '{_state()}'")
    """,
    "class-level numeric annotation": """
        from typing import ClassVar
        from sqlalchemy import text
        class Search:
            threshold: ClassVar[float]
            def run(self, session):
                session.execute(text(f"SET pg_trgm.similarity_threshold = {self.threshold}"))
    """,
    "configuration": """
        import os
        from django.conf import settings
        from django.db import connection
        def f():
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT * FROM t WHERE tenant = '{os.environ['TENANT']}' AND site = {settings.SITE_ID}")
    """,
    "quote_name": """
        from django.db import connection
        def f(table):
            with connection.cursor() as cursor:
                cursor.execute("SELECT * FROM t WHERE a = %s" % connection.ops.quote_name(table))
    """,
    "model metadata": """
        from django.db import connection
        def f(model):
            table = model._meta.db_table
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), 1)")
    """,
    "a zlib checksum (an integer) as an advisory lock id": """
        import zlib
        from django.db import connection
        def lock(name):
            lock_id = zlib.crc32(name.encode("utf-8"))
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT pg_advisory_xact_lock({lock_id})")
    """,
    "names of a model's declared fields": """
        from django.db import connection
        def f(model):
            with connection.cursor() as cursor:
                for field in model._meta.fields:
                    cursor.execute("SELECT atttypid FROM pg_attribute WHERE attname = '{}'".format(field.name))
                for field in model._meta.get_fields():
                    cursor.execute(f"SELECT count(*) FROM t WHERE name = '{field.name}'")
    """,
    "dict allow-list lookup": """
        from django.db import connection
        LABELS = {"new": "created", "old": "archived"}
        def f(kind):
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT * FROM t WHERE label = '{LABELS[kind]}'")
    """,
    "joined integers": """
        from django.db import connection
        def f(ids):
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM t WHERE id IN (%s)" % ",".join(str(int(i)) for i in ids))
    """,
    "a whole statement composed into EXPLAIN": """
        def estimate(cursor, statement):
            cursor.execute(f"EXPLAIN (TYPE IO, FORMAT JSON) {statement}")
            return cursor.fetchone()
    """,
    "prose at a sink-looking call that is not SQL": """
        import sqlite3
        def f(name):
            conn = sqlite3.connect("x")
            conn.execute(f"Please select a value from {name}")
    """,
    "identifiers and fragments are ORM202's": """
        from django.db import connection
        def f(table, where, sort):
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT * FROM {table} WHERE {where} ORDER BY {sort}")
    """,
    "rows of placeholders repeated for a batch": """
        from django.db import connection
        def f(batch, fields, params):
            row = "(" + ",".join(["%s"] * (1 + len(fields))) + ")"
            rows = ",".join([row] * len(batch))
            with connection.cursor() as cursor:
                cursor.execute(f"UPDATE t SET f = v.f FROM (VALUES {rows}) AS v(a, f)", params)
    """,
    "a value read from the database pasted bare is a number": """
        from django.db import connection
        def f():
            with connection.cursor() as cursor:
                cursor.execute("SELECT polymorphic_ctype_id FROM dojo_question")
                ctype_id = cursor.fetchone()[0]
                cursor.execute("UPDATE dojo_answer SET polymorphic_ctype_id = " + str(ctype_id))
    """,
    "rows formatted from ids of a values_list": """
        from django.db import connection
        def f(Project):
            values = []
            for project_id in Project.objects.values_list("id", flat=True):
                values.append("('New', {project_id})".format(project_id=project_id))
            connection.cursor().execute("INSERT INTO s (name, project_id) VALUES {};".format(",".join(values)))
    """,
    "a class attribute read through cls (declared in a base class elsewhere)": """
        from sqlalchemy import text
        from app.schema import BaseModel
        class Recipe(BaseModel):
            @classmethod
            def search(cls, session):
                session.execute(text(f"set pg_trgm.word_similarity_threshold = {cls._threshold};"))
    """,
    "a time zone key validated by constructing the zone first": """
        from zoneinfo import ZoneInfo
        from django.db import connection
        def f(tz):
            ZoneInfo(tz)
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT created AT TIME ZONE '{tz}' FROM t")
    """,
    "parsed in a try whose handler leaves, or resets the name": """
        import uuid
        import pytz
        from django.db import connection
        def f(uid, tz):
            try:
                uuid.UUID(uid)
            except ValueError:
                return None
            try:
                pytz.timezone(tz)
            except pytz.UnknownTimeZoneError:
                tz = "UTC"
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT * FROM t WHERE uid = '{uid}' AND tz = '{tz}'")
    """,
    "the result of a validating parser": """
        import datetime
        import ipaddress
        import uuid
        from django.db import connection
        def f(raw_id, since, ip):
            uid = uuid.UUID(raw_id)
            day = datetime.date.fromisoformat(since)
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT * FROM t WHERE uid = '{uid}' AND day > '{day}' "
                               f"AND ip = '{ipaddress.IPv4Address(ip)}'")
    """,
    "a function argument that the statement also uses as a column name is that column": """
        from django.db import connection
        def to_json(table, column):
            with connection.cursor() as cursor:
                cursor.execute(f"ALTER TABLE {table} ALTER COLUMN {column} TYPE jsonb USING to_jsonb({column})")
                cursor.execute(f"SELECT lower({column}) FROM {table} ORDER BY {column}")
    """,
    "elements of a union of sets of numbers, one of them maybe empty": """
        from django.db import connection
        from django.conf import settings
        KEY_SPACES = {"Quota": 1, "Seat": 2}
        def lock_key(obj):
            keyspace = KEY_SPACES.get(type(obj).__name__)
            objectid = obj.pk
            if not keyspace:
                raise ValueError(obj)
            key = ((objectid % 281474976710656) << 16) | ((settings.LOCK_INDEX % 256) << 8) | (keyspace % 256)
            return key
        def lock(objects, shared):
            shared_keys = set(lock_key(o) for o in shared) if shared else set()
            exclusive_keys = set(lock_key(o) for o in objects)
            keys = sorted(list(shared_keys | exclusive_keys))
            calls = ", ".join([f"pg_advisory_xact_lock({k})" for k in keys])
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT {calls};")
    """,
    "a search_path names schemas (SET, SET LOCAL, ALTER DATABASE ... SET), not values": """
        def use(cursor, namespace, schemas, db):
            cursor.execute('SET search_path TO %s' % namespace)
            cursor.execute(f"SET LOCAL search_path = {', '.join(schemas)}")
            cursor.execute('ALTER DATABASE "%s" SET search_path TO %s' % (db, ", ".join(schemas)))
    """,
    "GRANT and REVOKE name privileges, objects and roles, not values": """
        import asyncpg
        async def provision(database, schema, role):
            conn = await asyncpg.connect()
            await conn.execute(f"GRANT CONNECT ON DATABASE {database} TO {role}")
            await conn.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA {schema} "
                               f"TO {role}")
            await conn.execute(f"REVOKE ALL ON SCHEMA {schema} FROM {role}")
            await conn.execute(f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} GRANT SELECT ON TABLES TO {role}")
    """,
    "values a project helper quotes, awaited": """
        import asyncpg
        async def _quoted_literal(conn, value):
            return await conn.fetchval("SELECT quote_literal($1)", value)
        async def provision(role, password):
            conn = await asyncpg.connect()
            literal = await _quoted_literal(conn, password)
            await conn.execute(f"SELECT * FROM accounts WHERE secret = {literal}")
    """,
    "values parsed by IPy, netaddr, iso8601 and dateutil hold no quote": """
        import iso8601
        from IPy import IP
        from dateutil import parser
        def rows(cursor, query, since):
            addr = IP(query)
            start = iso8601.parse_date(since)
            end = parser.parse(since)
            cursor.execute(f"SELECT * FROM arp WHERE ip << '{addr}' AND ts > '{start}' AND ts < '{end}'")
    """,
    "PRAGMA names and tables are identifiers": """
        import sqlite3
        def f(conn: sqlite3.Connection, table, pragma):
            conn.execute(f'PRAGMA table_info("{table}")')
            conn.execute(f"PRAGMA {pragma}")
    """,
    "dates and times: now(), replace() of date fields, ± timedelta, strftime()": """
        from datetime import timedelta
        from django.db import connection
        from django.utils.timezone import now
        def create_partition(start=None):
            if start is None:
                start = now()
            start = start.replace(microsecond=0, second=0, minute=0)
            end = start + timedelta(hours=1)
            label = start.strftime("%Y%m%d_%H")
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT 1 FROM events WHERE label = '{label}' AND created < '{str(end)}'")
                cursor.execute(f"DELETE FROM events WHERE created < '{now() - timedelta(days=int(start.day))}'")
    """,
    "a value ordered against a number (text would raise), read back with SHOW, or the connection's settings": """
        from django.db import connection
        def advisory_lock(name, timeout_ms=0):
            if timeout_ms > 0:
                with connection.cursor() as cur:
                    previous = cur.execute("SHOW idle_session_timeout").fetchone()[0]
                    cur.execute(f"SET idle_session_timeout = '{timeout_ms}'")
            yield
            if timeout_ms > 0:
                with connection.cursor() as cur:
                    cur.execute(f"SET idle_session_timeout = '{previous}'")
    """,
    "the server's own state: current_database(), a DATABASES entry": """
        from django.db import connection
        def size():
            with connection.cursor() as cursor:
                cursor.execute("SELECT current_database()")
                name = cursor.fetchone()[0]
                cursor.execute(f"SELECT pg_size_pretty(pg_database_size('{name}'))")
                cursor.execute(f"SELECT count(*) FROM pg_stat_activity WHERE datname = '{connection.settings_dict['NAME']}'")
    """,
    "an entry of a local dict literal, by its key": """
        from django.db import connection
        def mine(queryset, user):
            query_dict = {"user_id": str(user.pk), "kind": "review"}
            return queryset.extra(select={"mine": "SELECT COUNT(1) FROM reviews WHERE user_id = %(user_id)s" % query_dict,
                                          "kind": "SELECT '%s'" % query_dict["kind"]})
    """,
    "rows of the system catalogs: names of the schema's own objects": """
        from django.db import connection
        def fix_sequences():
            with connection.cursor() as cursor:
                cursor.execute(\"\"\"
                    select s.relname, t.relname from pg_class s
                    join pg_depend d on d.objid = s.oid join pg_class t on t.oid = d.refobjid
                    where s.relkind = 'S'\"\"\")
                sequences = [row for row in cursor]
                for sequence, table in sequences:
                    cursor.execute(f"SELECT setval('{sequence}', (SELECT max(id) FROM {table}))")
                cursor.execute("with c as (select table_name from information_schema.tables) select table_name from c")
                for (table,) in cursor.fetchall():
                    cursor.execute(f"SELECT count(*) FROM information_schema.columns WHERE table_name = '{table}'")
    """,
    "items of a part of a local literal list": """
        from django.db import connection
        def migrate():
            fields = [("main_job", ("survey_passwords", "extra")), ("main_node", ("char_prompts",))]
            with connection.cursor() as cursor:
                for table, columns in fields:
                    old = ",".join(f"'{column}_old'" for column in columns)
                    cursor.execute(f"SELECT count(1) FROM information_schema.columns WHERE column_name IN ({old})")
    """,
    "keys a private method is handed: values_list('id', flat=True), a list of obj.pk, through map(str, ...)": """
        from django.db import connection
        class Cleanup:
            def _delete(self, pk_list):
                with connection.cursor() as cursor:
                    csv = ",".join(map(str, pk_list))
                    cursor.execute(f"DELETE FROM events WHERE job_id IN ({csv})")
            def run(self, jobs, objs):
                self._delete(jobs.values_list("id", flat=True))
                pk_list = []
                for job in objs:
                    pk_list.append(job.pk)
                self._delete(pk_list)
    """,
}


@pytest.mark.parametrize("code", SAFE.values(), ids=SAFE.keys())
def test_safe_values_are_not_reported(code):
    assert findings(code) == []


UNSAFE = {
    "a setting that holds a value": """
        def use(cursor, name):
            cursor.execute(f"SET application_name = '{name}'")
    """,
    "a password given to a role is a value": """
        import asyncpg
        async def provision(role, password):
            conn = await asyncpg.connect()
            await conn.execute(f"ALTER ROLE {role} WITH PASSWORD '{password}'")
    """,
    "a search_path given as a string literal": """
        def use(cursor, schema):
            cursor.execute(f"SET search_path TO '{schema}'")
    """,
    "a project's own IP() is no known parser": """
        from netutils import IP
        def rows(cursor, query):
            cursor.execute(f"SELECT * FROM arp WHERE ip = '{IP(query)}'")
    """,
    "names of a form's fields (not a model's _meta)": """
        from django.db import connection
        def f(form):
            with connection.cursor() as cursor:
                for field in form.fields:
                    cursor.execute(f"SELECT 1 FROM t WHERE name = '{field.name}'")
    """,
    "map(str, ...) of a parameter's names": """
        from django.db import connection
        def f(names):
            with connection.cursor() as cursor:
                listed = "','".join(map(str, names))
                cursor.execute(f"DELETE FROM t WHERE name IN ('{listed}')")
    """,
    "items of a part of a parameter's rows": """
        from django.db import connection
        def f(rows):
            with connection.cursor() as cursor:
                for name, values in rows:
                    listed = ",".join(f"'{v}'" for v in values)
                    cursor.execute(f"SELECT 1 FROM t WHERE a IN ({listed})")
    """,
    "compared for equality with a number: still any text": """
        from django.db import connection
        def f(name):
            if name == 0:
                return
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT 1 FROM t WHERE a = '{name}'")
    """,
    "an entry of a local dict literal holding a parameter": """
        from django.db import connection
        def f(name, user):
            values = {"name": name, "user_id": str(user.pk)}
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1 FROM t WHERE a = '%s'" % values["name"])
    """,
    "read from a table besides the catalogs": """
        from django.db import connection
        def f():
            with connection.cursor() as cursor:
                cursor.execute("SELECT u.name FROM users u JOIN pg_class c ON c.relname = u.name")
                for (name,) in cursor.fetchall():
                    cursor.execute(f"SELECT 1 FROM t WHERE a = '{name}'")
    """,
    "read from a table by the cursor that ran SHOW before": """
        from django.db import connection
        def f():
            with connection.cursor() as cursor:
                cursor.execute("SHOW search_path")
                cursor.execute("SELECT name FROM users WHERE id = 1")
                name = cursor.fetchone()[0]
                cursor.execute(f"SELECT 1 FROM t WHERE a = '{name}'")
    """,
    "str.replace() keeps its text; text + text is text; strftime() of a format given by the caller": """
        from django.db import connection
        def f(day, name, fmt):
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT 1 FROM t WHERE a = '{day.replace('-', '/')}' AND b = '{day + name}' "
                               f"AND c = '{day.strftime(fmt)}'")
    """,
    "a regular expression that accepts quotes": """
        import re
        from django.db import connection
        def f(name):
            if not re.fullmatch(r".+", name):
                raise ValueError(name)
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT * FROM t WHERE name = '{name}'")
    """,
    "a regular expression anchored at the start only": """
        import re
        from django.db import connection
        def f(name):
            if not re.match(r"[a-z]+", name):
                raise ValueError(name)
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT * FROM t WHERE name = '{name}'")
    """,
    "checked against a collection of unknown values": """
        from django.db import connection
        def f(name, known):
            if name not in known:
                raise ValueError(name)
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT * FROM t WHERE name = '{name}'")
    """,
    "check made after the use": """
        from django.db import connection
        def f(state):
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT * FROM t WHERE state = '{state}'")
            if state not in ("open", "closed"):
                raise ValueError(state)
    """,
    "checked, then rebound": """
        from django.db import connection
        def f(state, other):
            if state not in ("open", "closed"):
                raise ValueError(state)
            state = other
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT * FROM t WHERE state = '{state}'")
    """,
    "a public function's parameter, this module passing request data": """
        from django.db import connection
        def delete(table_name):
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM audit WHERE relname = '{}'".format(table_name))
        def cleanup(request):
            delete("history")
            delete(request.GET["table"])
    """,
    "a private function called once with request data": """
        from django.db import connection
        def _delete(name):
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM t WHERE name = '{}'".format(name))
        def view(request):
            _delete("x")
            _delete(request.GET["name"])
    """,
    "LIKE escaping is not quoting: a library call named like a helper": """
        from sqlalchemy import literal_column
        from django.db import connection
        def f(name):
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT * FROM t WHERE name = '{literal_column(name)}'")
    """,
    "a str-annotated parameter": """
        from django.db import connection
        def f(name: str):
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT * FROM t WHERE name = '{name}'")
    """,
    "the text of a value read from the database": """
        from django.db import connection
        def f():
            with connection.cursor() as cursor:
                cursor.execute("SELECT name FROM tags")
                for (name,) in cursor.fetchall():
                    cursor.execute(f"UPDATE tags SET slug = '{name.lower()}' WHERE name = '{name}'")
    """,
    "a value read from the database pasted into a quoted literal": """
        from django.db import connection
        def f():
            with connection.cursor() as cursor:
                cursor.execute("SELECT title FROM dojo_question")
                title = cursor.fetchone()[0]
                cursor.execute("UPDATE dojo_answer SET title = '" + title + "'")
    """,
    "a repeated row of unknown origin": """
        from django.db import connection
        def f(batch, row):
            rows = ",".join([row] * len(batch))
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT * FROM t WHERE (a, b) IN ({rows})")
    """,
    "rows formatted from names of a values_list": """
        from django.db import connection
        def f(Project):
            values = []
            for name in Project.objects.values_list("name", flat=True):
                values.append("('{name}', 1)".format(name=name))
            connection.cursor().execute("INSERT INTO s (name, n) VALUES {};".format(",".join(values)))
    """,
    "a parse whose failure is swallowed": """
        import contextlib
        from zoneinfo import ZoneInfo
        from django.db import connection
        def f(tz, uid):
            try:
                ZoneInfo(tz)
            except Exception:
                pass
            with contextlib.suppress(ValueError):
                int(uid)
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT * FROM t WHERE tz = '{tz}' AND uid = '{uid}'")
    """,
    "used in the handler of the parse that failed": """
        import uuid
        from django.db import connection
        def f(uid):
            try:
                uuid.UUID(uid)
            except ValueError:
                with connection.cursor() as cursor:
                    cursor.execute(f"INSERT INTO rejected (uid) VALUES ('{uid}')")
                raise
    """,
    "a function argument and an operand named nowhere else are values": """
        from django.db import connection
        def search(term, bonus, column):
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT * FROM t WHERE lower(name) = lower({term}) AND score > {bonus} + 1 "
                               f"ORDER BY {column}")
    """,
    "an element of a union with a collection of unknown values": """
        from django.db import connection
        def find(ids, names):
            values = ", ".join([f"'{v}'" for v in sorted(set(ids) | set(names))])
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT * FROM t WHERE key IN ({values})")
    """,
    "a value only stripped and lowered": """
        from django.db import connection
        def f(name):
            name = name.strip().lower()
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT * FROM t WHERE name = '{name}'")
    """,
    "an IPv6 scope id may hold a quote: ip_address() does not make a value safe": """
        import ipaddress
        from django.db import connection
        def f(ip):
            ipaddress.ip_address(ip)
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT * FROM t WHERE ip = '{ipaddress.ip_address(ip)}' OR ip = '{ip}'")
    """,
    "a call of another kind handed the value first": """
        from django.db import connection
        def f(name):
            log(name)
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT * FROM t WHERE name = '{name}'")
    """,
    "an instance attribute read through self": """
        from sqlalchemy import text
        class Search:
            def __init__(self, term):
                self.term = term
            def run(self, session):
                session.execute(text(f"SELECT * FROM recipes WHERE name = '{self.term}'"))
    """,
}


@pytest.mark.parametrize("code", UNSAFE.values(), ids=UNSAFE.keys())
def test_values_of_unknown_origin_are_reported(code):
    assert len(findings(code)) == 1


def test_migration_functions_are_called_from_their_module_only():
    code = """
        from sqlalchemy import text
        from alembic import op
        def upgrade():
            update_key_type(1024)
            update_key_type(2048)
        def update_key_type(bits):
            op.execute(text(f"UPDATE certificates SET key_type = 'RSA{bits}' WHERE bits = {bits}"))
    """
    assert findings(code, path="migrations/versions/c301_key_types.py") == []
    assert findings(code, path="app/keys.py") == []  # no other file calls it: its module's calls are all
    caller = """
        from app.keys import update_key_type
        def rotate(bits):
            update_key_type(bits)
    """
    assert len(findings(code, path="app/keys.py", files={"app/rotate.py": caller})) == 1


def test_configured_quoting_function():
    code = """
        from django.db import connection
        from app.sql import sanitize
        def f(name):
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT * FROM t WHERE name = {sanitize(name)}")
    """
    assert len(findings(code)) == 1
    assert findings(code, options={"quoting-functions": ["sanitize"]}) == []


# -- hole kinds ---------------------------------------------------------------------------------


@pytest.mark.parametrize("pieces, kinds", [
    (["SELECT * FROM t WHERE id = ", 0], [VALUE]),
    (["SELECT * FROM t WHERE name = '", 0, "'"], [VALUE]),
    (["SELECT * FROM ", 0, " WHERE x = 1"], [IDENTIFIER]),
    (["SELECT * FROM t ORDER BY ", 0], [IDENTIFIER]),
    (["SELECT * FROM t WHERE ", 0], [FRAGMENT]),
    (["SELECT * FROM t WHERE a = 1 AND ", 0], [FRAGMENT]),
    (["SELECT * FROM t LIMIT ", 0, " OFFSET ", 1], [VALUE, VALUE]),
    (["INSERT INTO t (a, b) VALUES (", 0, ", '", 1, "')"], [VALUE, VALUE]),
    (["UPDATE t SET ", 0, " = %s WHERE id = ", 1], [IDENTIFIER, VALUE]),
    (['SELECT * FROM "', 0, '"'], [IDENTIFIER]),
    (["SELECT * FROM t ORDER BY name ", 0], [FRAGMENT]),
    (["SELECT * FROM t WHERE t.", 0, " = 1"], [IDENTIFIER]),
    (["SET LOCAL statement_timeout = ", 0], [VALUE]),
    (["SET search_path TO ", 0], [IDENTIFIER]),  # names of schemas
    (["SET search_path TO '", 0, "'"], [VALUE]),
    (["SET ", 0, " = 5"], [IDENTIFIER]),
    (["PRAGMA table_info(", 0, ")"], [IDENTIFIER]),
    (["PRAGMA ", 0], [IDENTIFIER]),
    (["PRAGMA journal_mode = ", 0], [VALUE]),
    (["KILL ", 0], [VALUE]),
    (["SHOW ", 0], [IDENTIFIER]),
    (["SELECT ", 0, "(", 1, "())"], [IDENTIFIER, IDENTIFIER]),  # functions named by server version
    (["SELECT (", 0, "(location)).* FROM ", 1, " (%s, %s) AS location"], [IDENTIFIER, IDENTIFIER]),
    (["SELECT has_function_privilege(CURRENT_USER, '", 0, "()', 'EXECUTE')"], [VALUE]),
    (["NOTIFY ", 0, ", 'x'"], [IDENTIFIER]),
    (["CREATE TABLE ", 0, " (a int)"], [IDENTIFIER]),
    (["ALTER SEQUENCE orders_id_seq RENAME TO ", 0, "_id_seq_bak"], [IDENTIFIER]),
    (["ALTER TABLE t OWNER TO ", 0], [IDENTIFIER]),
    (["CREATE TABLE ", 0, "_", 1, " (LIKE ", 2, "); ALTER TABLE ", 3, " ATTACH PARTITION ", 4, "_", 5,
      " FOR VALUES FROM ('", 6, "') TO ('", 7, "')"], [IDENTIFIER] * 6 + [VALUE] * 2),
])
def test_hole_classification(pieces, kinds):
    slots = classify(pieces, None)
    assert [slots[i].kind for i in range(len(kinds))] == kinds


@pytest.mark.parametrize("pieces, bindable", [
    (["SELECT * FROM t WHERE id = ", 0], True),
    (["WITH x AS (SELECT 1) DELETE FROM t WHERE id = ", 0], True),
    (["SET LOCAL statement_timeout = ", 0], False),
    (["SET application_name = '", 0, "'"], False),
    (["PRAGMA journal_mode = ", 0], False),
    (["KILL ", 0], False),
    (["ALTER TABLE t ALTER COLUMN a SET DEFAULT '", 0, "'"], False),
    (["COMMENT ON TABLE t IS '", 0, "'"], False),
])
def test_values_are_bindable_in_dml_only(pieces, bindable):
    assert classify(pieces, None)[0].bindable is bindable


def test_limit_holes_are_counts():
    slots = classify(["SELECT * FROM t LIMIT ", 0, " OFFSET ", 1], None)
    assert slots[0].clause == slots[1].clause == "limit"
    assert classify(["SELECT * FROM t WHERE id = ", 0], None)[0].clause == ""


def test_text_that_is_not_sql_is_not_classified():
    assert classify(["Please select a value from ", 0], None) is None
    assert classify(["Deleted ", 0, " rows from the table"], None) is None


# -- messages -----------------------------------------------------------------------------------


def test_message_names_origin_hazard_and_fix_in_the_drivers_paramstyle():
    [finding] = findings("""
        import sqlite3
        def search_posts(term):
            cursor = sqlite3.connect("x").cursor()
            cursor.execute(f"SELECT * FROM posts WHERE title = '{term}'")
    """)
    assert finding.message == (
        "f-string pastes `term` (parameter `term` of `search_posts`) into a value of the SQL run by "
        "`cursor.execute()`: a quote in it ends the string literal and the rest runs as SQL; "
        "write `?` and pass it in the parameters argument")
    assert finding.severity == "error"


@pytest.mark.parametrize("code, fragment", [
    ("""
        import psycopg
        def f(conn: psycopg.Connection, user_id):
            conn.execute(f"SELECT * FROM users WHERE id = {user_id}")
     """, "its text becomes part of the statement, so any SQL in it runs; write `%s`"),
    ("""
        import asyncpg
        async def f(conn: asyncpg.Connection, name):
            await conn.fetch(f"SELECT * FROM users WHERE name = '{name}'")
     """, "write `$1` and pass it after the SQL"),
    ("""
        from sqlalchemy import text
        def f(session, name):
            session.execute(text(f"SELECT * FROM users WHERE name = '{name}'"))
     """, "write `:name` in `text()` and bind it with `.bindparams(name=...)`"),
    ("""
        from django.db import connection
        def f(request):
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT * FROM users WHERE name = '{request.GET['q']}'")
     """, "`request.GET['q']` (request data)"),
    ("""
        import psycopg
        def f(conn: psycopg.Connection, name):
            conn.execute(f"SET application_name = '{name}'")
     """, "this statement takes no bound parameters: `SELECT set_config('name', %s, false)` binds the value instead"),
    ("""
        import psycopg
        def f(conn: psycopg.Connection, name):
            conn.execute(f"NOTIFY jobs, '{name}'")
     """, "`SELECT pg_notify('channel', %s)` binds the payload instead"),
    ("""
        import sqlite3
        def f(conn: sqlite3.Connection, mode):
            conn.execute(f"PRAGMA journal_mode = '{mode}'")
     """, "this statement takes no bound parameters: convert it (`int()`) or check it against an allow-list"),
])
def test_message_fragments(code, fragment):
    [finding] = findings(code)
    assert fragment in finding.message, finding.message


def test_sqlite_and_mysql_advice_never_names_psycopg():
    for module in ("sqlite3", "pymysql"):
        [finding] = findings(f"""
            import {module}
            def f(conn: {module}.Connection, name):
                conn.cursor().execute(f"SET @name = '{{name}}'")
        """)
        assert "psycopg" not in finding.message and "set_config" not in finding.message


def test_a_statement_with_named_parameters_is_advised_a_named_one_and_offered_no_positional_fix():
    """alerta: ``WHERE environment=%(environment)s`` run with a dict; psycopg2 cannot mix ``%s`` into it."""
    code = """
        import psycopg2

        def flapping(conn, alert, kind):
            cur = conn.cursor()
            cur.execute(\"\"\"
                SELECT COUNT(*) FROM alerts WHERE environment=%(environment)s AND kind = '{kind}'
            \"\"\".format(kind=kind), {"environment": alert.environment})
            return cur.fetchone()
    """
    [finding] = findings(code)
    assert "write `%(name)s`" in finding.message and "write `%s`" not in finding.message
    assert finding.fix is None
    [positional] = findings("""
        import psycopg2

        def flapping(conn, env, kind):
            conn.cursor().execute("SELECT 1 FROM alerts WHERE environment=%s AND kind = '{}'".format(kind), (env,))
    """)
    assert "write `%s`" in positional.message


def test_migration_findings_are_warnings():
    [finding] = findings("""
        from alembic import op
        def upgrade(name="x"):
            op.execute(f"UPDATE users SET name = '{name}'")
    """, path="alembic/versions/1234_names.py")
    assert finding.severity == "warning"


# -- triage by other tools ------------------------------------------------------------------------

TRIAGED = {
    "noqa S608 on the sink": """
        from django.db import connection
        def f(name):
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT * FROM t WHERE name = '{name}'")  # noqa: S608
    """,
    "noqa S608 among other codes where the SQL is built": """
        from django.db import connection
        def f(name):
            sql = f"SELECT * FROM t WHERE name = '{name}'"  # noqa: E501, S608
            with connection.cursor() as cursor:
                cursor.execute(sql)
    """,
    "bare nosec": """
        from django.db import connection
        def f(name):
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT * FROM t WHERE name = '{name}'"  # nosec
                )
    """,
    "nosec B608": """
        from django.db import connection
        def f(name):
            sql = "SELECT * FROM t WHERE name = '%s'" % name  # nosec B608
            with connection.cursor() as cursor:
                cursor.execute(sql)
    """,
    "nosemgrep naming a SQL rule": """
        from django.db import connection
        def f(name):
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT * FROM t WHERE name = '{name}'"
                )  # nosemgrep: python.django.security.audit.raw-query.sql-injection-fstring -- name is checked
    """,
    "noqa S608 on the statement whose text another expression's holes fill": """
        from django.db import connection
        TABLE = "users"
        def f(columns):
            set_clause = ", ".join(f"{col} = {expr}" for col, expr in columns.items())
            sql = f"UPDATE {TABLE} SET {set_clause}"  # noqa: S608 (trusted constants)
            with connection.cursor() as cursor:
                cursor.execute(sql)
    """,
    "bare nosemgrep": """
        from django.db import connection
        def f(name):
            sql = f"SELECT * FROM t WHERE name = '{name}'"  # nosemgrep
            with connection.cursor() as cursor:
                cursor.execute(sql)
    """,
}


@pytest.mark.parametrize("code", TRIAGED.values(), ids=TRIAGED.keys())
def test_triage_of_ruff_bandit_and_semgrep_is_honoured(code):
    assert findings(code) == []
    assert len(findings(code, options={"foreign-suppressions": False})) == 1


@pytest.mark.parametrize("comment", ["# noqa: E501", "# nosec B101", "# noqa: S101", "# nosemgrep: no-print"])
def test_other_codes_do_not_suppress(comment):
    code = f"""
        from django.db import connection
        def f(name):
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT * FROM t WHERE name = '{{name}}'")  {comment}
    """
    assert len(findings(code)) == 1


# -- fixes ---------------------------------------------------------------------------------


FIXES = {
    "qmark with quotes removed, a str parameter bound as is": (
        """
        import sqlite3
        def f(name: str):
            conn = sqlite3.connect("x")
            conn.execute(f"SELECT * FROM users WHERE name = '{name}'")
        """,
        """
        import sqlite3
        def f(name: str):
            conn = sqlite3.connect("x")
            conn.execute("SELECT * FROM users WHERE name = ?", (name,))
        """,
    ),
    "a quoted value of unknown type is bound as its text": (
        """
        import sqlite3
        def f(name):
            conn = sqlite3.connect("x")
            conn.execute(f"SELECT * FROM users WHERE name = '{name}'")
        """,
        """
        import sqlite3
        def f(name):
            conn = sqlite3.connect("x")
            conn.execute("SELECT * FROM users WHERE name = ?", (str(name),))
        """,
    ),
    "aiosqlite uses qmark": (
        """
        import aiosqlite
        async def f(path, user: str):
            async with aiosqlite.connect(path) as db:
                await db.execute(f"DELETE FROM notes WHERE author = '{user}'")
        """,
        """
        import aiosqlite
        async def f(path, user: str):
            async with aiosqlite.connect(path) as db:
                await db.execute("DELETE FROM notes WHERE author = ?", (user,))
        """,
    ),
    "qmark merged with existing parameters": (
        """
        import sqlite3
        def f(name, age):
            conn = sqlite3.connect("x")
            conn.execute("SELECT * FROM users WHERE age > " + str(age) + " AND name = ?", [name])
        """,
        """
        import sqlite3
        def f(name, age):
            conn = sqlite3.connect("x")
            conn.execute("SELECT * FROM users WHERE age > ? AND name = ?", [age, name])
        """,
    ),
    "a LIMIT count is bound as int()": (
        """
        import sqlite3
        def f(conn: sqlite3.Connection, limit):
            return conn.execute(f"SELECT * FROM users LIMIT {limit}").fetchall()
        """,
        """
        import sqlite3
        def f(conn: sqlite3.Connection, limit):
            return conn.execute("SELECT * FROM users LIMIT ?", (int(limit),)).fetchall()
        """,
    ),
    "format style keeps a constant table and escapes percent": (
        """
        from django.db import connection
        TABLE = "shop_product"
        def f(name: str):
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT * FROM {TABLE} WHERE name LIKE 'a%' AND owner = '{name}'")
        """,
        """
        from django.db import connection
        TABLE = "shop_product"
        def f(name: str):
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT * FROM {TABLE} WHERE name LIKE 'a%%' AND owner = %s", (name,))
        """,
    ),
    "django raw with params list": (
        """
        from django.db import models
        class User(models.Model):
            pass
        def f(email: str, active):
            return User.objects.raw("SELECT * FROM auth_user WHERE email = '%s' AND active = %%s" % email, [active])
        """,
        """
        from django.db import models
        class User(models.Model):
            pass
        def f(email: str, active):
            return User.objects.raw("SELECT * FROM auth_user WHERE email = %s AND active = %%s", [email, active])
        """,
    ),
    "sqlalchemy text merges into bindparams": (
        """
        from sqlalchemy import text
        def f(session, name: str, role):
            session.execute(text(f"SELECT * FROM users WHERE name = '{name}' AND role = :role").bindparams(role=role))
        """,
        """
        from sqlalchemy import text
        def f(session, name: str, role):
            session.execute(text("SELECT * FROM users WHERE name = :name AND role = :role").bindparams(role=role, name=name))
        """,
    ),
    "triple-quoted SQL keeps its lines": (
        '''
        import sqlite3
        def f(conn, email: str, kind: str):
            sql = f"""
                SELECT id, name
                FROM users
                WHERE email = '{email}'
                  AND kind = '{kind}'
            """
            return conn.execute(sql).fetchall()
        ''',
        '''
        import sqlite3
        def f(conn, email: str, kind: str):
            sql = """
                SELECT id, name
                FROM users
                WHERE email = ?
                  AND kind = ?
            """
            return conn.execute(sql, (email, kind)).fetchall()
        ''',
    ),
    "SQL written one literal per line keeps its lines": (
        """
        import psycopg2
        def slot(conn: psycopg2.extensions.connection, slot_name):
            cur = conn.cursor()
            cur.execute(
                "SELECT slot_name, "
                "active "
                "FROM pg_replication_slots "
                "WHERE slot_type = 'physical' "
                "AND slot_name = '%s'" % slot_name
            )
        """,
        """
        import psycopg2
        def slot(conn: psycopg2.extensions.connection, slot_name):
            cur = conn.cursor()
            cur.execute(
                "SELECT slot_name, "
                "active "
                "FROM pg_replication_slots "
                "WHERE slot_type = 'physical' "
                "AND slot_name = %s", (str(slot_name),)
            )
        """,
    ),
    "an f-string per line: the literals before the first value stay": (
        """
        import sqlite3
        def f(conn: sqlite3.Connection, email: str, kind: str):
            return conn.execute(("SELECT id "
                                 "FROM users "
                                 f"WHERE email = '{email}' "
                                 f"AND kind = '{kind}'")).fetchall()
        """,
        """
        import sqlite3
        def f(conn: sqlite3.Connection, email: str, kind: str):
            return conn.execute(("SELECT id "
                                 "FROM users "
                                 "WHERE email = ? AND kind = ?"), (email, kind)).fetchall()
        """,
    ),
    "triple single quotes and a quote at the end": (
        r"""
        import sqlite3
        def f(conn, email: str):
            return conn.execute(f'''SELECT 'x' FROM users
                WHERE email = '{email}' AND note = '\'''').fetchall()
        """,
        r"""
        import sqlite3
        def f(conn, email: str):
            return conn.execute('''SELECT 'x' FROM users
                WHERE email = ? AND note = \'\'''', (email,)).fetchall()
        """,
    ),
    "sqlalchemy plain string wrapped in text with bindparams": (
        """
        from sqlalchemy.orm import Session
        def f(session: Session, name: str):
            session.execute("SELECT * FROM users WHERE name = '%s'" % name)
        """,
        """
        from sqlalchemy import text
        from sqlalchemy.orm import Session

        def f(session: Session, name: str):
            session.execute(text("SELECT * FROM users WHERE name = :name").bindparams(name=name))
        """,
    ),
    "alembic op.execute uses sa.text": (
        """
        import sqlalchemy as sa
        from alembic import op
        def upgrade(role: str = "user"):
            op.execute(f"UPDATE users SET role = '{role}' WHERE role IS NULL")
        """,
        """
        import sqlalchemy as sa
        from alembic import op
        def upgrade(role: str = "user"):
            op.execute(sa.text("UPDATE users SET role = :role WHERE role IS NULL").bindparams(role=role))
        """,
    ),
    "peewee per database: PostgreSQL takes %s": (
        """
        from peewee import PostgresqlDatabase
        db = PostgresqlDatabase("app")
        def f(tag: str):
            return db.execute_sql(f"SELECT count(*) FROM tweet WHERE tag = '{tag}'").fetchone()
        """,
        """
        from peewee import PostgresqlDatabase
        db = PostgresqlDatabase("app")
        def f(tag: str):
            return db.execute_sql("SELECT count(*) FROM tweet WHERE tag = %s", (tag,)).fetchone()
        """,
    ),
    "built in a variable used once": (
        """
        import sqlite3
        def f(name: str):
            conn = sqlite3.connect("x")
            sql = "SELECT * FROM users WHERE name = '{}'".format(name)
            return conn.execute(sql).fetchall()
        """,
        """
        import sqlite3
        def f(name: str):
            conn = sqlite3.connect("x")
            sql = "SELECT * FROM users WHERE name = ?"
            return conn.execute(sql, (name,)).fetchall()
        """,
    ),
    "pandas with a sqlite3 connection": (
        """
        import sqlite3
        import pandas as pd
        def f(name: str):
            con = sqlite3.connect("x")
            return pd.read_sql(f"SELECT * FROM users WHERE name = '{name}'", con)
        """,
        """
        import sqlite3
        import pandas as pd
        def f(name: str):
            con = sqlite3.connect("x")
            return pd.read_sql("SELECT * FROM users WHERE name = ?", con, params=(name,))
        """,
    ),
}


@pytest.mark.parametrize("before, after", FIXES.values(), ids=FIXES.keys())
def test_fix(before, after):
    assert fixed(before) == dedent(after)


NO_FIX = {
    "variable used twice": """
        import sqlite3
        def f(name):
            conn = sqlite3.connect("x")
            sql = f"SELECT * FROM users WHERE name = '{name}'"
            conn.execute(sql)
            print(sql)
    """,
    "parameters passed as a variable": """
        import sqlite3
        def f(name, params):
            conn = sqlite3.connect("x")
            conn.execute(f"SELECT * FROM users WHERE name = '{name}' AND a = ?", params)
    """,
    "partial literal (LIKE pattern)": """
        import sqlite3
        def f(q):
            conn = sqlite3.connect("x")
            conn.execute(f"SELECT * FROM users WHERE name LIKE '%{q}%'")
    """,
    "repr conversion": """
        import sqlite3
        def f(q):
            conn = sqlite3.connect("x")
            conn.execute(f"SELECT * FROM users WHERE name = {q!r}")
    """,
    "executescript takes no parameters": """
        import sqlite3
        def f(q):
            conn = sqlite3.connect("x")
            conn.executescript(f"DELETE FROM users WHERE name = '{q}'")
    """,
    "hole value rebound before the sink": """
        import sqlite3
        def f(name):
            conn = sqlite3.connect("x")
            sql = f"SELECT * FROM users WHERE name = '{name}'"
            name = None
            conn.execute(sql)
    """,
    "SET LOCAL takes no parameters": """
        import psycopg
        def f(conn: psycopg.Connection, timeout):
            conn.execute(f"SET LOCAL statement_timeout TO '{timeout}'")
    """,
    "PRAGMA takes no parameters": """
        import sqlite3
        def f(conn: sqlite3.Connection, size):
            conn.execute(f"PRAGMA cache_size = '{size}'")
    """,
    "an identifier next to the value": """
        from django.db import connection
        def f(table, name):
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT * FROM {table} WHERE name = '{name}'")
    """,
    "asyncpg types its parameters": """
        import asyncpg
        async def f(conn: asyncpg.Connection, name: str):
            return await conn.fetch(f"SELECT * FROM users WHERE name = '{name}'")
    """,
    "an asyncio SQLAlchemy session": """
        from sqlalchemy import text
        from sqlalchemy.ext.asyncio import AsyncSession
        async def f(session: AsyncSession, name: str):
            await session.execute(text(f"SELECT * FROM users WHERE name = '{name}'"))
    """,
    "exec_driver_sql: the driver's paramstyle is unknown": """
        from sqlalchemy import Connection
        def f(conn: Connection, name: str):
            conn.exec_driver_sql(f"SELECT * FROM users WHERE name = '{name}'")
    """,
    "a SET statement handed to text() takes no parameters": """
        from sqlalchemy import text
        from sqlalchemy.orm import Session
        def f(session: Session, threshold):
            session.execute(text(f"set pg_trgm.word_similarity_threshold = {threshold};"))
    """,
    "tortoise: the backend's paramstyle is unknown": """
        from tortoise import connections
        async def f(name: str):
            await connections.get("default").execute_query(f"SELECT * FROM users WHERE name = '{name}'")
    """,
}


@pytest.mark.parametrize("code", NO_FIX.values(), ids=NO_FIX.keys())
def test_no_fix_when_it_could_not_run(code):
    found = findings(code)
    assert len(found) == 1
    assert found[0].fix is None


def test_fixed_sql_parses_in_other_dialects():
    result = fixed("""
        from django.db import connection
        def f(name: str, limit: str):
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT id, name FROM users WHERE name = '{name}' LIMIT {limit}")
    """)
    sql = cst.parse_module(result).code.split('cursor.execute("', 1)[1].split('"', 1)[0]
    assert sql == "SELECT id, name FROM users WHERE name = %s LIMIT %s"
    assert "(name, int(limit))" in result
    assert all(parses_in_dialects(sql).values())


def test_receivers_from_the_module_driver():
    code = """
        import sqlite3
        import asyncpg

        class Repo:
            def names(self, name):
                return self.cursor.execute(f"SELECT * FROM users WHERE name = '{name}'")

        async def user(conn, user_id):
            return await conn.fetchrow(f"SELECT * FROM users WHERE id = {user_id}")
    """
    assert len(findings(code)) == 2
    two_drivers = """
        import sqlite3
        import pymysql

        def names(cursor_like, name):
            return cursor_like.execute(f"SELECT * FROM users WHERE name = '{name}'")
    """
    assert findings(two_drivers) == []


def test_imported_peewee_model_raw():
    [finding] = findings("""
        from peewee import SqliteDatabase
        from app.models import Tweet

        def by_tag(tag):
            return Tweet.raw(f"SELECT * FROM tweet WHERE tag = '{tag}'")
    """)
    assert "Tweet.raw()" in finding.message


# -- ORM202 ---------------------------------------------------------------------------------


def identifier_findings(code: str, **kwargs):
    return lint_source(code, SqlIdentifierInterpolation, **kwargs)


def test_identifiers_and_fragments_of_unknown_origin_are_orm202():
    found = identifier_findings("""
        from django.db import connection
        def f(table, where, name):
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT * FROM {table} WHERE name = '{name}'")
                cursor.execute(f"SELECT * FROM t WHERE {where}")
    """)
    assert [f.line for f in found] == [4, 5]
    assert "`table` (parameter `table` of `f`) into an identifier (a table or column name)" in found[0].message
    assert "`connection.ops.quote_name()`" in found[0].message
    assert "into a SQL fragment" in found[1].message
    assert all(f.fix is None and f.severity == "warning" for f in found)


@pytest.mark.parametrize("module, advice", [
    ("psycopg", "`psycopg.sql.Identifier`"),
    ("psycopg2", "`psycopg2.sql.Identifier`"),
    ("sqlite3", "double quotes, inner ones doubled"),
    ("pymysql", "backquotes, inner ones doubled"),
])
def test_identifier_advice_follows_the_driver(module, advice):
    [finding] = identifier_findings(f"""
        import {module}
        def f(conn: {module}.Connection, table):
            conn.cursor().execute(f"SELECT count(*) FROM {{table}}")
    """)
    assert advice in finding.message
    assert module in ("psycopg", "psycopg2") or "psycopg" not in finding.message


def test_orm202_leaves_safe_identifiers_and_values_alone():
    assert identifier_findings("""
        from django.db import connection
        TABLES = ("a", "b")
        def f(name, model):
            with connection.cursor() as cursor:
                for table in TABLES:
                    cursor.execute(f"DELETE FROM {table} WHERE name = '{name}'")
                cursor.execute(f"SELECT count(*) FROM {model._meta.db_table}")
    """) == []


def test_orm202_leaves_numbered_names_and_compiled_clauses_alone():
    code = """
        from django.db import connection
        def f(queryset, compiler, columns, params):
            set_clause = ", ".join(f'"{col}" = v.c{idx + 1}' for idx, col in enumerate(columns))
            compiled = queryset.query.where.as_sql(compiler, connection)
            where = compiled[0]
            with connection.cursor() as cursor:
                cursor.execute(f"UPDATE t SET {set_clause} FROM (VALUES (%s, %s)) AS v(c0, c1) WHERE {where}",
                               params + compiled[1])
    """
    found = identifier_findings(code)
    assert [f.message.split(" into ")[0] for f in found] == ["f-string pastes `col` (an item of `columns`)"]
    assert identifier_findings(code.replace("compiled[0]", "compiled.pop()")) != []  # not the compiled SQL


def test_a_stored_number_beside_an_injectable_value_is_bound_by_the_fix_too():
    """A value read from the database and pasted bare is not reported, but a fix of the statement
    it shares with a reported value binds both: the rewritten statement has no hole left and runs."""
    import sqlite3

    code = dedent("""
        import sqlite3


        def rename(conn: sqlite3.Connection, name):
            cur = conn.cursor()
            row = cur.execute("SELECT id FROM t").fetchone()
            old_id = row[0]
            cur.execute(f"UPDATE t SET name = '{name}' WHERE id = {old_id}")
    """)
    reported = findings(code)
    assert [f.line for f in reported] == [8]
    assert "name" in reported[0].message and "old_id" not in reported[0].message
    after = fixed(code, unsafe=True)
    assert 'cur.execute("UPDATE t SET name = ? WHERE id = ?", (str(name), old_id))' in after
    for source in (code, after):
        namespace: dict = {}
        exec(compile(source, "<fixed>", "exec"), namespace)
        conn = sqlite3.connect(":memory:")
        conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)")
        conn.execute("INSERT INTO t (id, name) VALUES (7, 'old')")
        namespace["rename"](conn, "new")
        assert conn.execute("SELECT id, name FROM t").fetchall() == [(7, "new")]


def test_a_slug_cannot_carry_sql_but_the_text_it_was_made_from_can():
    """slugify() leaves letters, digits, "-" and "_" only: its result pasted into SQL is not an
    injection; the name it was made from, pasted as it is, is."""
    code = dedent("""
        from django.db import connection
        from django.utils.text import slugify


        def create_schema(name):
            schema = slugify(name).replace("-", "_")
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT set_config('search_path', '{schema}', false)")
                cursor.execute(f"SELECT set_config('app.label', '{name}', false)")
    """)
    assert [f.line for f in findings(code)] == [9]


def test_a_parameter_typed_with_an_enum_of_another_module_holds_one_of_its_members():
    """An Enum (here a StrEnum subclass chain) declared in another module: a parameter annotated with
    it holds a member's value, which the code wrote; a plain ``str`` parameter beside it does not."""
    enums = dedent("""
        from enum import StrEnum


        class EventType(StrEnum):
            created = "checkout.created"
            updated = "checkout.updated"


        class WebhookEventType(EventType):
            pass
    """)
    code = dedent("""
        from sqlalchemy import text

        from app.enums import WebhookEventType


        def count(session, event: WebhookEventType, name: str):
            session.execute(text(f"SELECT count(*) FROM events WHERE type = '{event}'"))
            session.execute(text(f"SELECT count(*) FROM events WHERE name = '{name}'"))
    """)
    assert [f.line for f in findings(code, path="app/stats.py", files={"app/enums.py": enums})] == [8]


def test_constants_bound_once_in_another_module_and_values_of_its_literal_tables_are_code():
    """``external_org = 'Externe Kursteilnehmer'`` bound once in another module (lower-case too), ``60 * 60``
    of this one, and what a function of another module returns from a dict literal it binds once
    (``LANGUAGES.get(locale, 'simple')``) are text written in the code; a name that module rebinds is not."""
    constants = dedent("""
        external_org = 'Externe Kursteilnehmer'
        current_org = 'a'
        current_org = input()
        LANGUAGES = {'de_CH': 'german', 'fr_CH': 'french'}


        def language_from_locale(locale):
            if locale is None:
                return 'simple'
            return LANGUAGES.get(locale, 'simple')


        def language_or_input(locale):
            return LANGUAGES.get(locale, locale)
    """)
    code = dedent("""
        from sqlalchemy import text

        from app.constants import current_org, external_org, language_from_locale, language_or_input

        LIFETIME = 60 * 60


        def upgrade(session, locale):
            session.execute(text(f"UPDATE attendees SET organisation = '{external_org}'"))
            session.execute(text(f"SET SESSION idle_timeout = '{LIFETIME}s'"))
            session.execute(text(f"SELECT 1 WHERE lang = '{language_from_locale(locale)}'"))
            session.execute(text(f"UPDATE attendees SET organisation = '{current_org}'"))
            session.execute(text(f"SELECT 1 WHERE lang = '{language_or_input(locale)}'"))
    """)
    found = findings(code, path="app/upgrade.py", files={"app/constants.py": constants})
    assert [f.line for f in found] == [12, 13]


def test_a_method_no_other_module_calls_takes_what_its_module_passes():
    code = """
        from django.db import connection
        from django.utils import timezone
        def exclusive(lock):
            return lambda f: f
        class Worker:
            def beat(self):
                now = timezone.now()
                self.notify(now)
            @exclusive("metrics")
            def notify(self, now):
                with connection.cursor() as cursor:
                    cursor.execute(f"NOTIFY heartbeat, '{str(now)}'")
    """
    assert findings(code, path="app/worker.py") == []
    registered = code.replace('@exclusive("metrics")', "@receiver(heartbeat)")  # the framework calls it too
    assert len(findings(registered, path="app/worker.py")) == 1
    caller = """
        from app.worker import Worker
        def view(request):
            Worker().notify(request.GET["at"])
    """
    assert len(findings(code, path="app/worker.py", files={"app/views.py": caller})) == 1


def test_a_public_function_every_call_of_other_files_hands_a_literal():
    helper = """
        from sqlalchemy import text
        def drop_hashes(conn, hash_extra_key, node_type=None):
            if node_type is None:
                conn.execute(text(f"UPDATE db_dbnode SET extras = extras #- '{{{hash_extra_key}}}'::text[]"))
    """
    migration = """
        from alembic import op
        from app.migrations.utils import drop_hashes
        def upgrade():
            drop_hashes(op.get_bind(), hash_extra_key="_aiida_hash")
        def downgrade():
            drop_hashes(op.get_bind(), "_aiida_hash")
    """
    path = "app/migrations/utils.py"
    assert findings(helper, path=path, files={"app/migrations/versions/0039_reset.py": migration}) == []
    one_variable = migration + """
        def reset(key):
            drop_hashes(op.get_bind(), key)
    """
    assert len(findings(helper, path=path, files={"app/migrations/versions/0039_reset.py": one_variable})) == 1
    handed_over = migration + """
        HANDLERS = list(map(drop_hashes, CONNECTIONS))
    """
    assert len(findings(helper, path=path, files={"app/migrations/versions/0039_reset.py": handed_over})) == 1
    unpacked = migration + """
        def reset(**options):
            drop_hashes(op.get_bind(), **options)
    """
    assert len(findings(helper, path=path, files={"app/migrations/versions/0039_reset.py": unpacked})) == 1
    a_test = """
        from app.migrations.utils import drop_hashes
        def test_drop(conn, key):
            drop_hashes(conn, key)
    """
    files = {"app/migrations/versions/0039_reset.py": migration, "app/tests/test_utils.py": a_test}
    assert findings(helper, path=path, files=files) == []  # what a test passes is test data
    public = helper.replace("def drop_hashes", "def upgrade():\n            drop_hashes(None, 'x')\n        def drop_hashes")
    assert findings(public, path="app/db.py") == []  # no other file calls it: its module's calls are all
    elsewhere = {"app/reset.py": "from app.db import drop_hashes\ndef reset(conn, key):\n    drop_hashes(conn, key)\n"}
    assert len(findings(public, path="app/db.py", files=elsewhere)) == 1


def test_an_attribute_the_class_only_sets_to_a_count_is_a_number():
    code = """
        class Importer:
            def __init__(self, cursor, query):
                self.cursor = cursor
                self.query = query
                self.page = 1
            def next_page(self):
                self.page = self.page + 1
            def skip(self):
                self.page += 2
            def fetch(self):
                self.cursor.execute(f"SELECT id FROM entries LIMIT {(self.page - 1) * 100}, 100")
    """
    assert findings(code, path="app/importer.py") == []
    from_outside = code.replace("self.page += 2", "self.page = self.query")
    assert len(findings(from_outside, path="app/importer.py")) == 1


def test_a_static_method_called_by_its_class_name_with_the_class_constant_list_is_closed():
    """``ViewPublications.counts(category, self.handle_types)`` where ``handle_types = ["TUTORIAL", "ARTICLE"]``
    in the class body: every call passes the class's constant list. Not when a method also sets it on the
    object (``self.handle_types = request.GET.getlist(...)``), nor when a caller passes request data."""
    code = """
        from django.views.generic import ListView
        from shop.models import Category

        class ViewPublications(ListView):
            handle_types = ["TUTORIAL", "ARTICLE"]

            @staticmethod
            def counts(category, handle_types):
                sub_query = "SELECT COUNT(*) FROM content WHERE type IN ({})".format(
                    ", ".join(f"'{t}'" for t in handle_types))
                return Category.objects.filter(pk=category.pk).extra(select={"n": sub_query})

            def get_context_data(self, **kwargs):
                return {"counts": ViewPublications.counts(self.object, self.handle_types)}
    """
    assert findings(code, path="app/views.py") == []
    overridden = code.replace("    def get_context_data(self, **kwargs):",
                              "    def setup(self, request):\n"
                              "                self.handle_types = request.GET.getlist(\"t\")\n\n"
                              "            def get_context_data(self, **kwargs):")
    assert len(findings(overridden, path="app/views.py")) == 1
    from_request = code.replace("ViewPublications.counts(self.object, self.handle_types)",
                                "ViewPublications.counts(self.object, self.request.GET.getlist(\"t\"))")
    assert len(findings(from_request, path="app/views.py")) == 1


def test_options_of_a_django_command_are_what_argparse_lets_through():
    code = """
        from django.core.management.base import BaseCommand
        from django.db import connection
        class Command(BaseCommand):
            def add_arguments(self, parser):
                parser.add_argument("--template", dest="jt", type=int)
                parser.add_argument("--history", type=float, default=25)
                parser.add_argument("--order", choices=["asc", "desc"])
                parser.add_argument("--dry-run", action="store_true")
                parser.add_argument("--name")
            def handle(self, *args, **options):
                jt = options["jt"]
                with connection.cursor() as cursor:
                    cursor.execute(f"SELECT * FROM job WHERE id = {jt} AND runs > {options.get('history')} "
                                   f"AND dir = '{options['order']}' AND dry = {options['dry_run']}")
                    cursor.execute(f"SELECT * FROM job WHERE name = '{options['name']}'")
    """
    assert [f.line for f in findings(code, path="app/management/commands/jobs.py")] == [15]  # --name only


def test_a_function_of_another_module_returning_a_class_or_table_name():
    code = """
        from django.db import connection
        from app.utils import event_table, label
        def has_table(model, name):
            table = event_table(model)
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT 1 FROM pg_tables WHERE tablename = '_old_{table}'")
                cursor.execute(f"SELECT 1 FROM pg_tables WHERE tablename = '{label(name)}'")
    """
    utils = """
        def event_table(job_class):
            return f"main_{job_class().event_class.__name__.lower()}"
        def label(name):
            return "x_" + name
    """
    assert [f.line for f in findings(code, path="app/cleanup.py", files={"app/utils/__init__.py": utils})] == [7]


def test_doubling_a_quote_escapes_only_inside_a_literal_of_that_quote():
    """``.replace("'", "''")`` keeps a value inside '...' (even with a " in that literal); pasted bare, or inside
    "..." (a name), its quotes were never the danger: it is a value of unknown origin again."""
    code = """
        import sqlite3

        def lookups(conn: sqlite3.Connection, name, column):
            escaped = name.replace("'", "''")
            conn.execute(f"SELECT * FROM users WHERE name = '{escaped}'")  # protected
            conn.execute(f"SELECT * FROM docs WHERE sql LIKE '%content=\\"{escaped}\\"%'")  # protected
            conn.execute(f"SELECT * FROM users WHERE id = {escaped}")  # a bare value
            named = column.replace('"', '""')
            conn.execute(f'SELECT "{named}" FROM users')  # protected name
            conn.execute(f'SELECT "{escaped}" FROM users')  # a name, its " not doubled
    """
    [bare] = findings(code)
    assert bare.line == 7 and "`escaped` (parameter `name` of `lookups`)" in bare.message
    assert bare.fix is None  # binding the doubled text would change the value
    [name] = lint_source(code, SqlIdentifierInterpolation)
    assert name.line == 10


def test_keys_and_values_of_dicts_written_out_are_their_literals():
    """``for name, on in severities.items()`` over a local dict literal: the keys are its constants (the values may be
    anything); ``for attr, value in filters.items()`` in a private function every call of the module hands a dict
    literal: keys and values are those literals. A value of unknown origin in such a dict is reported."""
    code = """
        from sqlalchemy import func, select, text

        def _joined(kind, filters):
            conditions = [f"object_type = '{kind}'"]
            for attr, value in filters.items():
                conditions.append(f"vulnerability.{attr} = {value}")
            return select(func.sum(1)).where(text(" and ".join(conditions)))

        class Command:
            web = _joined("vulnerability", {"type": "'vulnerability_web'"})

        def counts(query, critical, high):
            severities = {"critical": critical, "high": high}
            for name, wanted in severities.items():
                if wanted:
                    query = query.where(text(f"severity = '{name}'"))
            for wanted in severities.values():
                query = query.where(text(f"flag = '{wanted}'"))
            return query
    """
    [flag] = findings(code)
    assert flag.line == 18 and "`wanted` (parameter `critical` of `counts`)" in flag.message  # a value of the dict
    tainted = code.replace("""{"type": "'vulnerability_web'"}""", """{"type": input()}""")
    assert [f.line for f in findings(tainted)] == [7, 18]
    assert "`value` (the result of `input()`)" in findings(tainted)[0].message  # what the call put in the dict


def test_attach_is_advised_to_bind_its_file_name():
    """rotki: ``ATTACH DATABASE '{path}' AS other``: SQLite takes the file name as a bound parameter."""
    [finding] = findings("""
        import sqlite3

        def attach(conn: sqlite3.Connection, path):
            conn.execute(f"ATTACH DATABASE '{path}' AS other_db")
    """)
    assert "`ATTACH DATABASE ? AS name`" in finding.message and "int()" not in finding.message


CONNECTIONS = """
    import psycopg2

    class PostgreSQL:
        def __init__(self, conninfo):
            self.conninfo = conninfo

    class Connection(PostgreSQL):
        def __init__(self, conninfo, slot_name=None, application_name="barman"):
            super().__init__(conninfo)
            self.application_name = application_name

        def connect(self):
            conn = psycopg2.connect(self.conninfo)
            conn.cursor().execute("SET application_name TO '%s'" % self.application_name)
            return conn

    class Standby(Connection):
        def __init__(self, conninfo, primary, application_name="barman"):
            super().__init__(conninfo, application_name=application_name)
            self.primary = Connection(primary)

    class Streaming(Connection):
        pass
"""


@pytest.mark.parametrize("construction, reported", [
    ('Connection(config.conninfo, config.slot_name)', False),  # the default
    ('Connection(config.conninfo, application_name="barman_cloud_backup")', False),
    ('Standby(config.conninfo, config.primary)', False),  # forwards its own literal default
    ('Streaming(config.conninfo, None, "streaming")', False),  # no __init__ of its own: Connection's
    ('Connection(config.conninfo, application_name=config.name)', True),
    ('Standby(config.conninfo, config.primary, config.name)', True),
    ('Streaming(config.conninfo, application_name=config.name)', True),
])
def test_an_attribute_set_in_init_from_what_every_construction_passes(construction, reported):
    """barman: ``self.application_name`` is a constant when every construction of the class (in other
    modules, through a subclass's ``super().__init__``, of a subclass without an ``__init__``) gives it a literal."""
    files = {"barman/postgres.py": CONNECTIONS, "barman/server.py": f"""
        from barman.postgres import Connection, Standby, Streaming

        def connect(config):
            standby = Standby(config.conninfo, config.primary)
            streaming = Streaming(config.conninfo)
            return {construction}
    """}
    found = findings(CONNECTIONS, path="barman/postgres.py", files=files)
    assert [f.line for f in found] == ([14] if reported else [])
    if not reported and "Standby" not in construction:  # a subclass forwarding it, never constructed: unknown
        files["barman/server.py"] = files["barman/server.py"].replace("standby = Standby(", "standby = (")
        assert [f.line for f in findings(CONNECTIONS, path="barman/postgres.py", files=files)] == [14]


@pytest.mark.parametrize("derived", ['application_name + "_tmp"', 'f"{application_name}_tmp"', "application_name"])
def test_an_attribute_made_of_what_every_construction_passes_and_literals(derived):
    """listenbrainz: ``self.temp_table_name = table_name + "_TMP"``, every subclass passing a literal table name."""
    code = CONNECTIONS.replace("self.application_name = application_name",
                               f"self.application_name = {derived}")
    files = {"barman/postgres.py": code, "barman/server.py": """
        from barman.postgres import Connection, Standby, Streaming

        def connect(config):
            standby = Standby(config.conninfo, config.primary)
            streaming = Streaming(config.conninfo)
            return Connection(config.conninfo, application_name="backup")
    """}
    assert findings(code, path="barman/postgres.py", files=files) == []
    mixed = code.replace(f"self.application_name = {derived}", "self.application_name = application_name + slot_name")
    assert [f.line for f in findings(mixed, path="barman/postgres.py", files=files)] == [14]


def test_a_value_a_statements_result_hands_to_the_only_caller_is_a_stored_value():
    """openFEC: ``case_id = row["case_id"]`` after ``rs = conn.execute(text(...)).mappings(); row = rs.first()``,
    handed to the module's own function no other file calls: pasted bare it is a number (or NULL), quoted it is
    text read from the database (second-order, reported); a parameter other files fill stays unknown."""
    code = """
        from sqlalchemy import text

        def get_single_case(conn, case_no):
            rs = conn.execute(text("SELECT case_id FROM cases WHERE no = :no"), {"no": case_no}).mappings()
            row = rs.first()
            if row is not None:
                return get_dispositions(conn, row["case_id"])

        def get_dispositions(conn, case_id):
            return conn.execute(text("SELECT name FROM calendar WHERE case_id = {0}".format(case_id))).all()
    """
    assert findings(code, path="legal/cases.py") == []
    [quoted] = findings(code.replace("case_id = {0}", "case_id = '{0}'"), path="legal/cases.py")
    assert "`case_id` (a value read from the database)" in quoted.message
    caller = """
        from legal.cases import get_dispositions

        def dispositions(conn, request):
            return get_dispositions(conn, request.args["case"])
    """
    assert len(findings(code, path="legal/cases.py", files={"legal/api.py": caller})) == 1


@pytest.mark.parametrize("joined, reported", [
    ("\", \".join([f\"'{x}'\" for x in LINK_GIDS])", False),
    ("\", \".join(\"'%s'\" % x.lower() for x in LINK_GIDS)", False),
    ("\", \".join(LINK_GIDS)", False),
    ("\", \".join([f\"'{x}'\" for x in load_gids()])", True),
    ("\", \".join([f\"'{lookup(x)}'\" for x in LINK_GIDS])", True),
])
def test_a_module_constant_joined_from_a_literal_tuple(joined, reported):
    """listenbrainz: ``LINK_GIDS_SQL = ", ".join([f"'{x}'" for x in LINK_GIDS])`` over a tuple of literal UUIDs is
    a constant, pasted into ``IN (...)``."""
    code = f"""
        import psycopg2
        from app.data import load_gids, lookup

        LINK_GIDS = ("5e2907db-49ec-4a48-9f11-dfb99d2603ff", "b41e7530-cde4-459c-b8c5-dfef08fc8295")
        LINK_GIDS_SQL = {joined}

        def linked(curs):
            curs.execute(f"SELECT id FROM link WHERE gid IN ({{LINK_GIDS_SQL}})")
    """
    assert len(findings(code)) == (1 if reported else 0)


def test_a_table_name_a_subclass_forwards_between_literals_is_constant():
    """listenbrainz: ``super().__init__(f"mapping.{name}_metadata_index", ...)`` in a subclass constructed with
    ``AlbumMetadataIndex("spotify", ...)``; the base pastes ``self.temp_table_name = table_name + "_TMP"``."""
    base = """
        class BulkInsertTable:
            def __init__(self, table_name, conn):
                self.conn = conn
                self.temp_table_name = table_name + "_TMP"

            def finish(self):
                with self.conn.cursor() as curs:
                    curs.execute(f"SELECT setval('{self.temp_table_name}_id_seq', max(id) + 1) FROM t")

        class AlbumMetadataIndex(BulkInsertTable):
            def __init__(self, name, conn):
                super().__init__(f"mapping.{name}_metadata_index", conn)
    """
    files = {"mapping/bulk_table.py": base, "mapping/spotify.py": """
        from mapping.bulk_table import AlbumMetadataIndex

        def create(conn):
            return AlbumMetadataIndex("spotify", conn)
    """}
    assert findings(base, path="mapping/bulk_table.py", files=files) == []
    files["mapping/spotify.py"] = files["mapping/spotify.py"].replace('"spotify"', "service")
    assert len(findings(base, path="mapping/bulk_table.py", files=files)) == 1


def test_reported_at_the_sql_text_the_call_builds_else_at_the_call():
    code = """
        import sqlite3

        def entries(db: sqlite3.Connection, username):
            return db.execute(
                f"SELECT ts FROM audit WHERE username = '{username}'"
            ).fetchall()

        def built_before(db: sqlite3.Connection, username):
            sql = f"SELECT ts FROM audit WHERE username = '{username}'"
            return db.execute(
                sql
            ).fetchall()
    """
    assert [f.line for f in findings(code)] == [5, 10]
    triple = code.replace('''f"SELECT ts FROM audit WHERE username = '{username}'"
            ).fetchall()''', '''f"""SELECT ts
                FROM audit WHERE username = '{username}'"""
            ).fetchall()''', 1)
    assert triple != code
    assert [f.line for f in findings(triple)][0] == 4  # no comment fits on the first line of a text spanning lines


def test_a_check_whose_branch_aborts_proves_the_value():
    """``if not limit.isdigit(): abort(400)`` (Flask): the rest runs only with digits."""
    code = """
        import sqlite3
        from flask import abort, request

        def page(conn: sqlite3.Connection):
            limit = request.args.get("limit", "20")
            if not limit.isdigit():
                abort(400)
            return conn.execute(f"SELECT id FROM items LIMIT {limit}").fetchall()
    """
    assert findings(code) == []
    assert len(findings(code.replace("abort(400)", "log(400)"))) == 1


@pytest.mark.parametrize("composed, reported", [
    ("""sql.SQL(f"SELECT * FROM {{}} WHERE username = '{user}'").format(sql.Identifier(table))""", True),
    ("""sql.SQL("SELECT * FROM {} WHERE code = '{}'").format(sql.Identifier(table), sql.SQL(user))""", True),
    ("""sql.SQL("SELECT * FROM {} WHERE code = {}").format(sql.Identifier(table), sql.Literal(user))""", False),
    ("""sql.SQL("SELECT * FROM {} WHERE code = %s").format(sql.Identifier(table))""", False),
])
def test_text_composed_with_psycopg_sql_is_sql_as_written(composed, reported):
    """``sql.SQL(text)`` joins its text to the statement unquoted: a value pasted into it is injectable, whatever
    ``Identifier``/``Literal`` compose around it. No text fix: the statement is an object."""
    code = f"""
        from psycopg import sql

        def events_for(conn, table, user):
            query = {composed}
            with conn.cursor() as cur:
                cur.execute(query)
    """
    found = findings(code)
    assert len(found) == (1 if reported else 0)
    assert all(f.fix is None for f in found)


def test_a_handle_a_project_function_or_method_returns_is_a_sink():
    """The Flask tutorial's ``db = get_db()`` (``g.db = sqlite3.connect(...)``; ``return g.db``) and a service's
    ``self._cursor()`` returning ``connections[self.alias].cursor()``."""
    db = """
        import sqlite3
        from flask import g

        def get_db():
            if "db" not in g:
                g.db = sqlite3.connect("app.db")
            return g.db

        def get_config():
            return g.config
    """
    views = """
        from flask import request
        from app.db import get_config, get_db

        def search():
            q = request.args.get("q", "")
            posts = get_db().execute(f"SELECT id FROM post WHERE title = '{q}'").fetchall()
            db = get_db()
            return db.execute(f"SELECT id FROM post WHERE body = '{q}'"), get_config().execute(f"x = '{q}'")
    """
    found = findings(views, path="app/views.py", files={"app/db.py": db})
    assert [f.line for f in found] == [6, 8] and "`?`" in found[0].message
    service = """
        from django.db import connections

        class Reports:
            def _cursor(self):
                return connections["analytics"].cursor()

            def top(self, country):
                cursor = self._cursor()
                cursor.execute(f"SELECT id FROM events WHERE country = '{country}'")
                return cursor.fetchall()
    """
    [finding] = findings(service, path="app/reports.py")
    assert finding.line == 9 and "`%s`" in finding.message


def test_aiosqlite_shortcuts_run_sql():
    code = """
        import aiosqlite

        async def items(path, owner):
            async with aiosqlite.connect(path) as db:
                rows = await db.execute_fetchall(f"SELECT id FROM items WHERE owner = '{owner}'")
                await db.execute_insert("INSERT INTO log (owner) VALUES (?)", (owner,))
                return rows
    """
    assert [f.line for f in findings(code)] == [5]


@pytest.mark.parametrize("use", ["USER_BY_NAME.format(name=name)", "USER_BY_ID % name"])
def test_a_sql_template_another_module_binds_is_its_text(use):
    """``from app.queries import USER_BY_NAME`` then ``USER_BY_NAME.format(name=name)``: the SQL is the template's
    text; no fix here, where the text is not."""
    queries = """
        USER_BY_NAME = "SELECT id, name FROM users WHERE name = '{name}'"
        USER_BY_ID = "SELECT id, name FROM users WHERE name = '%s'"
        GREETING = "Hello {name}"
    """
    code = f"""
        import sqlite3
        from app.queries import GREETING, USER_BY_ID, USER_BY_NAME

        def user(conn: sqlite3.Connection, name):
            print(GREETING.format(name=name))
            return conn.execute({use}).fetchone()
    """
    [finding] = findings(code, path="app/repository.py", files={"app/queries.py": queries})
    assert finding.line == 6 and finding.fix is None


def test_a_template_picked_from_a_collection_of_templates_is_read_without_a_fix():
    """``QUERIES[kind].format(value)``, every element a template with a hole: what the call pastes lands in a
    quoted value whichever template runs; no fix, since the text of the one that runs is not known here. A
    collection of plain names (``ORDER[sort]``) pasted by an f-string stays a constant."""
    code = """
        import sqlite3

        QUERIES = {
            "by_name": "SELECT id FROM people WHERE name = '{}'",
            "by_city": "SELECT id FROM people WHERE city = '{}'",
        }
        BY_ID = ["SELECT id FROM people WHERE id = %s", "SELECT id FROM staff WHERE id = %s"]
        ORDER = {"new": "created DESC", "old": "created ASC"}

        def find(conn: sqlite3.Connection, kind, value):
            return conn.execute(QUERIES[kind].format(value)).fetchall()

        def by_id(conn: sqlite3.Connection, which, pk):
            return conn.execute(BY_ID[which] % pk).fetchall()

        def newest(conn: sqlite3.Connection, sort):
            return conn.execute(f"SELECT id FROM people ORDER BY {ORDER[sort]}").fetchall()
    """
    found = findings(code)
    assert [f.line for f in found] == [11, 14]
    assert all(f.fix is None for f in found)
    assert fixed(code, unsafe=True) == dedent(code)


def test_a_method_of_a_project_wrapper_class_that_runs_its_parameter_is_a_sink():
    """``db = Database(dsn)`` then ``db.query(sql)``, where ``Database.query`` runs ``cur.execute(sql)``: the
    wrapper's method is a sink one call away, whether the instance is built at module level, in the function
    or handed in annotated; one that binds what it is given (``db.find(sql, params)``) is not fed a pasted
    value, and a method of another class of the same name is no sink."""
    database = """
        import psycopg2

        class Database:
            def __init__(self, dsn):
                self.conn = psycopg2.connect(dsn)

            def query(self, sql):
                with self.conn.cursor() as cur:
                    cur.execute(sql)
                    return cur.fetchall()

            def find(self, sql, params):
                with self.conn.cursor() as cur:
                    cur.execute(sql, params)
                    return cur.fetchall()

        class Mailer:
            def query(self, text):
                return text.upper()
    """
    code = """
        from app.database import Database, Mailer

        db = Database("dbname=hr")
        mailer = Mailer()

        def employees_in(department):
            return db.query(f"SELECT id FROM employees WHERE department = '{department}'")

        def managers_in(dsn, department):
            local = Database(dsn)
            return local.query("SELECT id FROM managers WHERE department = '" + department + "'")

        def staff_in(store: Database, department):
            return store.query(f"SELECT id FROM staff WHERE department = '{department}'")

        def bound(department):
            return db.find("SELECT id FROM employees WHERE department = %s", (department,))

        def shout(department):
            return mailer.query(f"SELECT '{department}'")
    """
    found = findings(code, path="app/services.py", files={"app/database.py": database})
    assert [f.line for f in found] == [7, 11, 14]
    assert all("`app.database.Database.query`" in f.message for f in found)


@pytest.mark.parametrize("importing", ["from app import queries", "import app.queries as queries"])
def test_a_template_read_as_an_attribute_of_its_module_is_its_text(importing):
    """``queries.USER_BY_NAME.format(name=name)`` with the module imported: the template that module binds;
    no fix here, where its text is not."""
    queries = """
        USER_BY_NAME = "SELECT id, name FROM users WHERE name = '{name}'"
        USER_BY_ID = "SELECT id, name FROM users WHERE id = ?"
    """
    code = f"""
        import sqlite3
        {importing}

        def user(conn: sqlite3.Connection, name, pk):
            conn.execute(queries.USER_BY_ID, (pk,))
            return conn.execute(queries.USER_BY_NAME.format(name=name)).fetchone()
    """
    [finding] = findings(code, path="app/repository.py", files={"app/queries.py": queries})
    assert finding.line == 6 and finding.fix is None


def test_a_method_called_elsewhere_only_by_tests_keeps_its_module_callers_values():
    """``self.fetch(limit)`` in a management command's ``handle()``, the option declared ``type=int``: the
    method's only caller outside its module is a test, whose values are test data, so ``LIMIT {limit}`` pastes a
    number. A caller in the application's code makes the parameter unknown."""
    command = """
        from django.core.management.base import BaseCommand
        from django.db import connection

        class Command(BaseCommand):
            def add_arguments(self, parser):
                parser.add_argument("--limit", type=int, default=100)

            def handle(self, *args, **options):
                self.export(options["limit"])

            def export(self, limit):
                return self.fetch(limit)

            def fetch(self, limit=None):
                with connection.cursor() as cursor:
                    cursor.execute(f"SELECT id FROM users LIMIT {limit}")
                    return cursor.fetchall()
    """
    path = "app/management/commands/export_users.py"
    a_test = "from app.management.commands.export_users import Command\ndef test_fetch():\n    Command().fetch(limit=5)\n"
    assert findings(command, path=path, files={"app/tests/test_export.py": a_test}) == []
    elsewhere = "from app.management.commands.export_users import Command\ndef run(n):\n    Command().fetch(limit=n)\n"
    assert len(findings(command, path=path, files={"app/jobs.py": elsewhere})) == 1


def test_what_a_function_of_another_module_returning_only_dates_returns_is_a_date():
    """``now = getCurrentDate(database)`` of a module whose every return is a date (dateutil's ``parse()``, a
    ``datetime(...)``, ``n.replace(microsecond=0)`` of ``n = datetime.now()``): its text holds no quote. A
    function that may also return the stored text is of unknown origin."""
    dates = """
        from datetime import datetime
        from dateutil.parser import parse

        def current_date(database, stored):
            try:
                return parse(stored)
            except ValueError:
                n = datetime.now()
                return datetime(n.year, n.month, n.day) if stored == "today" else n.replace(microsecond=0)

        def current_label(database, stored):
            if stored:
                return stored
            return datetime.now()
    """
    code = """
        from django.db import connections
        from app.dates import current_date, current_label

        def archive(database, stored):
            now = current_date(database, stored)
            label = current_label(database, stored)
            with connections[database].cursor() as cursor:
                cursor.execute("INSERT INTO snapshot (day) VALUES ('%s')" % now)
                cursor.execute("INSERT INTO snapshot (label) VALUES ('%s')" % label)
    """
    found = findings(code, path="app/archive.py", files={"app/dates.py": dates})
    assert [f.line for f in found] == [9] and "`label`" in found[0].message
