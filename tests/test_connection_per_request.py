"""ORM305 connection-per-request."""

from __future__ import annotations

import pytest
from ormlint.rules.transactions.connection_per_request import ConnectionPerRequest

from ormlint.testing import lint_source


def lines(code: str, path: str = "app/views.py") -> list[int]:
    return [f.line for f in lint_source(code, ConnectionPerRequest, path=path)]


@pytest.mark.parametrize("handler", [
    "def view(request):",
    "@app.route('/users')\ndef view():",
    "@bp.get('/users')\ndef view():",
    "@router.post('/users')\nasync def view():",
    "@api_view(['GET'])\ndef view(req):",
])
def test_handlers(handler):
    code = f"""
import psycopg2
from rest_framework.decorators import api_view

{handler}
    conn = psycopg2.connect(DSN)
    return conn
"""
    assert lines(code) == [5 + handler.count("\n")]


def test_view_class_methods_and_fastapi_dependencies():
    code = """
    import asyncpg
    from fastapi import Depends
    from sqlalchemy import create_engine
    from django.views.generic import View

    class Report(View):
        def get_queryset(self):
            engine = create_engine(URL)
            return engine

    async def get_conn():
        conn = await asyncpg.connect(DSN)
        try:
            yield conn
        finally:
            await conn.close()

    async def items(conn=Depends(get_conn)):
        return await conn.fetch("SELECT 1")
    """
    result = lint_source(code, ConnectionPerRequest)
    assert [f.line for f in result] == [8, 12]
    assert "inside request handler get_queryset()" in result[0].message
    assert "asyncpg.connect()" in result[1].message


def test_pool_per_call_in_a_function_a_request_handler_calls():
    code = """
    import psycopg2
    from celery import shared_task
    from fastapi import FastAPI
    from sqlalchemy import create_engine
    from sqlalchemy.ext.asyncio import create_async_engine

    app = FastAPI()

    def count_users():
        engine = create_engine(URL)
        with engine.connect() as conn:
            return conn.execute(q).scalar()

    async def refresh():
        engine = create_async_engine(URL)
        async with engine.begin() as conn:
            await conn.execute(q)

    def db_is_at_head():
        engine = create_engine(URL)
        with engine.connect() as conn:
            return check(conn)

    @shared_task
    def sync_rates(rates):
        engine = create_engine(URL)
        conn = psycopg2.connect(DSN)

    @app.get("/users/count")
    def users_count():
        return {"n": count_users()}

    @app.post("/refresh")
    async def refresh_all():
        await refresh()
    """
    # db_is_at_head() is called by nothing that serves requests (at startup, from a command): it
    # runs once, and a pool per call of it costs nothing; a task's one connection per run is a batch job's
    result = lint_source(code, ConnectionPerRequest)
    assert [f.line for f in result] == [10, 15, 26]
    assert result[0].message.startswith(
        "create_engine() runs on every call of count_users(), which request handler users_count() calls")
    assert result[2].message.startswith("create_engine() inside task sync_rates(): a new connection pool")


@pytest.mark.parametrize("code", [
    # module level
    "from sqlalchemy import create_engine\nengine = create_engine(URL)\n",
    # factory names
    "from sqlalchemy import create_engine\ndef get_engine():\n    e = create_engine(URL)\n    e.connect()\n",
    "from sqlalchemy import create_engine\ndef init_db(app):\n    create_engine(URL).dispose()\n",
    # run-once decorators
    "import functools\nfrom sqlalchemy import create_engine\n@functools.cache\ndef db():\n    e = create_engine(URL)\n"
    "    e.connect()\n",
    "from sqlalchemy import create_engine\n@app.on_event('startup')\nasync def boot():\n    e = create_engine(URL)\n"
    "    e.connect()\n",
    # handed on: returned, stored on self / globals / a cache
    "from sqlalchemy import create_engine\ndef engine_for(url):\n    return create_engine(url)\n",
    "from sqlalchemy import create_engine\ndef engine_for(url):\n    e = create_engine(url)\n    return e\n",
    "from sqlalchemy import create_engine\n_cache = {}\ndef engine_for(url):\n    _cache[url] = create_engine(url)\n",
    "from sqlalchemy import create_engine\nENGINE = None\ndef use():\n    global ENGINE\n    ENGINE = create_engine(URL)\n",
    "from sqlalchemy import create_engine\nclass Repo:\n    def open(self):\n        self.engine = create_engine(URL)\n",
    # a single connection outside a handler (batch job)
    "import psycopg2\ndef nightly():\n    conn = psycopg2.connect(DSN)\n    conn.close()\n",
    # a command-line module
    "import click\nfrom sqlalchemy import create_engine\ndef check(uri):\n    e = create_engine(uri)\n    e.connect()\n",
    # Alembic env.py
    "from alembic import context\nfrom sqlalchemy import create_engine\ndef run_migrations_online():\n"
    "    e = create_engine(URL)\n    e.connect()\n",
    # the function a CLI command hands the request and application of its one run (onegov's `delete`)
    "from sqlalchemy import create_engine\n@cli.command()\ndef delete(ctx):\n    def delete_instance(request, app):\n"
    "        e = create_engine(app.dsn)\n        e.dispose()\n    return delete_instance\n",
])
def test_negatives(code):
    assert lines(code) == []


@pytest.mark.parametrize("path", ["tests/test_db.py", "scripts/load.py", "conftest.py"])
def test_tests_and_scripts_are_not_checked(path):
    code = "import psycopg2\ndef view(request):\n    return psycopg2.connect(DSN)\n"
    assert lines(code, path=path) == []


def test_a_handler_calling_a_function_that_returns_a_new_engine_builds_one_per_request():
    """``get_engine()`` whose whole body is ``return create_engine(url)``, called by a route: a pool per request,
    reported at the call. Cached (``@lru_cache``), kept in a global, or called only outside request handlers: no
    finding."""
    code = """
import functools
import os
from flask import Flask
from sqlalchemy import create_engine

app = Flask(__name__)
_engine = None


def get_engine():
    "The reports database."
    return create_engine(os.environ["REPORTS_DB_URL"])


@functools.lru_cache
def cached_engine():
    return create_engine(os.environ["REPORTS_DB_URL"])


def shared_engine():
    global _engine
    if _engine is None:
        _engine = create_engine(os.environ["REPORTS_DB_URL"])
    return _engine


@app.get("/reports/weekly")
def weekly():
    with get_engine().connect() as conn:
        return conn.execute("SELECT 1").all()


@app.get("/reports/daily")
def daily():
    with cached_engine().connect() as conn, shared_engine().connect() as other:
        return conn.execute("SELECT 1").all() + other.execute("SELECT 2").all()


def nightly():
    return get_engine().connect()
"""
    assert lines(code) == [29]
