"""Calls that execute SQL, recognised by what their receiver is, and how each takes parameters.

A receiver is resolved through imports (``django.db.connection``), calls of known
constructors (``sqlite3.connect``, ``create_engine``, ``sessionmaker()()``,
``asyncpg.create_pool``, ``SqliteDatabase``), ``.cursor()``/``.connect()``/``.acquire()``
chains, Alembic's ``op.get_bind()``, local assignments and ``with ... as`` in the same
function, module-level assignments, ``self.<attr>`` assigned in a method of the class,
parameter annotations (``session: Session``, ``conn: asyncpg.Connection``) and, through the
project's facts, handles bound at module level in other modules (``from app.models import
db``). A method name alone never makes a sink.

The index pass uses the resolver to find project helpers that hand a parameter to a sink
(:mod:`ormlint.index.sql_helpers`); the raw-SQL analysis uses it to find the sinks of a file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import libcst as cst

from ormlint.orms import orm_packages
from ormlint.orms.dbapi import (
    ASYNCPG, ASYNCPG_BINDING, BINDS_ONE, DRIVER_MODULES, DRIVERS, POOL_CONNECTIONS, QUERY_METHODS, driver,
)
from ormlint.orms.django import DJANGO, DJANGO_EXTRAS
from ormlint.orms.migration_ops import MIGRATIONS
from ormlint.orms.peewee import PEEWEE, PEEWEE_EXTRAS
from ormlint.orms.sqlalchemy import SA, SQLALCHEMY, SQLMODEL_NAME, is_sqlalchemy
from ormlint.orms.tortoise import TORTOISE, TORTOISE_EXTRAS
from ormlint.syntax.flow import FunctionFlow
from ormlint.syntax.literals import string_value
from ormlint.syntax.names import ImportTable, annotated_type, dotted_name, is_from, string_annotation
from ormlint.syntax.walk import descendants

# paramstyle per DB-API driver module (top-level), and the sqlglot dialect it implies
PARAMSTYLES = {d.top: (d.paramstyle, d.dialect) for d in DRIVERS} | {DJANGO.name: (DJANGO_EXTRAS.paramstyle, None)}
# packages whose ``db`` is not a project's Flask-SQLAlchemy object
LIBRARIES = orm_packages() | DRIVER_MODULES | {"pandas", "redis"}
DBAPI_METHODS = QUERY_METHODS
ASYNCPG_METHODS = ASYNCPG.query_methods
_ASYNCPG_OPENERS = frozenset(c.name for c in ASYNCPG.connects) | frozenset(n for p in ASYNCPG.pools for n in p.names)
_PANDAS_READERS = ("read_sql", "read_sql_query")
_GET_BIND = f"{MIGRATIONS.alembic_op}.get_bind"  # Alembic: the migration's connection
# Method and function names that can execute (or hold) SQL: a call named otherwise is never a sink.
SINK_METHODS = DBAPI_METHODS | SA.sinks | ASYNCPG_METHODS | {PEEWEE_EXTRAS.execute_sql} | TORTOISE_EXTRAS.sinks | {
    DJANGO_EXTRAS.raw_method, DJANGO_EXTRAS.extra_method}
SINK_FUNCTIONS = frozenset(n for names in (*SA.text, DJANGO_EXTRAS.raw_sql, PEEWEE_EXTRAS.sql)
                           for n in names.names) | frozenset(_PANDAS_READERS)
SQL_KEYWORDS = ("sql", "query", "statement", "operation")  # keyword names of a sink's SQL argument


PEEWEE_DATABASE = "peewee_database"  # Receiver.kind of a Peewee Database object


@dataclass(frozen=True)
class Receiver:
    kind: str  # dbapi | django_connection | flask_db | sa_engine | sa_conn | sa_session | sa_factory |
    # asyncpg_connection | peewee_database | tortoise_connection | schema_editor | pool
    driver: str | None = None  # DB-API driver module when known
    is_async: bool = False  # an SQLAlchemy asyncio session, connection or engine


@dataclass(frozen=True)
class Sink:
    """A call that executes (or holds) SQL, and how to pass parameters to it."""

    call: cst.Call
    label: str  # "cursor.execute()"
    sql: cst.BaseExpression  # the SQL argument
    style: str | None  # qmark | format | named | numeric_dollar | None (unknown: no fix)
    params: str  # where parameters go: "second" | "varargs" | "bindparams" | "text-wrap" | "text-bindparams" |
    # "params-keyword" | "helper" | "none"
    dialect: str | None = None
    statement: bool = True  # a full statement (False: an expression such as RawSQL or extra(where=))
    driver: str | None = None  # what binds the parameters: a driver module, "django", "sqlalchemy", None: unknown
    via: str = ""  # a project helper: what it runs the SQL with ("cursor.execute() in core.db.fetch_all")
    params_keyword: str = ""  # a helper: its parameter handed to the sink's parameters


class ProjectSql(Protocol):
    """What other modules of the project say about SQL: module-level handles and SQL helpers."""

    def handle(self, qualified: str) -> Receiver | None: ...

    def helper(self, qualified: str):  # -> SqlHelperFact | None
        ...

    def app_handle(self, key: str) -> Receiver | None: ...


_DJANGO = Receiver("django_connection", DJANGO.name)
# what names the application object (aiohttp's ``request.app``/``request.config_dict``, Starlette's ``app``)
_APPLICATIONS = frozenset({"app", "application", "config_dict"})
APP_HELD = ("app[", "app.state.")  # how the names app_key gives begin (no other handle fact's name does)


def app_key(expr: cst.BaseExpression) -> str | None:
    """``app['pool']`` of ``request.app["pool"]``, ``app.state.pool`` of ``request.app.state.pool``: the name
    under which an application object holds a handle for its handlers (aiohttp's mapping, Starlette's and
    FastAPI's ``state``); None for any other expression."""
    if isinstance(expr, cst.Subscript) and len(expr.slice) == 1 and isinstance(expr.slice[0].slice, cst.Index):
        owner, key = expr.value, string_value(expr.slice[0].slice.value)
        name = f"app[{key!r}]"
    elif isinstance(expr, cst.Attribute) and isinstance(expr.value, cst.Attribute) and expr.value.attr.value == "state":
        owner, key = expr.value.value, expr.attr.value
        name = f"app.state.{key}"
    else:
        return None
    last = owner.attr.value if isinstance(owner, cst.Attribute) else owner.value if isinstance(owner, cst.Name) else ""
    return name if key and last in _APPLICATIONS else None
RETURNED = "()"  # a handle fact's name suffix: what a call of the function returns (``get_db()``)


class SinkResolver:
    """Finds sinks among calls of one function."""

    def __init__(self, imports: ImportTable, module_name: str, flow: FunctionFlow, module_flow: FunctionFlow | None,
                 extra_sinks: frozenset[str] = frozenset(), models=None, project: ProjectSql | None = None,
                 owner: cst.ClassDef | None = None):
        self.imports = imports
        self.module_name = module_name
        self.flow = flow
        self.module_flow = module_flow
        self.extra_sinks = extra_sinks
        self.models = models  # the index's ModelRegistry, when the index is built
        self.project = project
        self.owner = owner  # the class whose method ``flow`` is: ``self.<attr>`` receivers
        self.file_driver = self._file_driver()
        self._attributes: dict[str, Receiver | None] = {}

    def _file_driver(self) -> str | None:
        drivers = {t.split(".")[0] for t in self.imports.aliases.values()} & set(PARAMSTYLES)
        drivers.discard(ASYNCPG.top)
        if DJANGO.name in drivers and len(drivers) > 1:
            drivers.discard(DJANGO.name)
        return next(iter(drivers)) if len(drivers) == 1 else None

    # -- receivers -------------------------------------------------------------------
    def receiver(self, expr: cst.BaseExpression, order: float, depth: int = 0) -> Receiver | None:
        if depth > 6:
            return None
        if isinstance(expr, cst.Await):
            return self.receiver(expr.expression, order, depth + 1)
        if isinstance(expr, cst.Name):
            return self._name(expr.value, order, depth)
        if isinstance(expr, cst.Attribute):
            qualified = self.imports.qualify(expr)
            if qualified in DJANGO_EXTRAS.connection:
                return _DJANGO
            if qualified and self.project is not None and (found := self.project.handle(qualified)) is not None:
                return found
            if isinstance(expr.value, cst.Name) and expr.value.value in ("self", "cls") and self.owner is not None:
                return self._attribute(expr.attr.value, depth)
            if (held := self._app_held(expr)) is not None:
                return held
            base = self.receiver(expr.value, order, depth + 1)
            if base is not None and base.kind == "schema_editor" and expr.attr.value == "connection":
                return _DJANGO
            if base is not None and base.kind == "sa_session" and expr.attr.value == SA.session_bind:
                return Receiver("sa_engine", is_async=base.is_async)
            if base is not None and base.kind == "flask_db":
                kind = dict(SA.flask_attributes).get(expr.attr.value)
                return Receiver(kind) if kind else None
            return None
        if isinstance(expr, cst.Subscript):
            if self.imports.qualify(expr.value) == DJANGO_EXTRAS.connections:
                return _DJANGO
            return self._app_held(expr)
        if isinstance(expr, cst.Call):
            return self._call(expr, order, depth)
        return None

    def _app_held(self, expr: cst.BaseExpression) -> Receiver | None:
        """A handle the application object holds under a name the project gives one (see :func:`app_key`)."""
        key = app_key(expr)
        return self.project.app_handle(key) if key is not None and self.project is not None else None

    def _name(self, name: str, order: float, depth: int) -> Receiver | None:
        qualified = self.imports.qualify_dotted(name)
        bindings = self.flow.reaching(name, order)
        if bindings:
            binding = bindings[-1]
            if binding.kind == "param":
                typed = self._annotated(binding.annotation, name)
                if typed is None and binding.annotation is None and binding.value is not None:
                    return self.receiver(binding.value, 10**9, depth + 1)  # ``db=database``: what its default is
                return typed
            if binding.kind in ("set", "with") and binding.value is not None:
                received = self.receiver(binding.value, binding.order, depth + 1)
                if received is None and binding.annotation is not None:
                    return self._annotated(binding.annotation, name)
                return received
            if binding.kind == "declare":
                return self._annotated(binding.annotation, name)
            return None
        if self.module_flow is not None and self.module_flow is not self.flow:
            module_bindings = self.module_flow.bindings.get(name)
            if module_bindings and len(module_bindings) == 1 and module_bindings[0].value is not None:
                return self.receiver(module_bindings[0].value, 10**9, depth + 1)
        if qualified in DJANGO_EXTRAS.connection:
            return _DJANGO
        if qualified and self.project is not None and (found := self.project.handle(qualified)) is not None:
            return found
        if name in SA.flask_db_names[:1] and qualified and qualified.split(".")[0] not in LIBRARIES \
                and self.imports.imports_from(*SQLALCHEMY.packages, "flask", SQLMODEL_NAME):
            return Receiver("flask_db")  # the Flask-SQLAlchemy extension object of the project
        return None

    def _attribute(self, attr: str, depth: int) -> Receiver | None:
        """``self.<attr>``: what the class's methods assign to it, or its class-level annotation."""
        if attr in self._attributes:
            return self._attributes[attr]
        self._attributes[attr] = None  # cycles
        found: set[Receiver] = set()
        unknown = False
        body = self.owner.body.body if isinstance(self.owner.body, cst.IndentedBlock) else ()
        for statement in body:
            if isinstance(statement, cst.SimpleStatementLine):
                for small in statement.body:
                    if isinstance(small, cst.AnnAssign) and isinstance(small.target, cst.Name) \
                            and small.target.value == attr:
                        typed = self.typed(small.annotation.annotation)
                        if typed is not None:
                            found.add(typed)
            if not isinstance(statement, cst.FunctionDef):
                continue
            for node in descendants(statement.body):
                value, annotation = _self_assignment(node, attr)
                if value is None and annotation is None:
                    continue
                if isinstance(value, cst.Name) and value.value == "None":
                    continue
                method_flow = self.flow if statement is self.flow.scope else FunctionFlow(statement)
                nested = SinkResolver(self.imports, self.module_name, method_flow, self.module_flow, self.extra_sinks,
                                      self.models, self.project, None)
                received = nested.receiver(value, 10**9, depth + 1) if value is not None else None
                if received is None and annotation is not None:
                    received = self.typed(annotation)
                if received is None:
                    unknown = True
                else:
                    found.add(received)
        result = found.pop() if len(found) == 1 and not unknown else None
        self._attributes[attr] = result
        return result

    def _annotated(self, annotation: cst.BaseExpression | None, name: str) -> Receiver | None:
        """A parameter's receiver from its annotation; an unannotated (or ``Any``) DB-API
        ``cursor`` or Django ``schema_editor`` parameter by its conventional name."""
        typed = self.typed(annotation) if annotation is not None else None
        if typed is not None:
            return typed
        if annotation is not None and (self.imports.qualify(annotation) or dotted_name(annotation)) not in (
                "typing.Any", "Any", "object"):
            return None
        if name == DJANGO_EXTRAS.schema_editor_name and self.imports.imports_from(*DJANGO.packages):
            return Receiver("schema_editor", DJANGO.name)
        if name in ("cursor", "cur"):
            return Receiver("dbapi", self.file_driver)
        return None

    def typed(self, annotation: cst.BaseExpression | None) -> Receiver | None:
        if isinstance(annotation, cst.Subscript):  # Optional[Session], Annotated[Session, Depends()]
            annotation = annotation.slice[0].slice.value if isinstance(annotation.slice[0].slice, cst.Index) else None
        elif isinstance(annotation, cst.BinaryOperation):  # Session | None
            annotation = annotation.left
        elif isinstance(annotation, cst.SimpleString):
            annotation = string_annotation(annotation)
        qualified = self.imports.qualify(annotation) or ""
        is_async = qualified.rsplit(".", 1)[-1].startswith("Async")
        if is_sqlalchemy(qualified, *SA.session_classes, *SA.scoped_sessions):
            return Receiver("sa_session", is_async=is_async)
        if is_from(qualified, SQLALCHEMY.name, *SA.connection_classes):
            return Receiver("sa_conn", is_async=is_async)
        if is_from(qualified, SQLALCHEMY.name, *SA.engine_classes):
            return Receiver("sa_engine", is_async=is_async)
        if is_from(qualified, ASYNCPG.module, *ASYNCPG.typed):
            return Receiver("asyncpg_connection", ASYNCPG.top)
        for typed in DRIVERS:
            if typed.typed and typed is not ASYNCPG and is_from(qualified, typed.module, *typed.typed):
                return Receiver("dbapi", typed.top)
        if DJANGO_EXTRAS.cursor_classes.matches(qualified):
            return Receiver("dbapi", DJANGO.name)
        if DJANGO_EXTRAS.schema_editor.matches(qualified):
            return Receiver("schema_editor", DJANGO.name)
        return None

    def _call(self, call: cst.Call, order: float, depth: int) -> Receiver | None:
        qualified = self.imports.qualify(call.func) or ""
        if qualified:
            found = self._constructed(qualified)
            if found is not None:
                return found
        returned = self._returned(call)
        if returned is not None:
            return returned
        func = call.func
        if isinstance(func, cst.Attribute):
            method = func.attr.value
            if method == "get" and self.imports.qualify(func.value) in TORTOISE_EXTRAS.connections:
                return Receiver("tortoise_connection")
            base = self.receiver(func.value, order, depth + 1)
            if method == "cursor":
                if base is not None and base.kind in ("dbapi", "django_connection"):
                    return Receiver("dbapi", base.driver)
                if base is None or base.kind not in ("asyncpg_connection", "sa_session", "sa_conn", "sa_engine"):
                    return Receiver("dbapi", self.file_driver)
            if base is None:
                return None
            if base.kind == "sa_engine" and method in SA.engine_connections:
                return Receiver("sa_conn", is_async=base.is_async)
            if base.kind == "sa_engine" and method == SA.raw_connection:
                return Receiver("dbapi", None)
            if base.kind == "sa_factory" and method == "begin":
                return Receiver("sa_session", is_async=base.is_async)
            if base.kind == "sa_session" and method == SA.session_connection:
                return Receiver("sa_conn", is_async=base.is_async)
            if base.kind == "asyncpg_connection" and method in POOL_CONNECTIONS:
                return base
            if base.kind == "pool" and method in POOL_CONNECTIONS:
                return Receiver("dbapi", base.driver)
        elif isinstance(func, cst.Name) or isinstance(func, cst.Call):
            base = self.receiver(func, order, depth + 1)
            if base is not None and base.kind == "sa_factory":
                return Receiver("sa_session", is_async=base.is_async)
        return None

    def _returned(self, call: cst.Call) -> Receiver | None:
        """What a project function or method that hands out a handle returns (``get_db()``, ``self._cursor()``)."""
        qualified = self._project_callee(call) if self.project is not None else None
        return self.project.handle(qualified + RETURNED) if qualified else None

    def _project_callee(self, call: cst.Call) -> str | None:
        """The qualified name of what ``call`` calls: imported, a function of this module, or ``self.method()``
        of the class being analysed."""
        func = call.func
        qualified = self.imports.qualify(func)
        if qualified is None and isinstance(func, cst.Name):
            qualified = f"{self.module_name}.{func.value}" if self.module_name else func.value
        elif qualified is None and isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name) \
                and func.value.value in ("self", "cls") and self.owner is not None:
            qualified = f"{self.module_name}.{self.owner.name.value}.{func.attr.value}"
        elif qualified is None and isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name):
            owner = self._instance_class(func.value.value)
            qualified = f"{owner}.{func.attr.value}" if owner else None
        return qualified

    def _instance_class(self, name: str) -> str | None:
        """The qualified class of what ``name`` holds when it is bound once to a construction of a class
        (``db = Database(dsn)``, in the function or at module level) or annotated with one (``db: Database``):
        ``db.query(sql)`` calls that class's method."""
        bindings = self.flow.bindings.get(name) or (self.module_flow.bindings.get(name) if self.module_flow else None)
        if not bindings or len(bindings) != 1:
            return None
        binding = bindings[0]
        built = binding.value.func if isinstance(binding.value, cst.Call) else annotated_type(binding.annotation)
        if not isinstance(built, (cst.Name, cst.Attribute)):
            return None
        qualified = self.imports.qualify(built)
        if qualified is None and isinstance(built, cst.Name) and built.value[:1].isupper():
            qualified = f"{self.module_name}.{built.value}" if self.module_name else built.value
        return qualified

    def _constructed(self, qualified: str) -> Receiver | None:
        """What a call of ``qualified`` hands out: a driver's connection or pool, an engine, a session..."""
        top = qualified.split(".")[0]
        last = qualified.rsplit(".", 1)[-1]
        connecting = next((d for d in DRIVERS if d is not ASYNCPG and (qualified + ".").startswith(d.module + ".")
                           and last == "connect"), None)
        if connecting is not None:
            return Receiver("dbapi", connecting.top)
        pooled = next((d for d in DRIVERS if any(p.matches(qualified) for p in d.pools)), None)
        if pooled is ASYNCPG or top == ASYNCPG.top and last in _ASYNCPG_OPENERS:
            return Receiver("asyncpg_connection", ASYNCPG.top)
        if pooled is not None:
            return Receiver("pool", pooled.top)
        if qualified == _GET_BIND:
            return Receiver("sa_conn")
        if SA.flask.matches(qualified):
            return Receiver("flask_db")
        if top in (*SQLALCHEMY.packages, SQLMODEL_NAME):
            is_async = last.startswith("async_") or last.startswith("Async") or last == "create_async_engine"
            if last in SA.engine_factories:
                return Receiver("sa_engine", is_async=is_async)
            if last in (*SA.session_classes, *SA.scoped_sessions):
                return Receiver("sa_session", is_async=is_async)
            if last in SA.session_factories:
                return Receiver("sa_factory", is_async=is_async)
        if top in PEEWEE.packages and PEEWEE_EXTRAS.driver(last):
            return Receiver(PEEWEE_DATABASE, PEEWEE_EXTRAS.driver(last))
        if top in TORTOISE.packages and (last in TORTOISE_EXTRAS.connection_functions
                                         or qualified.endswith("connections.get")):
            return Receiver("tortoise_connection")
        if qualified == DJANGO_EXTRAS.get_connection:
            return _DJANGO
        return None

    # -- sinks -------------------------------------------------------------------------
    def sink(self, call: cst.Call, order: float) -> Sink | None:
        helper = self._helper(call)
        if helper is not None:
            return helper
        sql = sql_argument(call)
        if sql is None:
            return None
        label = _label(call)
        qualified = self.imports.qualify(call.func) or ""
        if qualified:
            if any(names.matches(qualified) for names in SA.text):
                return Sink(call, label, sql, "named", "bindparams", None, statement=False, driver=SQLALCHEMY.name)
            if DJANGO_EXTRAS.raw_sql.matches(qualified):
                return Sink(call, label, sql, DJANGO_EXTRAS.paramstyle, "second", None, statement=False,
                            driver=DJANGO.name)
            if PEEWEE_EXTRAS.sql.matches(qualified):
                found = self._peewee_driver()
                style, dialect = PARAMSTYLES.get(found or "", (None, None))
                return Sink(call, label, sql, style, "second", dialect, statement=False, driver=found)
            if is_from(qualified, "pandas", *_PANDAS_READERS):
                con = _argument(call, 1, "con")
                received = self.receiver(con, order) if con is not None else None
                found = received.driver if received is not None and received.kind == "dbapi" else None
                style = "qmark" if (driver(found) and driver(found).paramstyle == "qmark") else None
                return Sink(call, label, sql, style, "params-keyword", PARAMSTYLES.get(found or "", (None, None))[1],
                            driver=found if style else None)
            if qualified == f"{MIGRATIONS.alembic_op}.execute":
                return Sink(call, label, sql, "named", "text-bindparams", None, driver=SQLALCHEMY.name)
            if qualified in self.extra_sinks:
                return Sink(call, label, sql, None, "none", None)
        elif isinstance(call.func, cst.Name) and f"{self.module_name}.{call.func.value}" in self.extra_sinks:
            return Sink(call, label, sql, None, "none", None)
        func = call.func
        if not isinstance(func, cst.Attribute):
            return None
        method = func.attr.value
        if method == DJANGO_EXTRAS.raw_method:
            return self._raw(call, func, label, sql)
        if method == DJANGO_EXTRAS.extra_method:
            return None
        received = self.receiver(func.value, order) or self._by_file_driver(func.value, method)
        if received is None:
            return None
        kind = received.kind
        if kind in ("dbapi", "django_connection") and method in DBAPI_METHODS:
            found = received.driver or (DJANGO.name if kind == "django_connection" else None)
            style, dialect = PARAMSTYLES.get(found or "", (None, None))
            if method not in BINDS_ONE:
                style = None  # executemany binds rows; executescript takes no parameters
            return Sink(call, label, sql, style, "second" if method != "executescript" else "none", dialect,
                        driver=found)
        if kind == "schema_editor" and method == "execute":
            return Sink(call, label, sql, DJANGO_EXTRAS.paramstyle, "second", None, driver=DJANGO.name)
        if kind in ("sa_session", "sa_conn", "sa_engine") and method in SA.sinks:
            style = "named" if method != SA.driver_sql and not received.is_async else None
            return Sink(call, label, sql, style, "text-wrap", None, driver=SQLALCHEMY.name)
        if kind == "asyncpg_connection" and method in ASYNCPG_METHODS:
            style = ASYNCPG.paramstyle if method in ASYNCPG_BINDING else None
            return Sink(call, label, sql, style, "varargs", ASYNCPG.dialect, driver=ASYNCPG.top)
        if kind == PEEWEE_DATABASE and method == PEEWEE_EXTRAS.execute_sql:
            style, dialect = PARAMSTYLES.get(received.driver or "", (None, None))
            return Sink(call, label, sql, style, "second", dialect, driver=received.driver)
        if kind == "tortoise_connection" and method in TORTOISE_EXTRAS.sinks:
            return Sink(call, label, sql, None, "none", None)
        return None

    def _helper(self, call: cst.Call) -> Sink | None:
        """A call of a project function that runs one of its parameters as SQL."""
        if self.project is None:
            return None
        qualified = self._project_callee(call)
        fact = self.project.helper(qualified) if qualified else None
        if fact is None:
            return None
        sql = _argument(call, fact.position, fact.param)
        if sql is None:
            return None
        return Sink(call, _label(call), sql, fact.style if fact.params_param else None, "helper", fact.dialect,
                    statement=fact.statement, driver=fact.driver if fact.params_param else None,
                    via=f"{fact.sink} in {fact.function}", params_keyword=fact.params_param or "")

    def _raw(self, call: cst.Call, func: cst.Attribute, label: str, sql: cst.BaseExpression) -> Sink | None:
        """Django ``Model.objects.raw(sql, params)``; Peewee ``Model.raw(sql, *params)``; Tortoise ``Model.raw``."""
        base = func.value
        if isinstance(base, cst.Attribute) and base.attr.value in self._django_managers(base.value) \
                and (self.imports.imports_from(*DJANGO.packages) or _is_class_name(base.value)):
            return Sink(call, label, sql, DJANGO_EXTRAS.paramstyle, "second", None, driver=DJANGO.name)
        orm = self._model_orm(base)
        if orm is None and _is_class_name(base):  # a model imported from a module outside the project
            orm = next((o.name for o in (PEEWEE, TORTOISE) if self.imports.imports_from(o.name)), None)
        if orm == PEEWEE.name:
            found = self._peewee_driver()
            style, dialect = PARAMSTYLES.get(found or "", (None, None))
            return Sink(call, label, sql, style, "varargs", dialect, driver=found)
        if orm == TORTOISE.name:
            return Sink(call, label, sql, None, "none", None)
        if orm == DJANGO.name and isinstance(base, cst.Attribute):
            return Sink(call, label, sql, DJANGO_EXTRAS.paramstyle, "second", None, driver=DJANGO.name)
        return None

    def _by_file_driver(self, receiver: cst.BaseExpression, method: str) -> Receiver | None:
        """An unresolved connection or cursor (a parameter, ``self.cursor``) in a module that uses
        exactly one database driver: asyncpg's query methods, or a DB-API ``execute``."""
        if isinstance(receiver, cst.Attribute) and not (
                isinstance(receiver.value, cst.Name) and receiver.value.value == "self"):
            return None
        if not isinstance(receiver, (cst.Name, cst.Attribute)):
            return None
        if self.imports.imports_from(ASYNCPG.module) and method in ASYNCPG_METHODS:
            return Receiver("asyncpg_connection", ASYNCPG.top)
        if self.file_driver not in (None, DJANGO.name) and method in DBAPI_METHODS:
            return Receiver("dbapi", self.file_driver)
        return None

    def _django_managers(self, model: cst.BaseExpression) -> set[str]:
        managers = set(DJANGO.managers)
        fact = self._model_fact(model)
        if fact is not None:
            managers.update(fact.managers)
        return managers

    def _model_fact(self, expr: cst.BaseExpression):
        name = dotted_name(expr)
        if name is None or self.models is None:
            return None
        ref = self.imports.qualify_dotted(name) or f"{self.module_name}.{name}"
        return self.models.model(ref)

    def _model_orm(self, expr: cst.BaseExpression) -> str | None:
        fact = self._model_fact(expr)
        return self.models.orm_of(fact) if fact is not None else None

    def _peewee_driver(self) -> str | None:
        found = {PEEWEE_EXTRAS.driver(t.rsplit(".", 1)[-1]) for t in self.imports.aliases.values()
                 if t.split(".")[0] in PEEWEE.packages and PEEWEE_EXTRAS.driver(t.rsplit(".", 1)[-1])}
        return found.pop() if len(found) == 1 else None

    def extra_sql(self, call: cst.Call) -> list[cst.BaseExpression]:
        """The SQL pieces of Django ``QuerySet.extra(where=[...], select={...})`` on a manager or queryset."""
        func = call.func
        if not (isinstance(func, cst.Attribute) and func.attr.value == DJANGO_EXTRAS.extra_method):
            return []
        if not self.imports.imports_from(*DJANGO.packages):
            return []
        node = func.value
        while isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute):
            node = node.func.value
        if not (isinstance(node, cst.Name) or isinstance(node, cst.Attribute)
                and node.attr.value in self._django_managers(node.value)):
            return []
        pieces: list[cst.BaseExpression] = []
        for arg in call.args:
            keyword = arg.keyword.value if arg.keyword is not None else None
            if keyword == "where" and isinstance(arg.value, (cst.List, cst.Tuple)):
                pieces.extend(e.value for e in arg.value.elements if not isinstance(e, cst.StarredElement))
            elif keyword == "select" and isinstance(arg.value, cst.Dict):
                pieces.extend(e.value for e in arg.value.elements if isinstance(e, cst.DictElement))
        return pieces


def _self_assignment(node: cst.CSTNode, attr: str) -> tuple[cst.BaseExpression | None, cst.BaseExpression | None]:
    """(value, annotation) of ``self.<attr> = value`` / ``self.<attr>: T = value``; (None, None) otherwise."""
    if isinstance(node, cst.Assign):
        for target in node.targets:
            if _is_self_attr(target.target, attr):
                return node.value, None
    if isinstance(node, cst.AnnAssign) and _is_self_attr(node.target, attr):
        return node.value, node.annotation.annotation
    return None, None


def _is_self_attr(target: cst.BaseExpression, attr: str) -> bool:
    return isinstance(target, cst.Attribute) and target.attr.value == attr and isinstance(target.value, cst.Name) \
        and target.value.value in ("self", "cls")


def sql_argument(call: cst.Call) -> cst.BaseExpression | None:
    """The SQL argument: the first positional argument, or ``sql=``/``query=``/``statement=``."""
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value in SQL_KEYWORDS:
            return arg.value
    first = call.args[0] if call.args else None
    if first is None or first.star or first.keyword is not None:
        return None
    return first.value


def _argument(call: cst.Call, position: int, keyword: str) -> cst.BaseExpression | None:
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == keyword:
            return arg.value
    positional = [a for a in call.args if a.keyword is None]
    if any(a.star for a in positional[: position + 1]) or position < 0:
        return None
    return positional[position].value if len(positional) > position else None


def _is_class_name(expr: cst.BaseExpression) -> bool:
    """``Product`` in ``Product.objects.raw(...)``: Django's manager on a model class."""
    name = dotted_name(expr) or ""
    last = name.rsplit(".", 1)[-1]
    return last[:1].isupper() and not last.isupper()


def _label(call: cst.Call) -> str:
    text = cst.Module([]).code_for_node(call.func)
    text = " ".join(text.split())
    if len(text) > 48:
        text = "…" + text[-47:]
    return f"{text}()"
