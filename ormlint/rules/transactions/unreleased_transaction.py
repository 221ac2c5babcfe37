"""ORM301 unreleased-transaction: a session, connection or transaction not released on every path."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import libcst as cst
from libcst.metadata import PositionProvider

from ormlint.analysis.entry_points import EntryPoints, loops_until_stopped
from ormlint.analysis.release import (
    Callables,
    Handle,
    Leak,
    ReleaseAnalysis,
    current_is,
    declared_global,
    refers_to,
)
from ormlint.analysis.transactions import transaction_of
from ormlint.api import CstFix, Example, ImportSpec, Rule
from ormlint.core.roles import NON_PRODUCTION
from ormlint.index.sessions import (
    binding_kind,
    handle_factories,
    module_bindings,
    project_bindings,
    self_attribute_bindings,
)
from ormlint.index.sql_helpers import project_sql
from ormlint.index.sql_sinks import PEEWEE_DATABASE
from ormlint.orms.dbapi import CONNECTS, DRIVER_MODULES
from ormlint.orms.dbapi import HANDLES as DRIVER_HANDLES
from ormlint.orms.django import DJANGO
from ormlint.orms.handles import (
    ASYNCPG_TRANSACTION,
    DJANGO_AUTOCOMMIT,
    ENGINE,
    PEEWEE_CONNECTION,
    POOLED,
    SCOPED_REGISTRY,
    SESSION,
    SESSION_FACTORY,
    TRANSACTION,
    Kind,
)
from ormlint.orms.peewee import PEEWEE
from ormlint.orms.spec import Acquire, any_matches
from ormlint.orms.sqlalchemy import SA, SQLALCHEMY, is_sqlalchemy
from ormlint.syntax.names import annotated_type, dotted_name
from ormlint.syntax.walk import own_calls, scope_nodes, walk_scope

_JUMPS = (cst.Return, cst.Raise, cst.Break, cst.Continue, cst.Yield)
# What hands out a handle, in the order asked: SQLAlchemy's begin() before Peewee's.
_ACQUIRES = (*SQLALCHEMY.handles, *DRIVER_HANDLES, *DJANGO.handles, *PEEWEE.handles)
_BY_CALL = tuple(a for a in _ACQUIRES if a.calls)
_BY_METHOD = tuple(a for a in _ACQUIRES if a.method)
_CONNECTION_NAMES = ("conn", "connection")  # how a connection a function is handed is usually named


@dataclass
class _Acquired:
    call: cst.Call
    kind: Kind
    parent: str | None = None  # receiver of begin()/acquire(): the connection, session or pool
    held: bool = False  # the state is held by ``parent``, a global object (Peewee db.connect(), set_autocommit)
    acquire: Acquire | None = None  # the spec entry that matched


class UnreleasedTransaction(Rule):
    """
    ## What it does
    Finds a database session, connection or transaction that is acquired in a function
    and not released on every path, exceptions included: SQLAlchemy `Session(...)` or a
    `sessionmaker()` instance, `engine.connect()`, `engine.raw_connection()`, a
    `begin()` transaction kept in a variable, DB-API `connect()` (sqlite3, psycopg2,
    psycopg, PyMySQL, MySQLdb, ...), asyncpg `connect()` and `pool.acquire()`, psycopg2
    `pool.getconn()`, Peewee `db.connect()`/`db.begin()` (also on a database imported from the project's
    models, in a file that imports nothing of Peewee), Django
    `transaction.set_autocommit(False)`/`connection.set_autocommit(False)`, a
    `scoped_session` registry built inside a function; and a call to a project function
    that returns such a fresh handle (`def get_db(): return sqlite3.connect(...)`).

    A handle is released by `with`/`async with`, by `close()`/`release()`/`putconn()`/
    `rollback()` in `finally`, by commit-or-rollback on every branch (`except: rollback();
    raise`), or by teardown that always runs (`addCleanup`, the code after `yield` in a
    pytest fixture, a Flask teardown hook, `tearDown`). Autocommit is restored by
    `set_autocommit(True)` in `finally`. Returning the handle (or a DB-API cursor made from it,
    which keeps its connection: `return conn.cursor()`, `self.cur = conn.cursor()`), storing it on `self`, in a
    container or a global, or passing it to a call this file cannot see into moves the
    ownership elsewhere and is not reported, unless the function still releases it itself
    (then the call only borrowed it); passing it to a function of this module that closes
    it releases it, and so does handing it to one that another thread runs
    (`Thread(target=work, args=(conn,))`, `executor.submit(work, conn)`, or a nested `work()`
    that captures it and is only started that way), while one that only uses it leaves it to
    this function to close (one that commits a session it is handed ends its transaction as that
    commit here would: the session is then open only on the exception path); `print`, logging
    and `pandas.read_sql` only borrow it, and logging calls never raise. `with sqlite3.connect(...)`, `with psycopg2.connect(...)` and
    `with pyodbc.connect(...)` only end the transaction: the connection stays open.

    A `begin()` transaction on a connection or session that this function closes (`with
    engine.connect() as conn:`, `close()` in `finally`) is rolled back with it when an
    exception leaves: that is right. Leaving normally after a statement ran on it without
    `commit()` or `rollback()` is reported: closing the connection rolls it back and its
    writes are lost.

    A SQLAlchemy session (and a `scoped_session` registry) checks out no connection until
    its first use: one created and never used, or left before the first statement that uses
    it (`configure()`, `add()`, a function defined for later and zope.sqlalchemy's
    `register(session, transaction_manager=...)`, which pyramid_tm apps call, use nothing yet), is not
    reported. Calling a registry gives the session it keeps: returning that session, or
    storing it on the object (`self.session = Session()`) or in a global, hands the registry
    over with it; a registry bound to a connection the function's `with` releases holds
    nothing of its own.

    Not reported: a SAVEPOINT (`begin_nested()`, `begin(nested=True)`: the transaction
    around it releases it), a `Session(bind=connection)` on a connection it is handed (it
    holds none of its own), a SQLAlchemy transaction left open only by an exception in a
    callback on the connection it is lent (`def thd(conn): ...` handed to `pool.do(thd)`: the
    exception goes back to the lender, whose release of the connection rolls it back), a Peewee `db.connect()` left open for good (the database keeps
    its thread's connection open on purpose, as `autoconnect` does; closing it on the happy
    path only is reported, unless the connect only runs when the thread has none open,
    `if db.is_closed(): db.connect()` or `db.connect(reuse_if_open=True)`: the next call on the
    thread then reuses what an exception left open), and a command-line entry point: the function a script runs under
    `if __name__ == "__main__":`, a click/typer command or group callback (`@click.command()`,
    `@cli.command()`, `@app.command()` on a `typer.Typer()`, Flask's `@app.cli.command()` and
    `AppGroup`, on a group made in this module or imported from another one of the project), a
    function the project attaches to a group (`cli.add_command(purge)`), the
    `handle()` (`handle_label()`, `handle_app_config()`) of a Django management command (a
    `BaseCommand` subclass, or the `Command` class of `management/commands/<name>.py`). The process ends with it and the operating system closes
    what is still open; no pool is shared. A command that runs until it is stopped (a `while`
    loop that sleeps between rounds, or a `while True:` loop with no `break` or `return` of its
    own: a worker, a daemon, a scheduler) is still reported, and so are the helpers a command
    calls (web code may call them too) and functions nested in it — but a method of a Django
    management command that releases its handle except when an exception escapes is not: the
    exception ends the command's process (one that never releases it is, as a loop in
    `handle()` may call it many times).

    ## Why is this bad?
    A leaked session or connection holds a pool slot (and often an open transaction
    with its locks) until garbage collection or a timeout. With a pool of ten, ten leaks
    stop the service: every request waits for a connection ("QueuePool limit reached",
    "acquire timeout"). An early `return`, a `raise`, a `continue` or any exception
    between acquiring and closing is enough. A FastAPI or `contextmanager` dependency
    that yields a session outside `try/finally` skips its cleanup whenever the request
    fails. Autocommit left off keeps the connection inside one transaction that nothing
    commits.

    ## Example
    ```python
    def load_user(user_id):
        session = SessionLocal()
        user = session.get(User, user_id)
        session.close()
        return user
    ```

    ## Use instead
    ```python
    def load_user(user_id):
        with SessionLocal() as session:
            user = session.get(User, user_id)
        return user
    ```

    ## Fix safety
    Safe, and offered only where the acquisition and the `close()` sit in the same
    block with nothing between them that can jump out (`return`, `raise`, `break`,
    `continue`, `yield`) and the handle is not used after the close: the pair becomes
    `with acquire() as name:` (SQLAlchemy sessions and connections, asyncpg
    `pool.acquire()`), or `with contextlib.closing(connect(...)) as name:` for DB-API
    connections, whose own `with` commits instead of closing. Every other case needs a
    `try/finally` written by hand. A function that hands the handle over on some paths (returns
    it, stores it, starts a thread with it) gets no fix, and its message asks to release it on
    the paths that keep it: a `with` would release it before its new owner uses it.

    ## Where it reports
    | context | reports | why |
    |---|---|---|
    | application code | yes | where requests, jobs and commands run against production data |
    | `migration` | no | the migration tool owns the connection and its transaction |
    | `shipped-migration` | no | a migration that shipped is never edited again |
    | `test` | no | tests and fixtures run against a throwaway database |
    | `test-settings` | no | settings of the test run |
    | `dev-data` | no | seed, demo and fake data only ever runs on a developer database |
    | `script` | no | a one-off script is run by hand, once |
    | `command` | yes | an operator's command runs against production data |
    | `example` | no | examples and documentation are not the project's running code |
    | `orm-source` | no | the ORM's own code implements what the rule checks; it does not misuse it |

    Roles are described in the README (Configuration); `[tool.ormlint.skip-roles]` changes
    this table per rule.

    ## References
    - [SQLAlchemy: Using SAVEPOINT](https://docs.sqlalchemy.org/en/20/orm/session_transaction.html#using-savepoint)
    - [SQLAlchemy: Commit as you go](https://docs.sqlalchemy.org/en/20/core/connections.html#commit-as-you-go)
    - [Django: Autocommit, deactivating transaction management](https://docs.djangoproject.com/en/stable/topics/db/transactions/#deactivating-transaction-management)
    - [Peewee: Connection management](https://docs.peewee-orm.com/en/latest/peewee/database.html#connection-management)
    - [SQLAlchemy: Opening and Closing a Session](https://docs.sqlalchemy.org/en/20/orm/session_basics.html#opening-and-closing-a-session)
    - [Python: sqlite3, how to use the connection context manager](https://docs.python.org/3/library/sqlite3.html#how-to-use-the-connection-context-manager)
    - [psycopg2: `with` statement](https://www.psycopg.org/docs/usage.html#with-statement)
    - [Python: `contextlib.closing`](https://docs.python.org/3/library/contextlib.html#contextlib.closing)
    """

    code = "ORM301"
    name = "unreleased-transaction"
    family = "transactions"
    severity = "error"
    orms = ("sqlalchemy", "sqlmodel", "dbapi", "asyncpg", "peewee", "django")
    fix_safety = "safe"
    summary = "A session, connection or transaction is not released on every path, exceptions included"
    prefilter = ("ession", "connect", "begin", "acquire", "getconn", "autocommit", "maker", "Local", "actory", ".transaction(")
    skip_roles = NON_PRODUCTION | {"migration"}

    VALID = [
        """
        from sqlalchemy.orm import Session

        def load(engine, user_id):
            with Session(engine) as session:
                return session.get(User, user_id)
        """,
        """
        from app.db import SessionLocal

        def get_db():
            db = SessionLocal()
            try:
                yield db
            finally:
                db.close()
        """,
        """
        import psycopg2

        def connect(dsn):
            conn = psycopg2.connect(dsn)
            conn.autocommit = True
            return conn
        """,
        """
        from sqlalchemy.orm import sessionmaker

        SessionLocal = sessionmaker()

        class Repository:
            def __init__(self):
                self.session = SessionLocal()
        """,
        """
        from sqlalchemy.orm import sessionmaker

        SessionLocal = sessionmaker()

        def save(item):
            session = SessionLocal()
            try:
                session.add(item)
                session.commit()
            except Exception:
                session.rollback()
                raise
            finally:
                session.close()
        """,
        """
        import sqlite3
        from contextlib import closing

        def count(path):
            with closing(sqlite3.connect(path)) as conn:
                return conn.execute("select count(*) from t").fetchone()[0]
        """,
    ]
    INVALID = [
        Example(
            """
            from sqlalchemy.orm import Session

            def rename(engine, user_id, name):
                session = Session(engine)
                user = session.get(User, user_id)
                if user is None:
                    return None
                user.name = name
                session.commit()
                session.close()
                return user
            """,
            lines=(4,),
            message="the session `session` from `Session(engine)` is not",
        ),
        Example(
            """
            from sqlalchemy.orm import sessionmaker

            SessionLocal = sessionmaker()

            def get_db():
                db = SessionLocal()
                yield db
                db.close()
            """,
            lines=(6,),
            message="the session `db` from `SessionLocal()` is yielded outside",
        ),
        Example(
            """
            import sqlite3

            def count(path):
                with sqlite3.connect(path) as conn:
                    return conn.execute("select count(*) from t").fetchone()[0]
            """,
            lines=(4,),
            message="the connection `conn` from `sqlite3.connect(path)` is not",
        ),
        Example(
            """
            from sqlalchemy.orm import sessionmaker

            SessionLocal = sessionmaker()

            def names():
                session = SessionLocal()
                rows = session.execute(query).all()
                session.close()
                return [r.name for r in rows]
            """,
            fixed="""
            from sqlalchemy.orm import sessionmaker

            SessionLocal = sessionmaker()

            def names():
                with SessionLocal() as session:
                    rows = session.execute(query).all()
                return [r.name for r in rows]
            """,
            message="the session `session` from `SessionLocal()` is released",
        ),
        Example(
            """
            import psycopg2

            def total(dsn):
                conn = psycopg2.connect(dsn)
                cur = conn.cursor()
                cur.execute("select sum(amount) from payments")
                value = cur.fetchone()[0]
                conn.close()
                return value
            """,
            fixed="""
            from contextlib import closing

            import psycopg2

            def total(dsn):
                with closing(psycopg2.connect(dsn)) as conn:
                    cur = conn.cursor()
                    cur.execute("select sum(amount) from payments")
                    value = cur.fetchone()[0]
                return value
            """,
            message="the connection `conn` from `psycopg2.connect(dsn)` is",
        ),
        Example(
            """
            from django.db import transaction

            def import_rows(rows):
                transaction.set_autocommit(False)
                for row in rows:
                    save(row)
                transaction.commit()
                transaction.set_autocommit(True)
            """,
            lines=(4,),
            message="autocommit turned off by `transaction.set_autocommit(False)` is turned back on only on the happy",
        ),
    ]

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self._module_bindings: dict[str, str | Kind] | None = None
        self._self_bindings: dict[str, str] | None = None
        self._callables: dict[int, Callables] = {}
        self._class_factories: dict[int, dict[str, Kind]] = {}
        self._commands: EntryPoints | None = None

    # -- visiting ----------------------------------------------------------------------------------
    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        if self._is_command_run(node):
            return  # the process ends with it, and the operating system closes what is still open
        calls: list[tuple[cst.Call, tuple[cst.CSTNode, ...]]] = []
        local_bindings: dict[str, str] = {}
        for current, ancestors in walk_scope(node.body):
            if isinstance(current, cst.Call):
                calls.append((current, ancestors))
            elif isinstance(current, cst.Assign):
                kind = binding_kind(current.value, self.ctx.imports)
                for target in current.targets if kind else ():
                    if isinstance(target.target, cst.Name):
                        local_bindings[target.target.value] = kind
        for call, ancestors in calls:
            acquired = self._classify(call, ancestors, local_bindings)
            if acquired is not None:
                self._check(node, acquired, ancestors)

    def _in_command_class(self) -> bool:
        """The function is a method of a Django management command (its helpers run in its process)."""
        klass = next((a for a in reversed(self.ancestors) if isinstance(a, cst.ClassDef)), None)
        return klass is not None and self._entry_points().is_django_command(klass)

    def _entry_points(self) -> EntryPoints:
        if self._commands is None:
            self._commands = EntryPoints(self.ctx.module, self.ctx.imports, self.ctx.path, self.ctx.module_name,
                                         self.ctx.index)
        return self._commands

    def _is_command_run(self, function: cst.FunctionDef) -> bool:
        """A command-line entry point of this module (not a function nested in one) that ends with its process."""
        owner = next((a for a in reversed(self.ancestors[:-1]) if isinstance(a, (cst.FunctionDef, cst.ClassDef))), None)
        if isinstance(owner, cst.FunctionDef):
            return False
        return self._entry_points().runs_until_exit(function, owner)

    # -- what acquires a handle --------------------------------------------------------------------
    def _classify(self, call: cst.Call, ancestors: Sequence[cst.CSTNode], local: dict[str, str]) -> _Acquired | None:
        func = call.func
        qualified = self.qualify(func)
        if qualified in CONNECTS:
            return _Acquired(call, CONNECTS[qualified])
        positional = any(a.keyword is None for a in call.args)
        awaited = bool(ancestors) and isinstance(ancestors[-1], cst.Await)
        statement = bool(ancestors) and isinstance(ancestors[-1], cst.Expr)
        for acquire in _BY_CALL:
            if any_matches(qualified, acquire.calls) and self._fits(acquire, call, positional, awaited, statement):
                holder = (dotted_name(func.value) or "…") if isinstance(func, cst.Attribute) else dotted_name(func)
                return _Acquired(call, acquire.kind, holder if acquire.statement else None, acquire.statement)
        if isinstance(func, cst.Call) and binding_kind(func, self.ctx.imports) == SESSION_FACTORY:
            return _Acquired(call, SESSION)
        callee = dotted_name(func)
        bound = self._binding(callee, local) if callee else None
        if bound == SESSION_FACTORY:
            return _Acquired(call, SESSION)
        if isinstance(bound, Kind):
            return _Acquired(call, bound)
        if not isinstance(func, cst.Attribute):
            return None
        owner = dotted_name(func.value)
        savepoint = transaction_of(call, self.ctx.imports, call)
        if savepoint is not None and savepoint.always_savepoint:
            return None  # a SAVEPOINT: released or rolled back with the transaction around it
        for acquire in _BY_METHOD:
            if acquire.method == func.attr.value and self._fits(acquire, call, positional, awaited, statement) \
                    and self._receiver_fits(acquire, func.value, owner, local):
                parent = owner if acquire.tracks_receiver else None
                return _Acquired(call, acquire.kind, parent, acquire.statement, acquire)
        return None

    def _fits(self, acquire: Acquire, call: cst.Call, positional: bool, awaited: bool, statement: bool) -> bool:
        """The call is made the way that hands the handle out (arguments, ``await``, a statement of its own)."""
        return (acquire.positional or not positional) and not (acquire.no_arguments and call.args) \
            and (awaited or not acquire.awaited) and (statement or not acquire.statement) \
            and (not acquire.off_keyword or _first_arg_is(call, "False", acquire.off_keyword))

    def _receiver_fits(self, acquire: Acquire, receiver: cst.BaseExpression, owner: str | None,
                       local: dict[str, str]) -> bool:
        imported = not acquire.imported or self.ctx.imports.imports_from(*acquire.imported)
        match acquire.receiver:
            case "engine":
                return imported and self._is_engine(receiver, local)
            case "session":
                return bool(owner) and not self._is_engine(receiver, local) \
                    and (imported or _looks_like_session(owner or ""))
            case "pool":
                return imported and bool(owner) and self._is_pool(owner or "")
            case "named":
                return imported and bool(owner)
            case "database":
                return bool(owner) and (owner or "").split(".")[0] not in DRIVER_MODULES and (
                    imported or self._project_database(owner or ""))
        return imported

    def _project_database(self, name: str) -> bool:
        """``db`` imported from the module of the project that binds it to a Peewee database
        (``db = PostgresqlDatabase(...)`` in ``models.py``)."""
        qualified = self.ctx.imports.qualify_dotted(name)
        found = project_sql(self.ctx.index).handle(qualified) if qualified else None
        return found is not None and found.kind == PEEWEE_DATABASE

    def _binding(self, name: str, local: dict[str, str]) -> str | Kind | None:
        """What ``name`` (a call's callee or receiver) is bound to, here, in this module, or in the index:
        a binding kind (session factory, engine, ...) or the kind of handle a factory function returns."""
        if name in local:
            return local[name]
        if self._module_bindings is None:
            bindings = module_bindings(self.ctx.module, self.ctx.imports)
            self._module_bindings = {**bindings, **handle_factories(self.ctx.module.body, self.ctx.imports, bindings)}
        if name in self._module_bindings:
            return self._module_bindings[name]
        if name.startswith(("self.", "cls.")) and name.count(".") == 1:
            if self._self_bindings is None:
                self._self_bindings = self_attribute_bindings(self.ctx.module, self.ctx.imports)
            attribute = name.split(".", 1)[1]
            return self._self_bindings.get(attribute) or self._method_factories().get(attribute)
        qualified = self.ctx.imports.qualify_dotted(name)
        if qualified and "." in qualified:
            return project_bindings(self.ctx.index, qualified)
        return None

    def _method_factories(self) -> dict[str, Kind]:
        """Methods of the enclosing class that return a fresh handle (``def _connect(self): return connect()``)."""
        klass = next((a for a in reversed(self.ancestors) if isinstance(a, cst.ClassDef)), None)
        if klass is None:
            return {}
        if id(klass) not in self._class_factories:
            bindings = {n: k for n, k in (self._module_bindings or {}).items() if isinstance(k, str)}
            self._class_factories[id(klass)] = handle_factories(klass.body.body, self.ctx.imports, bindings)
        return self._class_factories[id(klass)]

    def _is_engine(self, receiver: cst.BaseExpression, local: dict[str, str]) -> bool:
        if isinstance(receiver, cst.Call):
            if binding_kind(receiver, self.ctx.imports) == ENGINE:
                return True
            receiver = receiver.func
        name = dotted_name(receiver)
        if not name:
            return False
        return "engine" in name.rsplit(".", 1)[-1].lower() or self._binding(name, local) == ENGINE

    @staticmethod
    def _is_pool(owner: str) -> bool:
        return "pool" in owner.rsplit(".", 1)[-1].lower()

    # -- where the handle goes ---------------------------------------------------------------------
    def _check(self, function: cst.FunctionDef, acquired: _Acquired, ancestors: Sequence[cst.CSTNode]) -> None:
        call, kind = acquired.call, acquired.kind
        chain = list(ancestors)
        node: cst.CSTNode = call
        if chain and isinstance(chain[-1], cst.Await):
            node = chain.pop()
        parent = chain[-1] if chain else None
        if isinstance(parent, cst.WithItem):
            if kind.with_releases:
                return
            with_stmt = next(a for a in reversed(chain) if isinstance(a, cst.With))
            if isinstance(parent.asname, cst.AsName) and isinstance(parent.asname.name, cst.Name):
                handle = Handle(parent.asname.name.value, kind, with_stmt)
                self._analyse(function, acquired, handle, chain)
            else:
                self._report(acquired, "with_no_close")
            return
        if isinstance(parent, cst.Arg) and len(chain) >= 2 and isinstance(chain[-2], cst.Call):
            outer = chain[-2]
            index = next(i for i, a in enumerate(outer.args) if a is parent)
            if self._callables_for(chain).effect(outer, index, parent, kind) == "borrow":
                self._report(acquired, "unbound")
            return
        if isinstance(parent, cst.Attribute) and parent.value is node and len(chain) >= 2 \
                and isinstance(chain[-2], cst.Call) and chain[-2].func is parent:
            entered = len(chain) >= 3 and isinstance(chain[-3], cst.WithItem)  # `with Session().begin():`
            if kind not in (TRANSACTION, ASYNCPG_TRANSACTION, SCOPED_REGISTRY) and not entered \
                    and parent.attr.value not in kind.releases:
                self._report(acquired, "unbound")
            return
        if isinstance(parent, cst.Expr):
            if acquired.parent and acquired.held:
                self._check_global(function, acquired, parent, chain)
            elif kind not in (TRANSACTION, ASYNCPG_TRANSACTION, SCOPED_REGISTRY) and not _expects_failure(chain) \
                    and not (kind.closed_when_freed and node is call):  # dropped at once: the driver closes it
                self._report(acquired, "unbound")
            return
        if isinstance(parent, cst.Yield):
            self._report(acquired, "unbound")
            return
        target = None
        if isinstance(parent, cst.Assign) and len(parent.targets) == 1:
            target = parent.targets[0].target
        elif isinstance(parent, cst.AnnAssign):
            target = parent.target
        if not isinstance(target, cst.Name) or declared_global(function, target.value):
            return
        if kind is SESSION and self._bound_to_connection(call, function):
            return
        if kind is SCOPED_REGISTRY and any(self._bound_to_connection(c, function)
                                           for c in _registry_binds(call, target.value, function)):
            return
        owner_released = kind in (TRANSACTION, ASYNCPG_TRANSACTION) \
            and self._owner_is_managed(function, acquired.parent or "")
        start: cst.BaseSmallStatement = parent
        if kind is ASYNCPG_TRANSACTION:  # asyncpg opens the transaction at `await tr.start()`
            start = _start_statement(function, target.value)
            if start is None:
                return
        handle = Handle(target.value, kind, start, parent=acquired.parent, owner_released=owner_released)
        self._analyse(function, acquired, handle, chain)

    def _check_global(self, function, acquired: _Acquired, statement: cst.Expr, chain) -> None:
        """Peewee `db.connect()` / Django `set_autocommit(False)`: state held by a global object."""
        kind = acquired.kind
        check = _restored if kind is DJANGO_AUTOCOMMIT else None
        handle = Handle(acquired.parent or "", kind, statement, local=False, release_check=check)
        # Released by another function of the module that does not acquire it (a teardown hook,
        # tearDown, a shutdown handler): the pair is split across functions on purpose.
        for other in scope_nodes(self.ctx.module, into_scopes=True):
            if isinstance(other, cst.FunctionDef) and other is not function:
                probe = ReleaseAnalysis(other, handle, self._callables_for(chain), fixture=False,
                                         qualify=self.ctx.imports.qualify)
                acquires = any(self._acquisition_kind(c, a) is kind for c, a in own_calls(other.body))
                if not acquires and probe.releases_in(other.body):
                    return
        if self._is_request_hook(function) or _kept_for_reuse(acquired, chain):
            return
        self._analyse(function, acquired, handle, chain)

    def _acquisition_kind(self, call: cst.Call, ancestors: Sequence[cst.CSTNode]) -> Kind | None:
        acquired = self._classify(call, ancestors, {})
        return acquired.kind if acquired is not None else None

    def _analyse(self, function: cst.FunctionDef, acquired: _Acquired, handle: Handle, chain) -> None:
        analysis = ReleaseAnalysis(function, handle, self._callables_for(chain), fixture=_is_fixture(function),
                                   qualify=self.ctx.imports.qualify)
        leak = analysis.run()
        if leak is None:
            return
        if leak.reason == "never" and acquired.kind is PEEWEE_CONNECTION:
            return  # the database keeps its thread's connection open on purpose, as autoconnect does
        if leak.reason == "exception" and self._in_command_class() and not loops_until_stopped(function):
            return  # the exception ends the command's process, which closes what is still open
        if leak.reason == "exception" and acquired.kind is TRANSACTION and self._lent_connection(function, acquired):
            return  # the exception goes back to the code that lent the connection, which closes it: a rollback
        fix = None
        if leak.reason in ("exception", "never", "some_paths") and not handle.owner_released \
                and not analysis.handed_over:
            fix = self._fix(function, acquired, handle)
        release = analysis.first_release()
        release_text = self.ctx.module.code_for_node(release) if release is not None else None
        self._report(acquired, leak.reason, leak, handle, fix, release_text, function,
                     handed_over=analysis.handed_over and leak.reason != "yield")

    # -- context checks ------------------------------------------------------------------------------
    def _callables_for(self, chain: Sequence[cst.CSTNode]) -> Callables:
        klass = next((a for a in reversed([*self.ancestors, *chain]) if isinstance(a, cst.ClassDef)), None)
        key = id(klass)
        if key not in self._callables:
            self._callables[key] = Callables(self.ctx.module, klass)
        return self._callables[key]

    @staticmethod
    def _with_targets(function: cst.FunctionDef) -> set[str]:
        names: set[str] = set()
        for node in scope_nodes(function.body):
            if isinstance(node, cst.WithItem) and node.asname is not None and isinstance(node.asname.name, cst.Name):
                names.add(node.asname.name.value)
        return names

    def _bound_to_connection(self, call: cst.Call, function: cst.FunctionDef) -> bool:
        """`Session(bind=conn)` on a connection holds no connection of its own: it joins the one it is given,
        whose owner releases it (`with engine.connect() as conn:`, a mapper event's `connection`)."""
        bind = next((a.value for a in call.args if a.keyword is not None and a.keyword.value == "bind"), None)
        if bind is None and call.args and call.args[0].keyword is None:
            bind = call.args[0].value
        if not isinstance(bind, cst.Name):
            return False
        if bind.value in self._with_targets(function):
            return True
        for param in (*function.params.posonly_params, *function.params.params, *function.params.kwonly_params):
            if param.name.value == bind.value and param.annotation is not None:
                return is_sqlalchemy(self.qualify(annotated_type(param.annotation.annotation)),
                                     *SA.connection_classes)
        last = bind.value.lower()
        return last in _CONNECTION_NAMES or last.endswith(tuple(f"_{n}" for n in _CONNECTION_NAMES))

    def _lent_connection(self, function: cst.FunctionDef, acquired: _Acquired) -> bool:
        """A transaction begun on the connection a callback is given (``def thd(conn): ...`` handed to
        ``pool.do(thd)``): the code that calls it owns the connection and closes or returns it when an
        exception comes back, which rolls the transaction back."""
        params = {p.name.value for p in (*function.params.posonly_params, *function.params.params)}
        if acquired.parent not in params:
            return False
        scope = next((a for a in self.ctx.ancestors(function) if isinstance(a, cst.FunctionDef)), None)
        name = function.name.value
        return scope is not None and any(
            isinstance(node, cst.Arg) and isinstance(node.value, cst.Name) and node.value.value == name
            for node in scope_nodes(scope.body))

    def _owner_is_managed(self, function: cst.FunctionDef, owner: str) -> bool:
        """A transaction on a connection/session this function manages ends when that one is released."""
        if owner in self._with_targets(function):
            return True
        for node in scope_nodes(function.body):
            if isinstance(node, cst.Assign) and any(current_is(t.target, owner) for t in node.targets):
                value = node.value.expression if isinstance(node.value, cst.Await) else node.value
                if isinstance(value, cst.Call):
                    return True  # acquired here: that acquisition is checked on its own
        return False

    @staticmethod
    def _is_request_hook(function: cst.FunctionDef) -> bool:
        for decorator in function.decorators:
            expr = decorator.decorator.func if isinstance(decorator.decorator, cst.Call) else decorator.decorator
            name = dotted_name(expr) or ""
            if name.rsplit(".", 1)[-1] in ("before_request", "before_app_request", "on_event", "before_serving"):
                return True
        return False

    # -- reporting -----------------------------------------------------------------------------------
    def _report(self, acquired: _Acquired, reason: str, leak: Leak | None = None, handle: Handle | None = None,
                fix: CstFix | None = None, release_text: str | None = None,
                function: cst.FunctionDef | None = None, handed_over: bool = False) -> None:
        kind = acquired.kind
        call_text = self._call_text(acquired.call)
        name = handle.name if handle is not None else ("session" if kind is SESSION else "conn")
        what = kind.what
        subject = kind.subject.format(what=what, name=name, call=call_text)
        released = kind.released
        releases = release_text or " / ".join(f"{name}.{m}()" for m in sorted(kind.releases))
        verb = {"return": "returns", "raise": "raises"}.get(leak.exit_word if leak else "", "exits")
        line = self._line(leak.line_node) if leak and leak.line_node is not None else None
        where = f" at line {line}" if line else ""
        if handle is not None and handle.owner_released:
            owner = handle.parent or "its connection"
            problem = {
                "early_exit": f"{subject} is neither committed nor rolled back when the function {verb}{where}",
                "some_paths": f"{subject} is not committed on every path",
            }.get(reason, f"{subject} is never committed")
            problem += f": closing `{owner}` rolls it back and its writes are lost"
            advice = f"commit it (`{name}.commit()`) or roll it back on every path, or use " \
                     f"`{self._with_keyword(acquired, handle, function)} {call_text}:`"
            self.report(acquired.call, f"{problem}; {advice}")
            return
        if reason == "with_no_close":
            problem = f"`with {call_text}` only commits or rolls back; it does not close the {what}"
        elif reason == "unbound":
            problem = f"the {what} from `{call_text}` is never bound to a name, so nothing releases it"
        elif reason == "loop":
            problem = f"{subject} is still open when the loop acquires the next one"
        elif reason == "early_exit":
            problem = f"{subject} is not {released} when the function {verb}{where}"
        elif reason == "yield":
            problem = (f"{subject} is yielded outside `try/finally`: when the caller raises, the code after "
                       f"`yield` never runs")
        elif reason == "exception":
            problem = (f"{subject} is {released} only on the happy path: an exception before `{releases}` "
                       f"leaves it {kind.left}")
        elif reason == "some_paths":
            problem = f"{subject} is not {released} on every path"
        else:
            problem = f"{subject} is never {released}"
        holder = acquired.parent if acquired.held else name
        advice = kind.advice.format(call=call_text, name=holder, **{"with": self._with_keyword(acquired, handle, function)})
        if handed_over:  # `with` would release it on the paths that hand it to the caller too
            advice = (f"release it (`{releases}`) on the paths that keep it, or in `except: ...; raise`: the function "
                      f"hands it over on its other paths, so `with` would release it before its new owner uses it")
        self.report(acquired.call, f"{problem}; {advice}", fix=fix)

    def _with_keyword(self, acquired: _Acquired, handle: Handle | None, function: cst.FunctionDef | None) -> str:
        """``async with`` for an asyncio session or connection: awaited when acquired (``await engine.connect()``),
        an ``AsyncSession``, or awaited when used (``await session.execute(...)``)."""
        call = acquired.call
        if is_sqlalchemy(self.qualify(call.func), *SA.async_session_classes):
            return "async with"
        if function is None or function.asynchronous is None:
            return "with"
        target = handle.name if handle is not None else None
        for node, ancestors in walk_scope(function.body):
            if node is call and ancestors and isinstance(ancestors[-1], cst.Await):
                return "async with"
            if target and isinstance(node, cst.Await) and isinstance(node.expression, cst.Call) \
                    and isinstance(node.expression.func, cst.Attribute) \
                    and dotted_name(node.expression.func.value) == target:
                return "async with"
        return "with"

    def _call_text(self, call: cst.Call) -> str:
        text = self.ctx.module.code_for_node(call)
        if len(text) > 60 or "\n" in text:
            text = self.ctx.module.code_for_node(call.func) + ("(...)" if call.args else "()")
        return text

    def _line(self, node: cst.CSTNode) -> int | None:
        try:
            return self.ctx.metadata(PositionProvider)[node].start.line
        except KeyError:
            return None

    # -- the safe fix ----------------------------------------------------------------------------------
    def _fix(self, function: cst.FunctionDef, acquired: _Acquired, handle: Handle) -> CstFix | None:
        kind = acquired.kind
        if kind.fix is None or not isinstance(handle.start, cst.Assign) or len(handle.start.targets) != 1:
            return None
        block, index = _statement_position(function, handle.start)
        if block is None:
            return None
        acquire_line = block[index]
        if len(acquire_line.body) != 1:
            return None
        awaited = isinstance(handle.start.value, cst.Await)
        release_index = None
        for offset, stmt in enumerate(block[index + 1:], start=index + 1):
            if _is_release_line(stmt, handle, acquired):
                release_index = offset
                break
        if release_index is None or release_index == index + 1:
            return None
        between = list(block[index + 1:release_index])
        release_line = block[release_index]
        if any(isinstance(n, _JUMPS) for s in between for n in scope_nodes(s)):
            return None
        if any(line.comment is not None for line in release_line.leading_lines) \
                or release_line.trailing_whitespace.comment is not None:
            return None
        inside = {id(n) for s in [acquire_line, *between, release_line] for n in scope_nodes(s, into_scopes=True)}
        if any(refers_to(n, a, handle.name) and id(n) not in inside for n, a in walk_scope(function.body, into_scopes=True)):
            return None  # used elsewhere (after the release, or before): not a plain pair
        if any(_releases_inside(s, handle) for s in between):
            return None
        release_stmt = release_line.body[0]
        asynchronous = awaited or isinstance(release_stmt.value, cst.Await)
        call = acquired.call
        imports: list[ImportSpec] = []
        if kind.fix == "closing":
            if asynchronous or self.ctx.imports.aliases.get("closing", "contextlib.closing") != "contextlib.closing":
                return None
            item: cst.BaseExpression = cst.Call(func=cst.Name("closing"), args=[cst.Arg(call)])
            imports.append(ImportSpec("contextlib", "closing"))
        else:
            if kind is POOLED and not awaited:
                return None
            item = call
        with_node = cst.With(
            items=[cst.WithItem(item=item, asname=cst.AsName(name=cst.Name(handle.name)))],
            body=cst.IndentedBlock(body=between, header=acquire_line.trailing_whitespace),
            asynchronous=cst.Asynchronous() if asynchronous else None,
            leading_lines=acquire_line.leading_lines,
        )
        replacements: list = [(acquire_line, with_node)]
        replacements += [(s, cst.RemovalSentinel.REMOVE) for s in [*between, release_line]]
        keyword = "async with" if asynchronous else "with"
        return CstFix("safe", f"use `{keyword}` to release `{handle.name}`", replacements=replacements, imports=imports)


# --- helpers -----------------------------------------------------------------------------------------

def _expects_failure(chain: Sequence[cst.CSTNode]) -> bool:
    """Inside `with pytest.raises(...)` / `with self.assertRaises(...)`: the connect is meant to fail."""
    for node in chain:
        if isinstance(node, cst.With):
            for item in node.items:
                call = item.item
                if isinstance(call, cst.Call) and "raises" in (dotted_name(call.func) or "").lower():
                    return True
    return False


def _start_statement(function: cst.FunctionDef, name: str) -> cst.BaseSmallStatement | None:
    """The `await name.start()` statement of an asyncpg transaction object."""
    for node in scope_nodes(function.body):
        if isinstance(node, cst.Expr) and isinstance(node.value, cst.Await):
            call = node.value.expression
            if isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute) \
                    and call.func.attr.value == "start" and current_is(call.func.value, name):
                return node
    return None


def _looks_like_session(owner: str) -> bool:
    """`db.session`, `self.conn`, `connection`: the receiver of an SQLAlchemy-style begin()."""
    last = owner.rsplit(".", 1)[-1].lower()
    return "session" in last or "conn" in last


def _kept_for_reuse(acquired: _Acquired, chain: Sequence[cst.CSTNode]) -> bool:
    """A per-thread connection opened only when the thread has none (``db.connect(reuse_if_open=True)``,
    ``if db.is_closed(): db.connect()``): the next call on the thread reuses what this one leaves open,
    so at most one per thread stays open, as Peewee's ``autoconnect`` keeps it."""
    acquire = acquired.acquire
    if acquire is None or not acquire.reuse_keyword:
        return False
    if any(a.keyword is not None and a.keyword.value == acquire.reuse_keyword and current_is(a.value, "True")
           for a in acquired.call.args):
        return True
    for outer, inner in zip(chain, [*chain[1:], acquired.call]):
        if isinstance(outer, cst.If) and inner is outer.body and isinstance(outer.test, cst.Call) \
                and isinstance(outer.test.func, cst.Attribute) and outer.test.func.attr.value == acquire.closed_check \
                and dotted_name(outer.test.func.value) == acquired.parent:
            return True
    return False


def _first_arg_is(call: cst.Call, value: str, keyword: str) -> bool:
    for index, arg in enumerate(call.args):
        if (index == 0 and arg.keyword is None) or (arg.keyword is not None and arg.keyword.value == keyword):
            return isinstance(arg.value, cst.Name) and arg.value.value == value
    return False


def _restored(call: cst.Call) -> bool:
    """The call that turns a held state back on: ``set_autocommit(True)``."""
    return isinstance(call.func, cst.Attribute) and any(
        call.func.attr.value in names.names and _first_arg_is(call, "True", acquire.off_keyword)
        for acquire in _BY_CALL if acquire.off_keyword for names in acquire.calls)


def _is_fixture(function: cst.FunctionDef) -> bool:
    for decorator in function.decorators:
        expr = decorator.decorator.func if isinstance(decorator.decorator, cst.Call) else decorator.decorator
        if (dotted_name(expr) or "").rsplit(".", 1)[-1] == "fixture":
            return True
    return False


def _statement_position(function: cst.FunctionDef, small: cst.BaseSmallStatement):
    for node in scope_nodes(function.body):
        if isinstance(node, cst.IndentedBlock):
            for index, stmt in enumerate(node.body):
                if isinstance(stmt, cst.SimpleStatementLine) and small in stmt.body:
                    return node.body, index
    return None, 0


def _is_release_line(stmt: cst.BaseStatement, handle: Handle, acquired: _Acquired) -> bool:
    """`name.close()` / `await name.close()` / `await pool.release(name)` alone on a line."""
    if not isinstance(stmt, cst.SimpleStatementLine) or len(stmt.body) != 1 or not isinstance(stmt.body[0], cst.Expr):
        return False
    value = stmt.body[0].value
    if isinstance(value, cst.Await):
        value = value.expression
    if not isinstance(value, cst.Call) or not isinstance(value.func, cst.Attribute):
        return False
    method, receiver = value.func.attr.value, dotted_name(value.func.value)
    if handle.kind is POOLED:
        return method == "release" and receiver == acquired.parent and len(value.args) == 1 \
            and current_is(value.args[0].value, handle.name)
    return method == "close" and receiver == handle.name and not value.args


def _releases_inside(stmt: cst.CSTNode, handle: Handle) -> bool:
    for node in scope_nodes(stmt, into_scopes=True):
        if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) \
                and dotted_name(node.func.value) == handle.name and node.func.attr.value in handle.kind.releases:
            return True
        if isinstance(node, cst.WithItem) and dotted_name(node.item) == handle.name:
            return True
    return False


def _registry_binds(call: cst.Call, name: str, function: cst.FunctionDef) -> list[cst.Call]:
    """The calls that give a ``scoped_session`` registry its bind: the ``sessionmaker(bind=...)`` it wraps
    and the function's ``registry.configure(bind=...)``."""
    found = [arg.value for arg in call.args[:1] if isinstance(arg.value, cst.Call)]
    found += [node for node in scope_nodes(function.body) if isinstance(node, cst.Call)
              and isinstance(node.func, cst.Attribute) and node.func.attr.value == "configure"
              and current_is(node.func.value, name)]
    return found
