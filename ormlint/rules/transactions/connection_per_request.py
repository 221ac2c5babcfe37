"""ORM305 connection-per-request."""

from __future__ import annotations

import libcst as cst

from ormlint.api import Example, Rule
from ormlint.core.roles import NON_PRODUCTION
from ormlint.index.commands import decorator_call
from ormlint.index.effects import task_queue
from ormlint.orms.dbapi import DRIVERS
from ormlint.orms.django import DJANGO_EXTRAS
from ormlint.orms.migration_ops import MIGRATIONS
from ormlint.orms.spec import Names, any_matches
from ormlint.orms.sqlalchemy import SA, SQLALCHEMY
from ormlint.orms.sqlmodel import SQLMODEL
from ormlint.syntax.literals import body_statements
from ormlint.syntax.names import dotted_name, is_from
from ormlint.syntax.walk import own_calls, walk_scope
from ormlint.syntax.walk import visit as walk_visit

# Engines and pools: one per process is the design; per call is always a mistake.
POOLS = (*(Names(package, SA.engine_factories) for package in (*SQLALCHEMY.packages, *SQLMODEL.packages)),
         *(pool for driver in DRIVERS for pool in driver.pools))
# Single connections to a database server: fine in a script or a worker, wrong once per request.
CONNECTIONS = tuple(Names(driver.module, tuple(c.name.rsplit(".", 1)[-1] for c in driver.connects))
                    for driver in DRIVERS if driver.server)
ROUTE_DECORATORS = frozenset({"route", "get", "post", "put", "patch", "delete", "head", "options",
                              "api_route", "websocket"})
VIEW_BASES = ("View", "ViewSet", "APIView", "Resource", "Handler")
FACTORY_WORDS = ("create", "make", "build", "init", "setup", "set_up", "configure", "factory", "engine",
                 "pool", "connect", "startup", "lifespan", "main", "ready", "bootstrap")
ONCE_DECORATORS = frozenset({"lru_cache", "cache", "cached_property", "cached", "memoize", "on_event",
                             "before_first_request", "command", "group", "fixture", "asynccontextmanager",
                             "contextmanager", "receiver", "connect"})


CLI_DECORATORS = frozenset({"command", "group"})


def _decorator_name(decorator: cst.Decorator) -> str:
    """The last name of a decorator (``command`` of ``@cli.command(name="x")``)."""
    return (dotted_name(decorator_call(decorator)) or "").rsplit(".", 1)[-1]


class ConnectionPerRequest(Rule):
    """
    ## What it does
    Flags an engine, pool or connection created once per request: `create_engine()`/
    `create_async_engine()`/`asyncpg.create_pool()`/`psycopg_pool.ConnectionPool()`/
    `psycopg2.connect()`/`psycopg.connect()`/`asyncpg.connect()`/`pymysql.connect()`
    inside a request handler (a Django/DRF view, a method of a view class, a Flask or
    FastAPI route, a FastAPI dependency of the same file), and an engine or pool built
    by a Celery/rq task or dramatiq actor (once per message) or by a function of the same
    file that a request handler calls (`helper()`) and that is not a factory; a factory of the same file whose
    whole body returns a new engine or pool (`return create_engine(url)`, not cached with `@lru_cache`) is
    reported where a request handler calls it (`get_engine().connect()`). A function
    nothing serving requests calls (a startup check, a command) runs rarely: it is not
    reported; nor is a task's single connection (one per run is a batch job's way).

    ## Why is this bad?
    Each call pays a TCP connect, a TLS handshake and authentication (tens of
    milliseconds), and an engine or pool created per call is a new pool per call: its
    connections are not reused and pile up until the server's `max_connections`.

    ## Example
    ```python
    @app.get("/users/{uid}")
    def get_user(uid: int):
        engine = create_engine(DATABASE_URL)
        with Session(engine) as session:
            return session.get(User, uid)
    ```

    ## Use instead
    ```python
    engine = create_engine(DATABASE_URL)  # once, at import or startup

    @app.get("/users/{uid}")
    def get_user(uid: int):
        with Session(engine) as session:
            return session.get(User, uid)
    ```

    Factories are left alone: a function whose name says it builds or starts something
    (`create_app`, `get_engine`, `init_db`, `main`, `lifespan`), one decorated
    to run once (`lru_cache`, `cache`, startup hooks, CLI commands, fixtures), and
    one that hands the engine on (returns or yields it, stores it on `self`, a module
    global, `app.config` or a cache). Tests, scripts, migrations, command-line modules
    (importing `click`/`typer`/`argparse`; only their request handlers are checked)
    and Alembic's `env.py` (it imports `alembic.context`) run once and are not checked, and
    neither is a function defined inside a CLI command (`@cli.command()`), even one taking
    `request`: the command hands it the request and application of its one run.

    ## Fix safety
    No fix: moving the engine to module level changes when configuration is read and,
    for async pools, which event loop they bind to.

    ## Where it reports
    | context | reports | why |
    |---|---|---|
    | application code | yes | where requests, jobs and commands run against production data |
    | `migration` | no | a migration runs once per deploy, not per request |
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
    - [SQLAlchemy: Engine basic usage](https://docs.sqlalchemy.org/en/20/core/connections.html#basic-usage)
    - [asyncpg: Connection pools](https://magicstack.github.io/asyncpg/current/usage.html#connection-pools)
    - [psycopg 3: Connection pools](https://www.psycopg.org/psycopg3/docs/advanced/pool.html)
    """

    code = "ORM305"
    name = "connection-per-request"
    family = "transactions"
    severity = "warning"
    orms = ("sqlalchemy", "sqlmodel", "asyncpg", "dbapi")
    fix_safety = "none"
    summary = "An engine, pool or connection is created per request or per task run instead of once."
    prefilter = ("create_engine", "create_async_engine", "create_pool", "ConnectionPool", "connect(")
    skip_roles = NON_PRODUCTION | {"migration"}

    VALID = [
        # module-level engine
        """
        from sqlalchemy import create_engine
        engine = create_engine(DATABASE_URL)
        """,
        # cached factory
        """
        from functools import lru_cache
        from sqlalchemy import create_engine

        @lru_cache
        def engine_for(url):
            return create_engine(url)
        """,
        # app factory storing on app config
        """
        from sqlalchemy import create_engine

        def create_app():
            app = Flask(__name__)
            app.config["ENGINE"] = create_engine(app.config["DATABASE_URL"])
            return app
        """,
        # stored on self
        """
        from sqlalchemy import create_engine

        class Repository:
            def __init__(self, url):
                self.engine = create_engine(url)
        """,
        # FastAPI lifespan creating the pool once
        """
        import asyncpg
        from contextlib import asynccontextmanager

        @asynccontextmanager
        async def lifespan(app):
            app.state.pool = await asyncpg.create_pool(DSN)
            yield
            await app.state.pool.close()
        """,
        # a batch job's single connection, not per request
        """
        import psycopg2

        def nightly_export(path):
            conn = psycopg2.connect(DSN)
            try:
                dump(conn, path)
            finally:
                conn.close()
        """,
        # Alembic env.py runs once per command
        """
        from alembic import context
        from sqlalchemy import create_engine

        def run_migrations_online():
            connectable = create_engine(context.config.get_main_option("sqlalchemy.url"))
            with connectable.connect() as connection:
                context.configure(connection=connection)
        """,
    ]
    INVALID = [
        Example(
            """
            from fastapi import FastAPI
            from sqlalchemy import create_engine
            from sqlalchemy.orm import Session

            app = FastAPI()

            @app.get("/users/{uid}")
            def get_user(uid: int):
                engine = create_engine(DATABASE_URL)
                with Session(engine) as session:
                    return session.get(User, uid)
            """,
            lines=(9,),
            message="create_engine() inside request handler get_user(): a new",
        ),
        Example(
            """
            import psycopg2
            from django.http import JsonResponse

            def order_count(request):
                conn = psycopg2.connect(DSN)
                try:
                    with conn.cursor() as cur:
                        cur.execute("SELECT count(*) FROM orders")
                        return JsonResponse({"count": cur.fetchone()[0]})
                finally:
                    conn.close()
            """,
            lines=(5,),
            message="psycopg2.connect() inside request handler order_count(): a",
        ),
        Example(
            """
            import asyncpg
            from fastapi import Depends

            async def get_conn():
                conn = await asyncpg.connect(DSN)
                try:
                    yield conn
                finally:
                    await conn.close()

            @router.get("/items")
            async def items(conn=Depends(get_conn)):
                return await conn.fetch("SELECT * FROM items")
            """,
            lines=(5,),
            message="asyncpg.connect() inside request handler get_conn(): a new",
        ),
        Example(
            """
            from flask import Flask
            from sqlalchemy import create_engine, text

            app = Flask(__name__)

            def count_users():
                engine = create_engine(DATABASE_URL)
                with engine.connect() as conn:
                    return conn.execute(text("SELECT count(*) FROM users")).scalar()

            @app.route("/users/count")
            def users_count():
                return {"count": count_users()}
            """,
            lines=(7,),
            message="create_engine() runs on every call of count_users(), which request handler users_count()",
        ),
    ]

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self._dependencies: set[str] | None = None
        self._called_by_handlers: dict[str, str] | None = None
        self._functions = {s.name.value: s for s in ctx.module.body if isinstance(s, cst.FunctionDef)}
        # A command-line module runs once per command, not per request.
        self._cli = ctx.imports.imports_from("click", "typer", "argparse")

    def visit_Module(self, node: cst.Module) -> bool:
        return not any(MIGRATIONS.alembic_context.matches(target) for target in self.ctx.imports.aliases.values())

    def visit_Call(self, node: cst.Call) -> None:
        qualified = self.qualify(node.func)
        pool = any_matches(qualified, POOLS)
        if not pool and not any_matches(qualified, CONNECTIONS):
            self._fresh_factory_call(node)
            return
        function = self.enclosing(cst.FunctionDef)
        if function is None:
            return
        api = f"{dotted_name(node.func) or qualified}()"
        kind = "engine/pool" if pool else "connection"
        if self._in_command(function):
            return  # def delete_instance(request, app) inside a CLI command: run once, by the operator
        if self._handler(function, self.enclosing(cst.ClassDef)):
            self.report(
                node,
                f"{api} inside request handler {function.name.value}(): a new {kind} per request (connect, TLS "
                "and authentication every time); create it once at module level or at startup and reuse it",
            )
            return
        if pool and any(task_queue(d.decorator, self.ctx.imports) for d in function.decorators):
            self.report(
                node,
                f"{api} inside task {function.name.value}(): a new connection pool on every run of the task; "
                "create the engine once per worker process (module level or a cached factory) and reuse it",
            )
            return
        caller = self._handler_calls().get(function.name.value)
        if pool and caller is not None and not self._cli and not self._factory(function, node):
            self.report(
                node,
                f"{api} runs on every call of {function.name.value}(), which request handler {caller}() calls: "
                "each request builds a new connection pool; create the engine once (module level, startup, "
                "or a cached factory) and reuse it",
            )

    def _fresh_factory_call(self, call: cst.Call) -> None:
        """``get_engine().connect()`` in a request handler, ``get_engine`` a function of this file that returns a new
        engine or pool on every call (``return create_engine(url)``, not cached): one pool per request."""
        factory = self._functions.get(call.func.value) if isinstance(call.func, cst.Name) else None
        function = self.enclosing(cst.FunctionDef) if factory is not None else None
        if function is None or factory is function or self._cli \
                or not self._handler(function, self.enclosing(cst.ClassDef)):
            return
        made = self._fresh_pool(factory)
        if made is not None:
            self.report(
                call,
                f"{factory.name.value}() builds a new {made} on every call, and request handler "
                f"{function.name.value}() calls it: each request builds a new connection pool; create the engine "
                "once (module level, startup, or a cached factory) and reuse it",
            )

    def _fresh_pool(self, function: cst.FunctionDef) -> str | None:
        """The API whose pool an uncached function returns as it makes it (``return create_engine(url)``), else None."""
        if _runs_once(function):
            return None
        lines = [s for s in body_statements(function) if not (isinstance(s, cst.SimpleStatementLine) and isinstance(
            s.body[0], cst.Expr) and isinstance(s.body[0].value, cst.SimpleString))]  # the docstring aside
        last = lines[-1].body[0] if len(lines) == 1 and isinstance(lines[0], cst.SimpleStatementLine) else None
        value = last.value if isinstance(last, cst.Return) else None
        if isinstance(value, cst.Call) and any_matches(self.qualify(value.func), POOLS):
            return f"{dotted_name(value.func) or 'engine'}() pool"
        return None

    # -- request handlers ------------------------------------------------------------------
    def _in_command(self, function: cst.FunctionDef) -> bool:
        """``function`` is defined inside a CLI command (``@cli.command()``, ``@click.group()``), whatever its
        parameters: the command hands it the request and application it builds for one run."""
        return any(isinstance(outer, cst.FunctionDef) and outer is not function and any(
            _decorator_name(d) in CLI_DECORATORS for d in outer.decorators) for outer in self.ancestors)

    def _handler(self, function: cst.FunctionDef, owner: cst.ClassDef | None) -> bool:
        params = [p.name.value for p in function.params.params]
        if params[:1] in (["self"], ["cls"]):
            params = params[1:]
        if params[:1] == ["request"]:
            return True
        for decorator in function.decorators:
            expr = decorator.decorator
            func = expr.func if isinstance(expr, cst.Call) else expr
            if isinstance(expr, cst.Call) and isinstance(func, cst.Attribute) and func.attr.value in ROUTE_DECORATORS:
                return True
            if any_matches(self.qualify(func), DJANGO_EXTRAS.drf.views):
                return True
        if function.name.value in self._depended_on():
            return True
        if owner is not None and function.name.value != "__init__" and function in owner.body.body:
            bases = [dotted_name(b.value) or "" for b in owner.bases]
            return any(b.endswith(VIEW_BASES) for b in bases)
        return False

    def _handler_calls(self) -> dict[str, str]:
        """Functions of this file that request handlers call (``helper()``), each with
        one handler that calls it: what they build, they build once per request."""
        if self._called_by_handlers is None:
            self._called_by_handlers = {}
            for node, ancestors in walk_scope(self.ctx.module, into_scopes=True):
                if not isinstance(node, cst.FunctionDef):
                    continue
                owner = ancestors[-2] if len(ancestors) > 1 and isinstance(ancestors[-2], cst.ClassDef) else None
                if not self._handler(node, owner):
                    continue
                for call, _ in own_calls(node.body):
                    if isinstance(call.func, cst.Name) and call.func.value != node.name.value:
                        self._called_by_handlers.setdefault(call.func.value, node.name.value)
        return self._called_by_handlers

    def _depended_on(self) -> set[str]:
        """Names of functions passed to ``Depends(...)`` in this file (FastAPI dependencies)."""
        if self._dependencies is None:
            finder = _Depends(self)
            walk_visit(self.ctx.module, finder)
            self._dependencies = finder.names
        return self._dependencies

    # -- factories -------------------------------------------------------------------------
    def _factory(self, function: cst.FunctionDef, call: cst.Call) -> bool:
        name = function.name.value.lower()
        if name == "__init__" or any(word in name for word in FACTORY_WORDS) or _runs_once(function):
            return True
        handed_on = _HandedOn()
        walk_visit(function.body, handed_on)
        bound = self._bound_name(call)
        if bound is None:
            return self._stored_directly(call)
        return bound in handed_on.names or bound in handed_on.globals

    def _bound_name(self, call: cst.Call) -> str | None:
        parent = self.ancestors[-2] if len(self.ancestors) > 1 else None
        if isinstance(parent, cst.Await):
            parent = self.ancestors[-3]
        if isinstance(parent, cst.Assign) and len(parent.targets) == 1:
            target = parent.targets[0].target
            return target.value if isinstance(target, cst.Name) else None
        return None

    def _stored_directly(self, call: cst.Call) -> bool:
        """``return create_engine(...)``, ``self.engine = ...``, ``app.config[...] = ...``, ``yield ...``."""
        for parent in reversed(self.ancestors[:-1]):
            if isinstance(parent, (cst.Return, cst.Yield)):
                return True
            if isinstance(parent, cst.Assign):
                return any(isinstance(t.target, (cst.Attribute, cst.Subscript)) for t in parent.targets)
            if isinstance(parent, (cst.BaseSmallStatement, cst.BaseCompoundStatement)):
                return False
        return False


def _runs_once(function: cst.FunctionDef) -> bool:
    """Decorated to run once, or once per argument (``@lru_cache``, ``@app.on_event("startup")``)."""
    return any(_decorator_name(d) in ONCE_DECORATORS for d in function.decorators)


class _HandedOn(cst.CSTVisitor):
    """Names a function returns, yields, stores in attributes/subscripts, or declares global."""

    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()
        self.globals: set[str] = set()

    def visit_Global(self, node: cst.Global) -> None:
        self.globals.update(n.name.value for n in node.names)

    def visit_Nonlocal(self, node: cst.Nonlocal) -> None:
        self.globals.update(n.name.value for n in node.names)

    def visit_Return(self, node: cst.Return) -> None:
        if isinstance(node.value, cst.Name):
            self.names.add(node.value.value)

    def visit_Yield(self, node: cst.Yield) -> None:
        if isinstance(node.value, cst.Name):
            self.names.add(node.value.value)

    def visit_Assign(self, node: cst.Assign) -> None:
        if isinstance(node.value, cst.Name) and \
                any(isinstance(t.target, (cst.Attribute, cst.Subscript)) for t in node.targets):
            self.names.add(node.value.value)


class _Depends(cst.CSTVisitor):
    def __init__(self, rule: Rule) -> None:
        super().__init__()
        self.rule = rule
        self.names: set[str] = set()

    def visit_Call(self, node: cst.Call) -> None:
        if is_from(self.rule.qualify(node.func), "fastapi", "Depends") and node.args:
            target = node.args[0].value
            if isinstance(target, cst.Name):
                self.names.add(target.value)
