"""ORM201 fixes produce code that runs: before/after against a real sqlite3 database.

Each case defines ``query(conn, *args)``. The original and the fixed module are executed
on the same database; for benign input both return the same rows, and for an injection
payload the fixed code returns what a bound parameter matches (nothing) instead of what
the injected SQL selects.
"""

from __future__ import annotations

import sqlite3
import textwrap

import libcst as cst
import pytest
import sqlalchemy
from ormlint.rules.raw_sql.raw_sql_injection import RawSqlInjection

from ormlint.analysis.sql.holes import parses_in_dialects
from ormlint.testing import fix_source, lint_source

INJECTION = "x' OR '1'='1"

CASES = {
    "f-string quoted value": ("""
        import sqlite3

        def query(conn: sqlite3.Connection, name):
            return conn.execute(f"SELECT id, name FROM users WHERE name = '{name}' ORDER BY id").fetchall()
        """, ("bob",), (INJECTION,)),
    "percent-format number": ("""
        import sqlite3

        def query(conn: sqlite3.Connection, age):
            sql = "SELECT id FROM users WHERE age > %s ORDER BY id" % age
            return conn.execute(sql).fetchall()
        """, (30,), ("0 OR 1=1",)),
    "format with a constant table and two values": ("""
        import sqlite3

        TABLE = "users"

        def query(conn: sqlite3.Connection, name, age):
            cur = conn.cursor()
            cur.execute("SELECT id FROM {} WHERE name = '{}' OR age = {} ORDER BY id".format(TABLE, name, age))
            return cur.fetchall()
        """, ("ann", 41), (INJECTION, 0)),
    "concatenation with str()": ("""
        import sqlite3

        def query(conn: sqlite3.Connection, min_id):
            return conn.execute("SELECT name FROM users WHERE id >= " + str(min_id) + " ORDER BY id").fetchall()
        """, (2,), ("0 OR 1=1",)),
    "merged with existing parameters": ("""
        import sqlite3

        def query(conn: sqlite3.Connection, name, age):
            return conn.execute(
                f"SELECT id FROM users WHERE age > ? AND name != '{name}' ORDER BY id", (age,)
            ).fetchall()
        """, ("bob", 20), ("x' AND 0 OR '1'='0", 20)),
    "limit": ("""
        import sqlite3

        def query(conn: sqlite3.Connection, limit):
            return conn.execute(f"SELECT id FROM users ORDER BY id LIMIT {limit}").fetchall()
        """, (2,), ("1 UNION SELECT 99",)),
    "triple-quoted f-string over several lines": ('''
        import sqlite3

        def query(conn: sqlite3.Connection, name, age):
            sql = f"""SELECT id, name
                FROM users
                WHERE name = '{name}'
                   OR age = {age}
                ORDER BY id"""
            return conn.execute(sql).fetchall()
        ''', ("ann", 25), (INJECTION, 0)),
    "triple-quoted percent-format with quotes": (r'''
        import sqlite3

        def query(conn: sqlite3.Connection, name):
            return conn.execute("""SELECT "id" FROM users
                WHERE name = '%s' AND name != ""
                ORDER BY "id\"""" % name).fetchall()
        ''', ("bob",), (INJECTION,)),
    "insert then select": ("""
        import sqlite3

        def query(conn: sqlite3.Connection, name):
            conn.execute(f"INSERT INTO users (name, age) VALUES ('{name}', 1)")
            return conn.execute("SELECT name FROM users ORDER BY id").fetchall()
        """, ("zed",), ("o'hara",)),
}


def _database() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, age INTEGER)")
    conn.executemany("INSERT INTO users (name, age) VALUES (?, ?)", [("ann", 41), ("bob", 25), ("cy", 33)])
    return conn


def _run(source: str, args):
    namespace: dict = {}
    exec(compile(source, "<case>", "exec"), namespace)  # noqa: S102 - the test's own code
    try:
        return namespace["query"](_database(), *args)
    except sqlite3.Error as exc:
        return f"error: {type(exc).__name__}"


@pytest.mark.parametrize("code, benign, hostile", CASES.values(), ids=CASES.keys())
def test_fixed_code_returns_the_same_rows(code, benign, hostile):
    before = textwrap.dedent(code).lstrip("\n")
    assert lint_source(before, RawSqlInjection), "the case must be reported"
    after = fix_source(before, RawSqlInjection)
    assert after != before
    cst.parse_module(after)
    assert fix_source(after, RawSqlInjection) == after
    assert lint_source(after, RawSqlInjection) == []
    assert _run(after, benign) == _run(before, benign)
    assert _run(after, hostile) != _run(before, hostile)


def test_sqlalchemy_text_fix_runs_on_sqlite():
    before = textwrap.dedent("""
        from sqlalchemy import text

        def query(conn, name):
            return conn.execute(text(f"SELECT id FROM users WHERE name = '{name}'")).fetchall()
    """).lstrip("\n")
    after = fix_source(before, RawSqlInjection)
    assert ".bindparams(name=name)" in after
    engine = sqlalchemy.create_engine("sqlite://")
    results = []
    for source in (before, after):
        namespace: dict = {}
        exec(compile(source, "<case>", "exec"), namespace)  # noqa: S102 - the test's own code
        with engine.begin() as conn:
            conn.exec_driver_sql("CREATE TABLE IF NOT EXISTS users (id INTEGER PRIMARY KEY, name TEXT)")
            conn.exec_driver_sql("DELETE FROM users")
            conn.exec_driver_sql("INSERT INTO users (name) VALUES ('ann'), ('bob')")
            results.append(namespace["query"](conn, "bob"))
    assert results[0] == results[1] == [(2,)]


@pytest.mark.parametrize("code", [c[0] for c in CASES.values()], ids=list(CASES))
def test_rewritten_sql_parses_in_other_dialects(code):
    after = fix_source(textwrap.dedent(code).lstrip("\n"), RawSqlInjection)
    statements = [sql for sql in _sql_strings(cst.parse_module(after)) if sql.startswith(("SELECT", "INSERT"))]
    assert statements
    for sql in statements:
        assert all(parses_in_dialects(sql.replace("?", "%s")).values()), sql


def _sql_strings(module: cst.Module) -> list[str]:
    """String literals of the module; an f-string's interpolations stand for a table name."""
    found: list[str] = []

    class _Collect(cst.CSTVisitor):
        def visit_SimpleString(self, node: cst.SimpleString) -> None:
            found.append(str(node.evaluated_value))

        def visit_FormattedString(self, node: cst.FormattedString) -> bool:
            found.append("".join(p.value if isinstance(p, cst.FormattedStringText) else "users" for p in node.parts))
            return False

    module.visit(_Collect())
    return found
