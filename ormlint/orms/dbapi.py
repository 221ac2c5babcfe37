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
    # the raw-SQL analysis follows this driver's connections (not yet: the named paramstyle, async drivers)
    raw_sql: bool = True
    typed: tuple[str, ...] = ()  # connection/cursor classes the raw-SQL analysis recognises in annotations

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
           pools=(Names("psycopg2.pool", ("SimpleConnectionPool", "ThreadedConnectionPool")),), typed=_CLASSES),
    Driver("psycopg", (Connect("connect", DBAPI_CLOSING), Connect("Connection.connect", DBAPI_CLOSING),
                       Connect("AsyncConnection.connect", ASYNC_CONNECTION)), "format", "postgres",
           pools=(Names("psycopg_pool", ("ConnectionPool", "AsyncConnectionPool")),), typed=_CLASSES),
    Driver("pymysql", (Connect("connect", DBAPI_CLOSING), Connect("Connect", DBAPI_CLOSING),
                       Connect("connections.Connection", DBAPI_CLOSING)), "format", "mysql", typed=_CLASSES),
    Driver("MySQLdb", (Connect("connect", DBAPI_CLOSING), Connect("Connect", DBAPI_CLOSING)), "format", "mysql",
           typed=_CLASSES),
    Driver("mysql.connector", (Connect("connect", DBAPI_CLOSING),), "format", "mysql"),
    Driver("pg8000", (Connect("connect", DBAPI_CLOSING),), "format", "postgres"),
    Driver("oracledb", (Connect("connect", DBAPI_CLOSING),), "named", "oracle",
           pools=(Names("oracledb", ("create_pool",)),), raw_sql=False),
    Driver("cx_Oracle", (Connect("connect", DBAPI_CLOSING),), "named", "oracle",
           pools=(Names("cx_Oracle", ("SessionPool",)),), raw_sql=False),
    Driver("pyodbc", (Connect("connect", DBAPI_TXN_ONLY),), "qmark", "tsql", raw_sql=False),
    Driver("pymssql", (Connect("connect", DBAPI_CLOSING),), "format", "tsql", raw_sql=False),
    Driver("asyncpg", (Connect("connect", ASYNC_CONNECTION),), "numeric_dollar", "postgres",
           pools=(Names("asyncpg", ("create_pool",)),), typed=("Connection", "Pool", "PoolConnectionProxy"),
           query_methods=frozenset({"execute", "executemany", "fetch", "fetchrow", "fetchval", "cursor", "prepare"})),
    Driver("aiosqlite", (Connect("connect", ASYNC_CONNECTION),), "qmark", "sqlite", server=False, raw_sql=False),
    Driver("aiomysql", (Connect("connect", ASYNC_CONNECTION),), "format", "mysql",
           pools=(Names("aiomysql", ("create_pool",)),), raw_sql=False),
    Driver("aiopg", (Connect("connect", ASYNC_CONNECTION),), "format", "postgres",
           pools=(Names("aiopg", ("create_pool",)),), raw_sql=False),
)

# the first word of SQL text that writes, and of any statement a driver runs
SQL_WRITES = ("insert", "update", "delete", "replace", "upsert")
SQL_STATEMENTS = ("select", "with", "call", "exec", "execute", "merge", *SQL_WRITES)
EXECUTE_METHODS = frozenset({"execute", "executemany"})  # cursor methods that run SQL with parameters
ROLLBACKS = frozenset({"rollback"})
RUNS_SQL = frozenset({"executemany", "fetchrow", "fetchval"})  # names that alone say a driver runs SQL
# Every driver's connect functions, qualified: how a connection it returns is released.
CONNECTS: dict[str, Kind] = {name: kind for driver in DRIVERS for name, kind in driver.qualified_connects().items()}
DRIVER_MODULES = frozenset(driver.top for driver in DRIVERS)
ERRORS = tuple(Names(driver.module, PEP_249_ERRORS) for driver in DRIVERS) + (
    Names("asyncpg", ("PostgresError", "IntegrityConstraintViolationError")),)
ASYNCPG = next(driver for driver in DRIVERS if driver.module == "asyncpg")
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
