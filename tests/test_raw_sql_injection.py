"""ORM201 raw-sql-injection: sinks, flow, constant folding, hole kinds, messages and fixes."""

from __future__ import annotations

import textwrap

import libcst as cst
import pytest
from ormlint.rules.raw_sql.raw_sql_injection import RawSqlInjection

from ormlint.analysis.sql.holes import (
    FRAGMENT,
    IDENTIFIER,
    VALUE,
    classify,
    parses_in_dialects,
)
from ormlint.testing import fix_source, lint_source


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
    assert "q into a value" in finding.message
    assert finding.message.startswith("+=")


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
    assert "filters['owner'] into a value" in finding.message


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
    assert "params['a']" in found[0].message
    assert "name into a value" in found[1].message


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
    assert "table into a value" in finding.message
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


# -- constant folding ----------------------------------------------------------------------


SAFE = {
    "module constant": """
        from django.db import connection
        TABLE = "shop_product"
        def f():
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT * FROM {TABLE}")
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
    "loop over a literal tuple": """
        from django.db import connection
        def f():
            with connection.cursor() as cursor:
                for table in ("a", "b"):
                    cursor.execute(f"DELETE FROM {table}")
    """,
    "generator placeholders": """
        import sqlite3
        def f(ids):
            conn = sqlite3.connect("x")
            marks = ", ".join("?" for _ in ids)
            conn.execute(f"SELECT * FROM t WHERE id IN ({marks})", ids)
    """,
    "percent-d number": """
        from django.db import connection
        def f(limit):
            with connection.cursor() as cursor:
                cursor.execute("SELECT * FROM t LIMIT %d" % limit)
    """,
    "quote_name": """
        from django.db import connection
        def f(table):
            qn = connection.ops.quote_name
            with connection.cursor() as cursor:
                cursor.execute("SELECT * FROM %s" % connection.ops.quote_name(table))
    """,
    "model metadata": """
        from django.db import connection
        def f(model):
            table = model._meta.db_table
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT count(*) FROM {table}")
    """,
    "dict allow-list lookup": """
        from django.db import connection
        ORDER = {"new": "created_at DESC", "old": "created_at"}
        def f(sort):
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT * FROM t ORDER BY {ORDER[sort]}")
    """,
    "assert allow-list": """
        from django.db import connection
        def f(direction):
            assert direction in ("ASC", "DESC")
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT * FROM t ORDER BY id {direction}")
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
}


@pytest.mark.parametrize("code", SAFE.values(), ids=SAFE.keys())
def test_constant_and_safe_holes_are_not_reported(code):
    assert findings(code) == []


# -- hole kinds and messages ---------------------------------------------------------------


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
])
def test_hole_classification(pieces, kinds):
    slots = classify(pieces, None)
    assert [slots[i].kind for i in range(len(kinds))] == kinds


def test_text_that_is_not_sql_is_not_classified():
    assert classify(["Please select a value from ", 0], None) is None
    assert classify(["Deleted ", 0, " rows from the table"], None) is None


def test_message_names_sink_expression_and_hole_kind():
    [finding] = findings("""
        import sqlite3
        def f(user_id):
            cursor = sqlite3.connect("x").cursor()
            cursor.execute(f"SELECT * FROM users WHERE id = {user_id}")
    """)
    assert finding.message == ("f-string interpolates user_id into a value of SQL executed by cursor.execute(); "
                               "pass it as a parameter")
    assert finding.severity == "error"


def test_identifier_hole_gets_advice_and_no_fix():
    [finding] = findings("""
        from django.db import connection
        def f(sort):
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT * FROM t ORDER BY {sort}")
    """)
    assert "sort into an identifier" in finding.message
    assert "allow-list" in finding.message and "Identifier" in finding.message
    assert finding.fix is None
    assert finding.severity == "warning"


def test_fragment_hole_has_no_fix():
    [finding] = findings("""
        from django.db import connection
        def f(where):
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT * FROM t WHERE {where}")
    """)
    assert "where into a SQL fragment" in finding.message
    assert finding.fix is None


def test_mixed_value_and_identifier_offers_no_fix():
    [finding] = findings("""
        from django.db import connection
        def f(table, name):
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT * FROM {table} WHERE name = '{name}'")
    """)
    assert "name into a value and table into an identifier" in finding.message
    assert finding.fix is None


def test_migration_findings_are_warnings():
    [finding] = findings("""
        from alembic import op
        def upgrade(name="x"):
            op.execute(f"UPDATE users SET name = '{name}'")
    """, path="alembic/versions/1234_names.py")
    assert finding.severity == "warning"


# -- fixes ---------------------------------------------------------------------------------


FIXES = {
    "qmark with quotes removed": (
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
            conn.execute("SELECT * FROM users WHERE name = ?", (name,))
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
    "format style keeps a constant table and escapes percent": (
        """
        from django.db import connection
        TABLE = "shop_product"
        def f(name):
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT * FROM {TABLE} WHERE name LIKE 'a%' AND owner = '{name}'")
        """,
        """
        from django.db import connection
        TABLE = "shop_product"
        def f(name):
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT * FROM {TABLE} WHERE name LIKE 'a%%' AND owner = %s", (name,))
        """,
    ),
    "django raw with params list": (
        """
        from django.db import models
        class User(models.Model):
            pass
        def f(email, active):
            return User.objects.raw("SELECT * FROM auth_user WHERE email = '%s' AND active = %%s" % email, [active])
        """,
        """
        from django.db import models
        class User(models.Model):
            pass
        def f(email, active):
            return User.objects.raw("SELECT * FROM auth_user WHERE email = %s AND active = %%s", [email, active])
        """,
    ),
    "sqlalchemy text merges into bindparams": (
        """
        from sqlalchemy import text
        def f(session, name, role):
            session.execute(text(f"SELECT * FROM users WHERE name = '{name}' AND role = :role").bindparams(role=role))
        """,
        """
        from sqlalchemy import text
        def f(session, name, role):
            session.execute(text("SELECT * FROM users WHERE name = :name AND role = :role").bindparams(role=role, name=name))
        """,
    ),
    "triple-quoted SQL keeps its lines": (
        '''
        import sqlite3
        def f(conn, email, kind):
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
        def f(conn, email, kind):
            sql = """
                SELECT id, name
                FROM users
                WHERE email = ?
                  AND kind = ?
            """
            return conn.execute(sql, (email, kind)).fetchall()
        ''',
    ),
    "triple single quotes and a quote at the end": (
        r"""
        import sqlite3
        def f(conn, email):
            return conn.execute(f'''SELECT 'x' FROM users
                WHERE email = '{email}' AND note = '\'''').fetchall()
        """,
        r"""
        import sqlite3
        def f(conn, email):
            return conn.execute('''SELECT 'x' FROM users
                WHERE email = ? AND note = \'\'''', (email,)).fetchall()
        """,
    ),
    "sqlalchemy plain string wrapped in text": (
        """
        from sqlalchemy.orm import Session
        def f(session: Session, name):
            session.execute("SELECT * FROM users WHERE name = '%s'" % name)
        """,
        """
        from sqlalchemy import text
        from sqlalchemy.orm import Session

        def f(session: Session, name):
            session.execute(text("SELECT * FROM users WHERE name = :name"), {"name": name})
        """,
    ),
    "alembic op.execute uses sa.text": (
        """
        import sqlalchemy as sa
        from alembic import op
        def upgrade(role="user"):
            op.execute(f"UPDATE users SET role = '{role}' WHERE role IS NULL")
        """,
        """
        import sqlalchemy as sa
        from alembic import op
        def upgrade(role="user"):
            op.execute(sa.text("UPDATE users SET role = :role WHERE role IS NULL").bindparams(role=role))
        """,
    ),
    "asyncpg numbers after existing parameters": (
        """
        import asyncpg
        async def f(conn: asyncpg.Connection, org, name):
            return await conn.fetch(f"SELECT * FROM users WHERE org = $1 AND name = '{name}'", org)
        """,
        """
        import asyncpg
        async def f(conn: asyncpg.Connection, org, name):
            return await conn.fetch("SELECT * FROM users WHERE org = $1 AND name = $2", org, name)
        """,
    ),
    "built in a variable used once": (
        """
        import sqlite3
        def f(name):
            conn = sqlite3.connect("x")
            sql = "SELECT * FROM users WHERE name = '{}'".format(name)
            return conn.execute(sql).fetchall()
        """,
        """
        import sqlite3
        def f(name):
            conn = sqlite3.connect("x")
            sql = "SELECT * FROM users WHERE name = ?"
            return conn.execute(sql, (name,)).fetchall()
        """,
    ),
    "pandas with a sqlite3 connection": (
        """
        import sqlite3
        import pandas as pd
        def f(name):
            con = sqlite3.connect("x")
            return pd.read_sql(f"SELECT * FROM users WHERE name = '{name}'", con)
        """,
        """
        import sqlite3
        import pandas as pd
        def f(name):
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
}


@pytest.mark.parametrize("code", NO_FIX.values(), ids=NO_FIX.keys())
def test_no_fix_when_unsafe_to_rewrite(code):
    found = findings(code)
    assert len(found) == 1
    assert found[0].fix is None


def test_fixed_sql_parses_in_other_dialects():
    result = fixed("""
        from django.db import connection
        def f(name, limit):
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT id, name FROM users WHERE name = '{name}' LIMIT {limit}")
    """)
    sql = cst.parse_module(result).code.split('cursor.execute("', 1)[1].split('"', 1)[0]
    assert sql == "SELECT id, name FROM users WHERE name = %s LIMIT %s"
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
