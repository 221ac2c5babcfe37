"""What ormlint knows of DB-API drivers (and their asyncio cousins): connecting, pools, parameters, errors."""

from __future__ import annotations

from dataclasses import dataclass

from ormlint.orms.django import PEP_249_ERRORS
from ormlint.orms.handles import (
    ASYNC_CONNECTION,
    ASYNCPG_TRANSACTION,
    DBAPI_CLOSING,
    DBAPI_TXN_ONLY,
    GETCONN,
    POOLED,
    Kind,
)
from ormlint.orms.spec import Acquire, Names


@dataclass(frozen=True)
class Connect:
    """A function (or classmethod) of a driver that opens a connection."""

    name: str  # under the driver's module: "connect", "dbapi2.connect", "AsyncConnection.connect"
    handle: Kind  # how the connection it returns is released


@dataclass(frozen=True)
class Driver:
    """One database driver module."""

    module: str  # "psycopg2", "mysql.connector"
    connects: tuple[Connect, ...]
    paramstyle: str | None  # qmark | format | named | numeric_dollar
    dialect: str | None  # the sqlglot dialect of its SQL
    server: bool = True  # it connects to a database server (a socket per connection), not a local file
    pools: tuple[Names, ...] = ()  # pool constructors
    query_methods: frozenset[str] = frozenset({"execute", "executemany", "executescript"})  # take SQL text
    typed: tuple[str, ...] = ()  # connection/cursor classes the raw-SQL analysis recognises in annotations
    # A value bound in place of a SQL literal keeps the literal's meaning: the driver interpolates it
    # client-side or sends it untyped ("unknown"), so '5' still matches an integer column. False where
    # the server types each parameter and refuses a Python value of another type (asyncpg), or untested.
    rebinds_literals: bool = True
    quoting: frozenset[str] = frozenset()  # functions and methods that quote an identifier or a literal for SQL
    quote_identifier: str = "double quotes, inner ones doubled"  # how to quote a table or column name safely
    # How to send a write for many rows in one round trip, when its executemany() runs one statement per row
    # (psycopg2's): "" where executemany() itself batches (sqlite3, psycopg 3's pipeline, asyncpg).
    batch_writes: str = ""

    @property
    def top(self) -> str:
        return self.module.split(".", 1)[0]

    def qualified_connects(self) -> dict[str, Kind]:
        return {f"{self.module}.{c.name}": c.handle for c in self.connects}


_CLASSES = ("Connection", "Cursor", "connection", "cursor", "AsyncConnection", "AsyncCursor", "CursorWrapper")

DRIVERS = (
    Driver("sqlite3", (Connect("connect", DBAPI_TXN_ONLY), Connect("dbapi2.connect", DBAPI_TXN_ONLY)), "qmark",
           "sqlite", server=False, typed=_CLASSES),
    Driver("psycopg2", (Connect("connect", DBAPI_TXN_ONLY),), "format", "postgres",
           pools=(Names("psycopg2.pool", ("SimpleConnectionPool", "ThreadedConnectionPool")),), typed=_CLASSES,
           quoting=frozenset({"quote_ident", "QuotedString", "adapt", "getquoted", "mogrify", "Identifier", "Literal",
                              "as_string"}), quote_identifier="`psycopg2.sql.Identifier`",
           batch_writes="psycopg2.extras.execute_values(cur, sql, rows)"),
    Driver("psycopg", (Connect("connect", DBAPI_CLOSING), Connect("Connection.connect", DBAPI_CLOSING),
                       Connect("AsyncConnection.connect", ASYNC_CONNECTION)), "format", "postgres",
           pools=(Names("psycopg_pool", ("ConnectionPool", "AsyncConnectionPool")),), typed=_CLASSES,
           quoting=frozenset({"Identifier", "Literal", "quote", "as_string", "mogrify"}),
           quote_identifier="`psycopg.sql.Identifier`"),
    Driver("pymysql", (Connect("connect", DBAPI_CLOSING), Connect("Connect", DBAPI_CLOSING),
                       Connect("connections.Connection", DBAPI_CLOSING)), "format", "mysql", typed=_CLASSES,
           quoting=frozenset({"escape", "escape_string", "literal", "mogrify"}),
           quote_identifier="backquotes, inner ones doubled"),
    Driver("MySQLdb", (Connect("connect", DBAPI_CLOSING), Connect("Connect", DBAPI_CLOSING)), "format", "mysql",
           typed=_CLASSES, quoting=frozenset({"escape", "escape_string", "literal"}),
           quote_identifier="backquotes, inner ones doubled"),
    Driver("mysql.connector", (Connect("connect", DBAPI_CLOSING),), "format", "mysql",
           quote_identifier="backquotes, inner ones doubled"),
    Driver("pg8000", (Connect("connect", DBAPI_CLOSING),), "format", "postgres", rebinds_literals=False),
    Driver("oracledb", (Connect("connect", DBAPI_CLOSING),), "named", "oracle",
           pools=(Names("oracledb", ("create_pool",)),), rebinds_literals=False),
    Driver("cx_Oracle", (Connect("connect", DBAPI_CLOSING),), "named", "oracle",
           pools=(Names("cx_Oracle", ("SessionPool",)),), rebinds_literals=False),
    Driver("pyodbc", (Connect("connect", DBAPI_TXN_ONLY),), "qmark", "tsql", rebinds_literals=False,
           quote_identifier="square brackets, inner closing ones doubled"),
    Driver("pymssql", (Connect("connect", DBAPI_CLOSING),), "format", "tsql", rebinds_literals=False,
           quote_identifier="square brackets, inner closing ones doubled"),
    Driver("asyncpg", (Connect("connect", ASYNC_CONNECTION),), "numeric_dollar", "postgres",
           pools=(Names("asyncpg", ("create_pool",)),), typed=("Connection", "Pool", "PoolConnectionProxy"),
           query_methods=frozenset({"execute", "executemany", "fetch", "fetchrow", "fetchval", "cursor", "prepare"}),
           rebinds_literals=False),
    Driver("aiosqlite", (Connect("connect", ASYNC_CONNECTION),), "qmark", "sqlite", server=False,
           typed=("Connection", "Cursor"),
           query_methods=frozenset({"execute", "executemany", "executescript", "execute_fetchall", "execute_insert"})),
    Driver("aiomysql", (Connect("connect", ASYNC_CONNECTION),), "format", "mysql",
           pools=(Names("aiomysql", ("create_pool",)),), quote_identifier="backquotes, inner ones doubled"),
    Driver("aiopg", (Connect("connect", ASYNC_CONNECTION),), "format", "postgres",
           pools=(Names("aiopg", ("create_pool",)),), quote_identifier="`psycopg2.sql.Identifier`"),
)
# Pool methods that hand out one of the pool's connections: asyncpg/aiopg/aiomysql ``acquire()``,
# psycopg_pool ``connection()``, psycopg2's pools ``getconn()``.
POOL_CONNECTIONS = frozenset({"acquire", "connection", "getconn"})
# asyncpg query methods that take the SQL's ``$n`` parameters as further positional arguments.
ASYNCPG_BINDING = frozenset({"execute", "fetch", "fetchrow", "fetchval"})

# Cursor and connection methods that return rows read from the database.
FETCH_METHODS = frozenset({"fetchone", "fetchall", "fetchmany", "fetchval", "fetchrow", "fetch"})
# Functions reporting the server's own state (its name, version, settings, session user), which its
# administrator configures: a statement selecting only these, or a ``SHOW``, reads no table's rows.
SERVER_STATE_FUNCTIONS = frozenset({"current_database", "current_schema", "current_user", "session_user",
                                    "current_role", "current_setting", "version", "database", "schema",
                                    "sqlite_version", "pg_backend_pid", "connection_id"})
# The system catalogs: their rows name the schema's own objects (tables, columns, sequences), which
# migrations and the administrator create, not data users write.
CATALOG_SCHEMAS = frozenset({"pg_catalog", "information_schema", "performance_schema", "mysql", "sys"})
CATALOG_TABLE_PREFIXES = ("pg_", "sqlite_")  # pg_class, pg_sequences; sqlite_master, sqlite_schema
# the first word of SQL text that writes, and of any statement a driver runs
SQL_WRITES = ("insert", "update", "delete", "replace", "upsert")
SQL_STATEMENTS = ("select", "with", "call", "exec", "execute", "merge", *SQL_WRITES)
# Statements that change the schema or its maintenance: one per table or constraint, never a batch of rows.
SQL_SCHEMA_CHANGES = ("create", "alter", "drop", "truncate", "grant", "revoke", "comment", "vacuum", "analyze",
                      "reindex", "cluster")
EXECUTE_METHODS = frozenset({"execute", "executemany"})  # cursor methods that run SQL with parameters
# psycopg's composition of SQL text: ``sql.SQL(text)`` joins the text to the statement as written, unquoted
COMPOSED_SQL = frozenset({"psycopg.sql.SQL", "psycopg2.sql.SQL"})
# methods that run one statement with its parameters (aiosqlite's shortcuts too)
BINDS_ONE = frozenset({"execute", "execute_fetchall", "execute_insert"})
ROLLBACKS = frozenset({"rollback"})
RUNS_SQL = frozenset({"executemany", "fetchrow", "fetchval"})  # names that alone say a driver runs SQL
# Every driver's connect functions, qualified: how a connection it returns is released.
CONNECTS: dict[str, Kind] = {name: kind for driver in DRIVERS for name, kind in driver.qualified_connects().items()}
DRIVER_MODULES = frozenset(driver.top for driver in DRIVERS)
# Errors PostgreSQL raises for one statement, as the drivers name their SQLSTATE classes: after one, the
# transaction is aborted (asyncpg's classes are all PostgresError; psycopg's errors module subclasses PEP 249's).
_SQLSTATE_ERRORS = ("UniqueViolation", "ForeignKeyViolation", "NotNullViolation", "CheckViolation",
                    "ExclusionViolation", "RestrictViolation", "InvalidTextRepresentation", "NumericValueOutOfRange",
                    "StringDataRightTruncation", "DeadlockDetected", "SerializationFailure", "LockNotAvailable")
ERRORS = tuple(Names(driver.module, PEP_249_ERRORS) for driver in DRIVERS) + (
    Names("asyncpg", ("PostgresError", "IntegrityConstraintViolationError", "DataError", "SerializationError",
                      "DeadlockDetectedError", "LockNotAvailableError",
                      *(f"{name}Error" for name in _SQLSTATE_ERRORS))),
    Names("psycopg", _SQLSTATE_ERRORS), Names("psycopg2", _SQLSTATE_ERRORS))
ASYNCPG = next(driver for driver in DRIVERS if driver.module == "asyncpg")
QUERY_METHODS = frozenset(m for d in DRIVERS if d is not ASYNCPG for m in d.query_methods)  # DB-API-like ones
# ``with transaction.atomic()`` / ``conn.transaction()`` on asyncpg and psycopg 3 connections: a savepoint when nested.
TRANSACTION_METHOD = "transaction"
POOL_ACQUIRE = Acquire(POOLED, method="acquire", receiver="pool", awaited=True)  # ``await pool.acquire()``
# Handles from drivers' connections and pools (their connect functions: ``CONNECTS``).
HANDLES = (
    Acquire(ASYNCPG_TRANSACTION, method=TRANSACTION_METHOD, receiver="named", positional=True,
            imported=(ASYNCPG.module,)),
    POOL_ACQUIRE,
    Acquire(GETCONN, method="getconn", receiver="named", positional=True),  # psycopg2 pools
)


def driver(module: str | None) -> Driver | None:
    """The driver whose top-level module is ``module`` (``mysql`` for ``mysql.connector``)."""
    return next((d for d in DRIVERS if d.top == module), None)
