"""Database handles each library hands out, and how each is released.

One :class:`Kind` per kind of handle (a SQLAlchemy session, a DB-API connection whose own
``with`` only ends the transaction, an asyncpg transaction, ...) and the table of the
drivers' ``connect`` functions.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    """How one kind of handle is released."""

    what: str  # "session", "connection", ...
    releases: frozenset[str]  # methods on the handle that release it
    soft_releases: frozenset[str] = frozenset()  # end the transaction; a later use opens a new one
    arg_releases: frozenset[str] = frozenset()  # methods taking the handle as argument: pool.release(conn)
    with_releases: bool = True  # `with handle:` / `with acquire() as handle:` releases it
    fix: str | None = None  # "with" | "closing" | None: the safe rewrite, where it is exactly equivalent
    advice: str = ""  # how to fix; {call}, {name} and {with} (`with` or `async with`) are filled in
    subject: str = "the {what} `{name}` from `{call}`"  # how a message names the handle
    released: str = "released"  # what releasing it is called
    left: str = "open"  # the state a leak leaves it in
    # Methods whose result keeps the handle (a DB-API cursor's ``connection``): returning that
    # result hands the handle to the caller as returning the handle itself does.
    kept_by: frozenset[str] = frozenset()
    kept_by_call: bool = False  # calling the handle gives what keeps it (a scoped_session registry's session)
    # Holds nothing until first used (a SQLAlchemy Session checks a connection out at its first query):
    # leaving before any use leaks nothing.
    lazy: bool = False
    idle_methods: frozenset[str] = frozenset()  # of a lazy handle: calls that acquire nothing (``configure``)
    # of a lazy handle: functions it can be handed to that acquire nothing (``zope.sqlalchemy.register``)
    idle_takers: frozenset[str] = frozenset()
    # A driver's own connection, which it closes when the object is freed: one discarded at once (a bare
    # ``psycopg2.connect(...)`` statement probing the server) is closed as the statement ends (CPython).
    closed_when_freed: bool = False


_CLOSE = frozenset({"close"})
# SQLAlchemy: bind a registry or session, or put objects in one, without a connection.
_SA_IDLE = frozenset({"configure", "add", "add_all", "expunge", "expunge_all", "bind_mapper", "bind_table"})
# zope.sqlalchemy joins a session to a transaction manager (pyramid_tm) with event listeners only.
_SA_IDLE_TAKERS = frozenset({"zope.sqlalchemy.register", "zope.sqlalchemy.datamanager.register",
                             "zope.sqlalchemy.mark_changed", "zope.sqlalchemy.datamanager.mark_changed"})
_CURSOR = frozenset({"cursor"})  # DB-API: ``cursor.connection`` is the connection it was made from
SESSION = Kind(
    "session", _CLOSE, soft_releases=frozenset({"commit", "rollback"}), fix="with", lazy=True,
    idle_methods=_SA_IDLE, idle_takers=_SA_IDLE_TAKERS,
    advice="use `{with} {call} as {name}:` (or close it in `finally`)",
)
SA_CONNECTION = Kind(
    "connection", frozenset({"close", "invalidate"}), fix="with",
    advice="use `{with} {call} as {name}:` (or close it in `finally`)",
)
RAW_CONNECTION = Kind(  # invalidate(): closes the DB-API connection and checks it back in (a _ConnectionFairy)
    "pooled DB-API connection", frozenset({"close", "invalidate"}), fix="closing", kept_by=_CURSOR,
    advice="use `with contextlib.closing({call}) as {name}:` (or close it in `finally`)",
)
DBAPI_CLOSING = Kind(  # `with connect()` closes (psycopg 3, PyMySQL, MySQLdb, ...)
    "connection", _CLOSE, fix="closing", kept_by=_CURSOR, closed_when_freed=True,
    advice="use `with {call} as {name}:` (or close it in `finally`)",
)
DBAPI_TXN_ONLY = Kind(  # `with connect()` commits or rolls back but leaves the connection open
    "connection", _CLOSE, with_releases=False, fix="closing", kept_by=_CURSOR, closed_when_freed=True,
    advice="use `with contextlib.closing({call}) as {name}:` (its own `with` only ends the transaction)",
)
ASYNCPG_TRANSACTION = Kind(
    "transaction", frozenset({"commit", "rollback"}),
    advice="use `async with {call}:` or roll it back in `except: ...; raise`",
)
ASYNC_CONNECTION = Kind(
    "connection", frozenset({"close", "terminate"}), kept_by=_CURSOR,
    advice="use `async with` where the driver supports it, or close it in `finally`",
)
POOLED = Kind(
    "pooled connection", _CLOSE, arg_releases=frozenset({"release", "putconn"}), fix="with",
    advice="use `async with {call} as {name}:` (or release it in `finally`)",
)
GETCONN = Kind(
    "pooled connection", _CLOSE, arg_releases=frozenset({"putconn"}), with_releases=False, kept_by=_CURSOR,
    advice="return it with `putconn({name})` in `finally`",
)
TRANSACTION = Kind(
    "transaction", frozenset({"commit", "rollback", "close"}),
    advice="use `{with} {call}:` or roll it back in `except: ...; raise`",
)
SCOPED_REGISTRY = Kind(
    "scoped_session registry", frozenset({"remove"}), kept_by_call=True, lazy=True, idle_methods=_SA_IDLE,
    advice="create the registry once at module level and call `{name}.remove()` when the scope ends",
)
PEEWEE_CONNECTION = Kind(
    "Peewee connection", _CLOSE,
    advice="use `with {name}.connection_context():` (or close it in `finally`)",
)
PEEWEE_TRANSACTION = Kind(
    "Peewee transaction", frozenset({"commit", "rollback"}),
    advice="use `with {name}.atomic():` (or roll back in `except: ...; raise`)",
)
DJANGO_AUTOCOMMIT = Kind(
    "autocommit mode", frozenset(),
    advice="restore it with `{name}.set_autocommit(True)` in `finally`, or use `with transaction.atomic():`",
    subject="autocommit turned off by `{call}`", released="turned back on", left="off",
)

SESSION_FACTORY, SCOPED_SESSION, ENGINE = "session_factory", "scoped_session", "engine"
FACTORY = "factory:"  # index fact prefix: a function that returns a fresh handle of the kind named after it
FACTORY_KINDS: dict[str, Kind] = {
    "session": SESSION, "sa_connection": SA_CONNECTION, "raw_connection": RAW_CONNECTION,
    "dbapi": DBAPI_CLOSING, "dbapi_txn_only": DBAPI_TXN_ONLY, "async_connection": ASYNC_CONNECTION,
}
