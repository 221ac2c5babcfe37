"""ORM102 on SQL run through a driver once per iteration: DB-API, asyncpg, aiosqlite, Django's cursor, text()."""

import pytest
from ormlint.rules.queries.query_in_loop import QueryInLoop

from ormlint.testing import lint_source


def found(code, files=None):
    return [(f.span.line, f.message) for f in lint_source(code, QueryInLoop, path="app/db.py", files=files or {})]


POSITIVES = [
    ("""
import psycopg2

def totals(order_ids):
    cur = psycopg2.connect("dbname=shop").cursor()
    for oid in order_ids:
        cur.execute("SELECT sum(qty) FROM lines WHERE order_id = %s", (oid,))
        print(cur.fetchone())
""", 6, "`WHERE id = ANY(%s)` with a list of keys (PostgreSQL), or `IN %s` with a tuple"),
    ("""
import asyncpg

async def prices(pool, cart):
    async with pool.acquire() as conn:
        for item in cart:
            row = await conn.fetchrow("SELECT price FROM products WHERE id = $1", item["id"])
""", 6, "`WHERE id = ANY($1)` with a list of keys, in one `fetch()`"),
    ("""
from django.db import connection

def counts(users):
    with connection.cursor() as cursor:
        for user in users:
            cursor.execute("SELECT count(*) FROM posts WHERE author_id = %s", [user.id])
""", 6, "`WHERE id = ANY(%s)`"),
    ("""
import sqlite3

def mark(ids):
    db = sqlite3.connect("x.db")
    for i in ids:
        db.execute("UPDATE t SET seen = 1 WHERE id = ?", (i,))
""", 6, "runs an UPDATE per iteration of the `for i in ids` loop (line 5) (N+1); send all rows at once with "
        "`executemany(sql, rows)`"),
    ("""
import aiosqlite

async def names(db, ids):
    for i in ids:
        async with db.execute("SELECT name FROM t WHERE id = ?", (i,)) as cur:
            print(await cur.fetchone())
""", 5, "`WHERE id IN (?, ?, ...)` with one placeholder per key"),
    ("""
from sqlalchemy import text

def balances(session, accounts):
    for account in accounts:
        session.execute(text("SELECT balance FROM ledger WHERE account = :a"), {"a": account})
""", 5, '`WHERE id IN :ids` with `bindparam("ids", expanding=True)`'),
]


@pytest.mark.parametrize("code,line,advice", POSITIVES)
def test_driver_query_per_iteration(code, line, advice):
    (finding,) = found(code)
    assert finding[0] == line and advice in finding[1]


NEGATIVES = [
    # executemany is the batch form; chunks of rows per iteration
    """
import psycopg2

def load(rows, chunks):
    cur = psycopg2.connect("dbname=shop").cursor()
    cur.executemany("INSERT INTO t VALUES (%s)", rows)
    for chunk in chunks:
        cur.executemany("INSERT INTO t VALUES (%s)", chunk)
    for batch in chunks:
        cur.execute("SELECT * FROM t WHERE id = ANY(%s)", (batch,))
""",
    # the statements of a schema script: no parameters
    """
import sqlite3

SCHEMA = "create table a (id int); create table b (id int)"

def migrate(path):
    db = sqlite3.connect(path)
    for statement in SCHEMA.split(";"):
        db.execute(statement)
""",
    # parameters that do not change with the iteration, a bounded loop, an unknown receiver
    """
import psycopg2

def poll(cur, ids, client):
    for _ in ids:
        cur.execute("SELECT 1 WHERE %s", (True,))
    for table in ("a", "b"):
        cur.execute("SELECT count(*) FROM t WHERE name = %s", (table,))
    for i in ids:
        client.execute("GET", i)
""",
    # a schema change per constraint (codechecker's db_cleanup): one statement each, nothing to batch
    """
import sqlalchemy

def add_foreign_keys(session, table_name, foreign_keys):
    for fk in foreign_keys:
        session.execute(sqlalchemy.text(
            f"ALTER TABLE {table_name} ADD CONSTRAINT {fk['name']} FOREIGN KEY ({fk['column']}) "
            f"REFERENCES {fk['table']}(id)"
        ))
""",
    # one set-based statement per table the loop pastes in; a schema change through str.format()
    """
from sqlalchemy import text

def normalize(session, models, connection, columns, schema):
    for model in models:
        table = model.__tablename__
        session.execute(text(f"UPDATE {table} SET meta = meta - 'x' WHERE meta ? 'x'"))
    for name in models:
        session.execute(text("DELETE FROM {} WHERE archived".format(name)))
    for column in columns:
        connection.execute(text('''
            ALTER TABLE "{schema}".{table} ALTER COLUMN {column} TYPE JSONB
        '''.format(schema=schema, table=column.table.name, column=column.name)))
""",
    # per-table grants and maintenance through a cursor
    """
import psycopg2

def grant(cur, tables, role):
    for table in tables:
        cur.execute("GRANT SELECT ON %s TO %s" % (table, role))
        cur.execute("VACUUM ANALYZE " + table)
""",
    # a lookup kept per key
    """
import psycopg2

def names(cur, rows, cache):
    for row in rows:
        if row["user"] not in cache:
            cur.execute("SELECT name FROM users WHERE id = %s", (row["user"],))
            cache[row["user"]] = cur.fetchone()
""",
    # kept per key by a method the loop calls, asking the dict's keys() (arches' blank tile lookup)
    """
import psycopg2

class Importer:
    def __init__(self):
        self.lookup = {}

    def blank(self, nodegroup):
        if nodegroup not in self.lookup.keys():
            with psycopg2.connect("").cursor() as cursor:
                cursor.execute("SELECT nodeid FROM nodes WHERE nodegroupid = %s", [nodegroup])
                self.lookup[nodegroup] = cursor.fetchall()
        return self.lookup[nodegroup]

    def run(self, rows):
        for row in rows:
            self.blank(row["nodegroup"])
""",
    # the lines of an SQL script, each a statement of its own (listenbrainz' run_sql_script_without_transaction)
    """
from sqlalchemy import text

def run_script(engine, path):
    with open(path) as sql, engine.connect() as connection:
        for line in sql.read().splitlines():
            if line and not line.startswith("--"):
                connection.execute(text(line.strip()))
""",
    # one window of a time range per iteration, its width a parameter (listenbrainz' migrate_listens)
    """
import psycopg2

def copy(cur, start, end, window):
    window_start = start
    while window_start < end:
        window_end = min(window_start + window, end)
        cur.execute("SELECT * FROM listen WHERE ts >= %s AND ts < %s", (window_start, window_end))
        window_start = window_end
    offset = 0
    while offset < end:
        cur.execute("SELECT * FROM t ORDER BY id LIMIT 500 OFFSET %s", (offset,))
        offset += window
""",
    # a buffer the loop fills, written when full, and progress saved every 1000 rows
    """
import psycopg2

def load(cur, source, batch_size):
    rows = []
    for n, row in enumerate(source):
        rows.append(row)
        if len(rows) >= batch_size:
            cur.execute("DELETE FROM t WHERE id IN %s", (tuple(r[0] for r in rows),))
            rows = []
        if n % 1000 == 0:
            cur.execute("UPDATE progress SET done = %s", (n,))
""",
]

NEGATIVES.append(  # one progress row written per iteration (listenbrainz' export): the same row, not N rows
    """
from sqlalchemy import text

def update_progress(db_conn, export_id, progress):
    db_conn.execute(text(\"\"\"
        UPDATE user_data_export SET progress = :progress
         WHERE id = :export_id
    \"\"\"), {"export_id": export_id, "progress": progress})

def export(db_conn, export_id, months):
    for month in months:
        update_progress(db_conn, export_id, f"month {month}")
""")

NEGATIVES.append(  # each file its own database: a connection the helper opens to what its parameter names (kolibri)
    """
from sqlalchemy import select
from app.bridge import Bridge, MetadataTable

def read_metadata(path):
    source = Bridge(sqlite_file_path=path)
    return source.execute(select(MetadataTable)).fetchone()

def every_channel(paths):
    return [read_metadata(path) for path in paths]
""")

# Loops that look batched and are not: one row at a time by index, a size test of something else, every other row.
STILL_PER_ROW = [
    """
import psycopg2

def per_row(cur, ids):
    i = 0
    while i < len(ids):
        cur.execute("SELECT * FROM t WHERE id = %s", (ids[i],))
        i += 1
""",
    """
import psycopg2

def children(cur, items):
    for item in items:
        if len(item.children) > 5:
            cur.execute("SELECT * FROM t WHERE id = %s", (item.id,))
""",
    """
import psycopg2

def halves(cur, items):
    for i, item in enumerate(items):
        if i % 2 == 0:
            cur.execute("SELECT * FROM t WHERE id = %s", (item.id,))
""",
    """
from sqlalchemy import text

def per_row_text(connection, ids):
    for sql_id in ids:
        sql = f"SELECT * FROM t WHERE id = {sql_id}"
        connection.execute(text(sql))
""",
]


STILL_PER_ROW.append("""
from sqlalchemy import text

def mark(db_conn, ids):
    for i in ids:
        db_conn.execute(text("UPDATE t SET seen = true WHERE id = :id"), {"id": i})
""")


NEGATIVES.append(  # one page of one aggregate per iteration (osf.io's storage usage): LIMIT n OFFSET %(offset)s
    """
from django.db import connection

def total(owner, n=1000):
    sql = "SELECT count(size), sum(size) FROM (SELECT size FROM files WHERE owner = %(owner)s ORDER BY id LIMIT %(n)s OFFSET %(offset)s) page"
    last, offset, size = 1, 0, 0
    with connection.cursor() as cursor:
        while last:
            cursor.execute(sql, {"owner": owner, "n": n, "offset": offset})
            last, part = cursor.fetchall()[0]
            size += part or 0
            offset += last or 0
    return size
""")
STILL_PER_ROW.append("""
import psycopg2

def first_lines(order_ids):
    cur = psycopg2.connect("dbname=shop").cursor()
    for oid in order_ids:
        cur.execute("SELECT * FROM lines WHERE order_id = %s ORDER BY id LIMIT 1 OFFSET 0", (oid,))
""")


STILL_PER_ROW.append("""
from sqlalchemy import text

TABLE = "users"

def lookups(session, ids):
    for id_ in ids:
        session.execute(text(f"SELECT * FROM {TABLE} WHERE id = :id"), {"id": id_})
""")  # the table pasted in is the same on every iteration: a lookup per row


@pytest.mark.parametrize("code", STILL_PER_ROW)
def test_still_a_per_row_driver_query(code):
    assert len(found(code)) == 1


@pytest.mark.parametrize("code", NEGATIVES)
def test_not_a_per_row_driver_query(code):
    assert found(code) == []


def test_a_module_without_models_is_analysed_for_driver_queries():
    # no model in the project at all: the loop is still a query per row
    assert found(POSITIVES[0][0], files={"README.md": "docs"}) != []


def test_a_write_per_row_is_advised_the_drivers_own_batch():
    """psycopg2's ``executemany()`` still sends one statement per row: its batch is ``execute_values``; sqlite3's
    ``executemany()`` is the batch itself."""
    [(_, psycopg2)] = found("""
import psycopg2

def store(rows):
    cur = psycopg2.connect("dbname=shop").cursor()
    for row in rows:
        cur.execute("INSERT INTO lines (order_id, qty) VALUES (%s, %s)", (row.order, row.qty))
""")
    assert "psycopg2.extras.execute_values(cur, sql, rows)" in psycopg2 and "one statement per row" in psycopg2
    [(_, sqlite)] = found("""
import sqlite3

def store(rows):
    db = sqlite3.connect("x.db")
    for row in rows:
        db.execute("INSERT INTO lines (order_id, qty) VALUES (?, ?)", (row.order, row.qty))
""")
    assert "`executemany(sql, rows)`" in sqlite and "execute_values" not in sqlite
