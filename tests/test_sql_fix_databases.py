"""ORM201 fixes produce code that runs: each before/after pair is executed against real databases.

sqlite3 and aiosqlite always; PostgreSQL through psycopg2 and psycopg (3) on a throwaway
cluster (the ``postgres`` fixture); SQLAlchemy ``text()`` on both. Each case defines
``query(conn, *args)``. For benign input the original and the fixed code return the same rows;
for a hostile input (``x' OR '1'='1``) the original returns other rows (or fails) and the fixed
code returns what a bound parameter matches. The rewritten SQL is also checked with sqlglot in
the other dialects. Where a fix could not run (asyncpg types its parameters; ``SET``/``PRAGMA``
take none) no fix is offered, and that is checked on the same databases.
"""

from __future__ import annotations

import asyncio
import sqlite3
import textwrap
from dataclasses import dataclass

import libcst as cst
import pytest
import sqlalchemy
from ormlint.rules.raw_sql.raw_sql_injection import RawSqlInjection

from ormlint.analysis.sql.holes import parses_in_dialects
from ormlint.testing import fix_source, lint_source

HOSTILE = "x' OR '1'='1"
USERS = [("ann", 41), ("bob", 25), ("cy", 33)]
ERROR = "error"
NOTHING = ([], ERROR)  # a bound value that is not a number matches no row, or the database refuses it


@dataclass(frozen=True)
class Case:
    code: str  # defines query(conn, *args)
    benign: tuple
    hostile: tuple
    after_hostile: tuple  # what the fixed code may return for the hostile input (ERROR: the database refuses it)


# One SQL shape per case, written for each driver's connection API.
SHAPES = {
    "quoted value": ("SELECT id, name FROM users WHERE name = '{name}' ORDER BY id", ("bob",), (HOSTILE,), ([],)),
    "unquoted number": ("SELECT name FROM users WHERE id >= {min_id} ORDER BY id", (2,), ("0 OR 1=1",), NOTHING),
    "quoted number": ("SELECT name FROM users WHERE age = '{age}' ORDER BY id", (25,), ("0' OR '1'='1",), NOTHING),
    "limit": ("SELECT id FROM users ORDER BY id LIMIT {limit}", (2,), ("(SELECT count(*) FROM users)",), NOTHING),
    "percent in a literal": ("SELECT id FROM users WHERE name LIKE 'b%' AND age > {age} ORDER BY id", (20,),
                             ("0 OR 1=1",), NOTHING),
}
_NAMES = {"quoted value": "name", "unquoted number": "min_id", "quoted number": "age", "limit": "limit",
          "percent in a literal": "age"}


def _driver_code(driver: str, sql: str, arg: str) -> str:
    call = f'f"{sql}"'
    if driver == "sqlite3":
        return f"""
            import sqlite3

            def query(conn: sqlite3.Connection, {arg}):
                return conn.execute({call}).fetchall()
        """
    if driver == "aiosqlite":
        return f"""
            import aiosqlite

            async def query(conn: aiosqlite.Connection, {arg}):
                async with conn.execute({call}) as cursor:
                    return await cursor.fetchall()
        """
    if driver == "psycopg2":
        return f"""
            import psycopg2

            def query(conn: psycopg2.extensions.connection, {arg}):
                cur = conn.cursor()
                cur.execute({call})
                return cur.fetchall()
        """
    if driver == "psycopg":
        return f"""
            import psycopg

            def query(conn: psycopg.Connection, {arg}):
                return conn.execute({call}).fetchall()
        """
    if driver == "sqlalchemy":
        return f"""
            from sqlalchemy import text

            def query(conn, {arg}):
                return conn.execute(text({call})).fetchall()
        """
    raise AssertionError(driver)


def _cases(driver: str) -> dict[str, Case]:
    return {name: Case(_driver_code(driver, sql, _NAMES[name]), benign, hostile, after)
            for name, (sql, benign, hostile, after) in SHAPES.items()}


EXTRA_SQLITE = {
    "format() with a constant table and two values": Case("""
        import sqlite3

        TABLE = "users"

        def query(conn: sqlite3.Connection, name, age):
            cur = conn.cursor()
            cur.execute("SELECT id FROM {} WHERE name = '{}' OR age = {} ORDER BY id".format(TABLE, name, age))
            return cur.fetchall()
        """, ("ann", 25), (HOSTILE, 0), ([],)),
    "merged with existing parameters": Case("""
        import sqlite3

        def query(conn: sqlite3.Connection, name, age):
            return conn.execute(
                f"SELECT id FROM users WHERE age > ? AND name != '{name}' ORDER BY id", (age,)
            ).fetchall()
        """, ("bob", 20), ("x' AND 0 OR '1'='0", 20), ([(1,), (2,), (3,)],)),
    "triple-quoted f-string over several lines": Case('''
        import sqlite3

        def query(conn: sqlite3.Connection, name, age):
            sql = f"""SELECT id, name
                FROM users
                WHERE name = '{name}'
                   OR age = {age}
                ORDER BY id"""
            return conn.execute(sql).fetchall()
        ''', ("ann", 25), (HOSTILE, 0), ([],)),
    "triple-quoted percent-format with quotes": Case(r'''
        import sqlite3

        def query(conn: sqlite3.Connection, name):
            return conn.execute("""SELECT "id" FROM users
                WHERE name = '%s' AND name != ""
                ORDER BY "id\"""" % name).fetchall()
        ''', ("bob",), (HOSTILE,), ([],)),
    "insert then select": Case("""
        import sqlite3

        def query(conn: sqlite3.Connection, name):
            conn.execute(f"INSERT INTO users (name, age) VALUES ('{name}', 1)")
            return conn.execute("SELECT name FROM users ORDER BY id").fetchall()
        """, ("zed",), ("o'hara",), ([("ann",), ("bob",), ("cy",), ("o'hara",)],)),
    "a project helper": Case("""
        import sqlite3

        def _rows(conn: sqlite3.Connection, sql, params=()):
            return conn.execute(sql, params).fetchall()

        def query(conn: sqlite3.Connection, name):
            return _rows(conn, f"SELECT id FROM users WHERE name = '{name}'")
        """, ("bob",), (HOSTILE,), ([],)),
}


def _normalise(rows) -> list[tuple]:
    return [tuple(row) for row in rows]


def _fixed(before: str) -> str:
    assert lint_source(before, RawSqlInjection), "the case must be reported"
    after = fix_source(before, RawSqlInjection)
    assert after != before, "a fix must be offered"
    cst.parse_module(after)
    assert fix_source(after, RawSqlInjection) == after
    assert lint_source(after, RawSqlInjection) == []
    return after


def _load(source: str):
    namespace: dict = {}
    exec(compile(source, "<case>", "exec"), namespace)  # noqa: S102 - the test's own code
    return namespace["query"]


def _check(case: Case, run) -> None:
    before = textwrap.dedent(case.code).lstrip("\n")
    after = _fixed(before)
    assert run(after, case.benign) == run(before, case.benign) != ERROR
    hostile_before, hostile_after = run(before, case.hostile), run(after, case.hostile)
    assert hostile_after in case.after_hostile
    assert hostile_before != hostile_after


# -- sqlite3 and aiosqlite ---------------------------------------------------------------------


def _sqlite(source: str, args):
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, age INTEGER)")
    conn.executemany("INSERT INTO users (name, age) VALUES (?, ?)", USERS)
    try:
        return _normalise(_load(source)(conn, *args))
    except (sqlite3.Error, ValueError):
        return ERROR
    finally:
        conn.close()


@pytest.mark.parametrize("case", [*_cases("sqlite3").values(), *EXTRA_SQLITE.values()],
                         ids=[*_cases("sqlite3"), *EXTRA_SQLITE])
def test_sqlite3(case):
    _check(case, _sqlite)


def _aiosqlite(source: str, args):
    aiosqlite = pytest.importorskip("aiosqlite")

    async def go():
        async with aiosqlite.connect(":memory:") as conn:
            await conn.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, age INTEGER)")
            await conn.executemany("INSERT INTO users (name, age) VALUES (?, ?)", USERS)
            try:
                return _normalise(await _load(source)(conn, *args))
            except (sqlite3.Error, ValueError):
                return ERROR

    return asyncio.run(go())


@pytest.mark.parametrize("case", _cases("aiosqlite").values(), ids=list(_cases("aiosqlite")))
def test_aiosqlite(case):
    _check(case, _aiosqlite)


def test_aiosqlite_fix_uses_qmark_not_dollar():
    after = _fixed(textwrap.dedent(_cases("aiosqlite")["quoted value"].code).lstrip("\n"))
    assert "name = ?" in after and "$1" not in after


# -- PostgreSQL: psycopg2, psycopg ---------------------------------------------------------------


def _postgres_runner(module: str, dsn: str):
    driver = pytest.importorskip(module)

    def run(source: str, args):
        conn = driver.connect(dsn)
        try:
            cur = conn.cursor()
            cur.execute("DROP TABLE IF EXISTS users")
            cur.execute("CREATE TABLE users (id serial PRIMARY KEY, name text, age int)")
            cur.executemany("INSERT INTO users (name, age) VALUES (%s, %s)", USERS)
            try:
                return _normalise(_load(source)(conn, *args))
            except (driver.Error, ValueError):
                return ERROR
        finally:
            conn.rollback()
            conn.close()

    return run


EXTRA_PSYCOPG2 = {
    "one literal per line, percent-formatted": Case("""
        import psycopg2

        def query(conn: psycopg2.extensions.connection, name):
            cur = conn.cursor()
            cur.execute(
                "SELECT id, name "
                "FROM users "
                "WHERE name = '%s' "
                "ORDER BY id" % name
            )
            return cur.fetchall()
        """, ("bob",), (HOSTILE,), ([],)),
}
PSYCOPG2_CASES = {**_cases("psycopg2"), **EXTRA_PSYCOPG2}


@pytest.mark.parametrize("case", PSYCOPG2_CASES.values(), ids=list(PSYCOPG2_CASES))
def test_psycopg2(case, postgres):
    _check(case, _postgres_runner("psycopg2", postgres.dsn))


@pytest.mark.parametrize("case", _cases("psycopg").values(), ids=list(_cases("psycopg")))
def test_psycopg(case, postgres):
    _check(case, _postgres_runner("psycopg", postgres.dsn))


# -- SQLAlchemy text() on sqlite and PostgreSQL ----------------------------------------------------


def _sqlalchemy_runner(url: str):
    engine = sqlalchemy.create_engine(url)

    def run(source: str, args):
        with engine.connect() as conn:
            conn.exec_driver_sql("DROP TABLE IF EXISTS users")
            conn.exec_driver_sql("CREATE TABLE users (id integer PRIMARY KEY, name text, age integer)")
            for i, (name, age) in enumerate(USERS, 1):
                conn.execute(sqlalchemy.text("INSERT INTO users VALUES (:i, :n, :a)"), {"i": i, "n": name, "a": age})
            try:
                return _normalise(_load(source)(conn, *args))
            except (sqlalchemy.exc.DBAPIError, ValueError):
                return ERROR
            finally:
                conn.rollback()

    return run


@pytest.mark.parametrize("case", _cases("sqlalchemy").values(), ids=list(_cases("sqlalchemy")))
def test_sqlalchemy_text_on_sqlite(case):
    _check(case, _sqlalchemy_runner("sqlite://"))


@pytest.mark.parametrize("case", _cases("sqlalchemy").values(), ids=list(_cases("sqlalchemy")))
def test_sqlalchemy_text_on_postgres(case, postgres):
    pytest.importorskip("psycopg2")
    _check(case, _sqlalchemy_runner(f"postgresql+psycopg2://{postgres.user}@{postgres.host}:{postgres.port}/postgres"))


# -- where no fix is offered, the original is what runs --------------------------------------------


def test_asyncpg_gets_advice_not_a_fix(postgres):
    """asyncpg infers each parameter's type from the statement: a bound '25' for an integer
    column is an error where the literal '25' matched, so a rewrite could break the query."""
    asyncpg = pytest.importorskip("asyncpg")
    code = textwrap.dedent("""
        import asyncpg

        async def query(conn: asyncpg.Connection, age):
            return await conn.fetch(f"SELECT name FROM users WHERE age = '{age}'")
    """)
    [finding] = lint_source(code, RawSqlInjection)
    assert finding.fix is None and "write `$1` and pass it after the SQL" in finding.message

    async def go():
        conn = await asyncpg.connect(postgres.url)
        try:
            await conn.execute("DROP TABLE IF EXISTS users")
            await conn.execute("CREATE TABLE users (id serial PRIMARY KEY, name text, age int)")
            await conn.executemany("INSERT INTO users (name, age) VALUES ($1, $2)", USERS)
            original = [tuple(r) for r in await _load(code)(conn, "25")]
            with pytest.raises(asyncpg.DataError):  # what the naive rewrite would have done
                await conn.fetch("SELECT name FROM users WHERE age = $1", "25")
            return original
        finally:
            await conn.close()

    assert asyncio.run(go()) == [("bob",)]


@pytest.mark.parametrize("statement, argument", [
    ("SET LOCAL statement_timeout TO '{value}'", "1500"),
    ("SET application_name = '{value}'", "worker"),
])
def test_settings_get_no_fix_and_the_rewrite_would_fail(postgres, statement, argument):
    psycopg = pytest.importorskip("psycopg")
    code = textwrap.dedent(f"""
        import psycopg

        def query(conn: psycopg.Connection, value):
            conn.execute(f"{statement}")
    """)
    [finding] = lint_source(code, RawSqlInjection)
    assert finding.fix is None
    with psycopg.connect(postgres.dsn) as conn:
        _load(code)(conn, argument)  # the original runs
        conn.rollback()
        with pytest.raises(psycopg.errors.SyntaxError):  # a bound parameter is not accepted there
            conn.execute(statement.replace("'{value}'", "%s"), (argument,))


def test_pragma_gets_no_fix_and_the_rewrite_would_fail():
    code = textwrap.dedent("""
        import sqlite3

        def query(conn: sqlite3.Connection, mode):
            return conn.execute(f"PRAGMA journal_mode = '{mode}'").fetchall()
    """)
    [finding] = lint_source(code, RawSqlInjection)
    assert finding.fix is None
    conn = sqlite3.connect(":memory:")
    assert _load(code)(conn, "memory") == [("memory",)]
    with pytest.raises(sqlite3.OperationalError):
        conn.execute("PRAGMA journal_mode = ?", ("memory",))


# -- the rewritten SQL in other dialects -----------------------------------------------------------


@pytest.mark.parametrize("case", EXTRA_SQLITE.values(), ids=list(EXTRA_SQLITE))
def test_rewritten_sql_parses_in_other_dialects(case):
    after = fix_source(textwrap.dedent(case.code).lstrip("\n"), RawSqlInjection)
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
