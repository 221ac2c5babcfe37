"""A labelled corpus of realistic raw-SQL code: ORM201 reports exactly the injectable values,
ORM202 the identifier of unknown origin (an ORDER BY column from the request).

The same corpus is used for the side-by-side numbers with Ruff S608 and Bandit B608 in
docs/raw-sql-comparison.md (``python tests/test_raw_sql_corpus.py DIR`` writes it out).
"""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest
from ormlint.rules.raw_sql.raw_sql_injection import RawSqlInjection
from ormlint.rules.raw_sql.sql_identifier_interpolation import SqlIdentifierInterpolation

from ormlint.testing import lint_source

VULNERABLE = {
    "django_view_cursor": """
        from django.db import connection
        from django.http import JsonResponse

        def search(request):
            term = request.GET.get("q", "")
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT id, name FROM shop_product WHERE name = '{term}'")
                return JsonResponse({"rows": cursor.fetchall()})
    """,
    "django_raw_percent": """
        from shop.models import Order

        def orders_for(customer_email):
            return list(Order.objects.raw(
                "SELECT * FROM shop_order o JOIN auth_user u ON u.id = o.customer_id WHERE u.email = '%s'"
                % customer_email
            ))
    """,
    "django_rawsql_annotate": """
        from django.db.models.expressions import RawSQL
        from shop.models import Product

        def hot_products(threshold):
            return Product.objects.annotate(hot=RawSQL(f"stock < {threshold}", []))
    """,
    "django_extra_where": """
        from django.db.models import Q
        from shop.models import Product

        def named(request):
            name = request.GET["name"]
            return Product.objects.filter(Q(stock__gt=0)).extra(where=[f"name LIKE '{name}%%'"])
    """,
    "fastapi_sqlalchemy_text": """
        from fastapi import Depends
        from sqlalchemy import text
        from sqlalchemy.orm import Session

        from app.db import get_db

        def user_by_email(email: str, db: Session = Depends(get_db)):
            return db.execute(text(f"SELECT * FROM users WHERE email = '{email}'")).mappings().all()
    """,
    "sqlmodel_exec_text": """
        from sqlmodel import Session, text

        from app.db import engine

        def heroes_named(name: str):
            with Session(engine) as session:
                return session.exec(text("SELECT * FROM hero WHERE name = '" + name + "'")).all()
    """,
    "flask_sqlalchemy_session": """
        from flask import request
        from sqlalchemy import text

        from blog import db

        def posts_by_author():
            author = request.args["author"]
            return db.session.execute(text("SELECT * FROM post WHERE author = '%s'" % author)).all()
    """,
    "sqlalchemy1_engine_execute": """
        from sqlalchemy import create_engine

        engine = create_engine("postgresql://localhost/app")

        def deactivate(username):
            engine.execute("UPDATE users SET active = false WHERE username = '%s'" % username)
    """,
    "sqlite_built_with_plus_equals": """
        import sqlite3

        def find(db_path, name, city):
            conn = sqlite3.connect(db_path)
            sql = "SELECT * FROM people WHERE 1 = 1"
            if name:
                sql += " AND name = '%s'" % name
            if city:
                sql += f" AND city = '{city}'"
            return conn.execute(sql).fetchall()
    """,
    "psycopg2_format": """
        import psycopg2

        def audit(dsn, actor):
            conn = psycopg2.connect(dsn)
            cur = conn.cursor()
            cur.execute("SELECT * FROM audit_log WHERE actor = '{}' ORDER BY ts DESC".format(actor))
            return cur.fetchall()
    """,
    "pymysql_like": """
        import pymysql

        def search(term):
            conn = pymysql.connect(host="db", user="app", database="shop")
            with conn.cursor() as cur:
                cur.execute(f"SELECT * FROM product WHERE title LIKE '%{term}%'")
                return cur.fetchall()
    """,
    "asyncpg_pool": """
        import asyncpg

        async def load_user(dsn, user_id):
            pool = await asyncpg.create_pool(dsn)
            async with pool.acquire() as conn:
                return await conn.fetchrow(f"SELECT * FROM users WHERE id = {user_id}")
    """,
    "peewee_execute_sql": """
        from peewee import SqliteDatabase

        db = SqliteDatabase("app.db")

        def tag_count(tag):
            return db.execute_sql(f"SELECT count(*) FROM tweet WHERE tag = '{tag}'").fetchone()
    """,
    "peewee_model_raw": """
        from peewee import CharField, Model, SqliteDatabase

        db = SqliteDatabase("app.db")

        class User(Model):
            username = CharField()

            class Meta:
                database = db

        def by_name(username):
            return list(User.raw("SELECT * FROM user WHERE username = '%s'" % username))
    """,
    "tortoise_execute_query": """
        from tortoise import connections

        async def totals(region):
            conn = connections.get("default")
            return await conn.execute_query_dict(f"SELECT sum(total) FROM orders WHERE region = '{region}'")
    """,
    "pandas_read_sql": """
        import pandas as pd
        import sqlite3

        def report(db_path, month):
            con = sqlite3.connect(db_path)
            return pd.read_sql(f"SELECT * FROM sales WHERE month = '{month}'", con)
    """,
    "order_by_from_request": """
        from django.db import connection

        def listing(request):
            sort = request.GET.get("sort", "id")
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT * FROM shop_product ORDER BY {sort}")
                return cursor.fetchall()
    """,
    "clauses_joined": """
        from django.db import connection

        def filter_orders(filters):
            clauses = ["1 = 1"]
            params = []
            if "status" in filters:
                clauses.append("status = %s")
                params.append(filters["status"])
            if "customer" in filters:
                clauses.append(f"customer_id = {filters['customer']}")
            sql = "SELECT * FROM shop_order WHERE " + " AND ".join(clauses)
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall()
    """,
    "in_list_of_strings": """
        from django.db import connection

        def delete_many(ids):
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM shop_cart WHERE token IN ('%s')" % "','".join(ids))
    """,
    "psycopg3_connection": """
        import psycopg

        def rename(dsn, old, new):
            with psycopg.connect(dsn) as conn:
                conn.execute(f"UPDATE account SET name = '{new}' WHERE name = '{old}'")
    """,
}

SAFE = {
    "parameterised": """
        from django.db import connection

        def search(request):
            with connection.cursor() as cursor:
                cursor.execute("SELECT id FROM shop_product WHERE name = %s", [request.GET["q"]])
                return cursor.fetchall()
    """,
    "module_constant_table": """
        from django.db import connection

        TABLE = "shop_product"

        def count():
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT count(*) FROM {TABLE}")
                return cursor.fetchone()[0]
    """,
    "placeholder_list": """
        from django.db import connection

        def by_ids(ids):
            placeholders = ", ".join(["%s"] * len(ids))
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT * FROM shop_product WHERE id IN ({placeholders})", ids)
                return cursor.fetchall()
    """,
    "qmark_placeholder_string_multiply": """
        import sqlite3

        def by_ids(db_path, ids):
            conn = sqlite3.connect(db_path)
            marks = ",".join("?" * len(ids))
            return conn.execute("SELECT * FROM item WHERE id IN (%s)" % marks, ids).fetchall()
    """,
    "psycopg_sql_composition": """
        import psycopg
        from psycopg import sql

        def truncate(dsn, table):
            with psycopg.connect(dsn) as conn:
                conn.execute(sql.SQL("TRUNCATE {}").format(sql.Identifier(table)))
    """,
    "logged_prose": """
        import logging

        logger = logging.getLogger(__name__)

        def warn(choices):
            logger.warning(f"Please select a value from the list: {choices}")
            logger.info("Deleted %s rows from the cart" % len(choices))
    """,
    "exception_prose": """
        def check(value, choices):
            if value not in choices:
                raise ValueError(f"Select a valid option from {', '.join(choices)}; update your settings")
    """,
    "text_with_bindparams": """
        from sqlalchemy import text
        from sqlalchemy.orm import Session

        def by_email(session: Session, email):
            return session.execute(text("SELECT * FROM users WHERE email = :email").bindparams(email=email)).all()
    """,
    "django_raw_with_params": """
        from shop.models import Order

        def orders(customer_id):
            return Order.objects.raw("SELECT * FROM shop_order WHERE customer_id = %s", [customer_id])
    """,
    "enum_value": """
        import enum
        from django.db import connection

        class Status(enum.Enum):
            PAID = "paid"

        def paid():
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT * FROM shop_order WHERE status = '{Status.PAID.value}'")
    """,
    "allow_listed_order_by": """
        from django.db import connection

        SORTS = {"name", "created_at"}

        def listing(request):
            sort = request.GET.get("sort", "name")
            if sort not in SORTS:
                raise ValueError("bad sort")
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT * FROM shop_product ORDER BY {sort}")
    """,
    "int_cast_limit": """
        import sqlite3

        def page(db_path, limit):
            conn = sqlite3.connect(db_path)
            return conn.execute(f"SELECT * FROM item ORDER BY id LIMIT {int(limit)}").fetchall()
    """,
    "redis_command": """
        import redis

        r = redis.Redis()

        def get(key):
            return r.execute_command(f"GET {key}")
    """,
    "class_constant": """
        from django.db import connection

        class Cleanup:
            TABLE = "django_session"

            def run(self):
                with connection.cursor() as cursor:
                    cursor.execute(f"DELETE FROM {self.TABLE} WHERE expire_date < now()")
    """,
    "constant_query_with_params": """
        from django.db import connection

        QUERY = f"SELECT * FROM {'shop_order'} WHERE customer_id = %s"

        def orders(customer_id):
            with connection.cursor() as cursor:
                cursor.execute(QUERY, [customer_id])
    """,
    "quote_name_identifier": """
        from django.db import connection

        def count(table):
            with connection.cursor() as cursor:
                cursor.execute("SELECT count(*) FROM %s" % connection.ops.quote_name(table))
                return cursor.fetchone()[0]
    """,
    "model_meta_table": """
        from django.db import connection

        def reset_sequence(model):
            table = model._meta.db_table
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), 1)")
    """,
    "websocket_message": """
        async def notify(ws, item):
            await ws.send(f"select {item} from the menu")
    """,
    "sqlalchemy_core_query": """
        from sqlalchemy import select
        from sqlalchemy.orm import Session

        from app.models import User

        def by_name(session: Session, name):
            return session.execute(select(User).where(User.name == name)).scalars().all()
    """,
    "migration_constants": """
        from alembic import op

        TABLE = "users"
        DEFAULT_ROLE = "member"

        def upgrade():
            op.execute(f"UPDATE {TABLE} SET role = '{DEFAULT_ROLE}' WHERE role IS NULL")
    """,
}

CORPUS = {**{name: (code, True) for name, code in VULNERABLE.items()},
          **{name: (code, False) for name, code in SAFE.items()}}
IDENTIFIERS = {"order_by_from_request"}  # vulnerable through an identifier: ORM202's


@pytest.mark.parametrize("name", CORPUS)
def test_corpus_case(name):
    code, vulnerable = CORPUS[name]
    found = lint_source(code, [RawSqlInjection, SqlIdentifierInterpolation], path=f"app/{name}.py")
    expected = set() if not vulnerable else {"ORM202" if name in IDENTIFIERS else "ORM201"}
    assert {f.code for f in found} == expected, [f.message for f in found]


def write_corpus(directory: Path) -> None:
    """Write the corpus as files (vulnerable/NAME.py and safe/NAME.py) for other tools."""
    for name, (code, vulnerable) in CORPUS.items():
        path = directory / ("vulnerable" if vulnerable else "safe") / f"{name}.py"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(code).lstrip("\n"), encoding="utf-8")


if __name__ == "__main__":
    write_corpus(Path(sys.argv[1]))
