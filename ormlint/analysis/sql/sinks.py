"""Calls that execute SQL, recognised by what their receiver is, and how each takes parameters.

A receiver is resolved through imports (``django.db.connection``), calls of known
constructors (``sqlite3.connect``, ``create_engine``, ``sessionmaker()()``,
``asyncpg.create_pool``, ``SqliteDatabase``), ``.cursor()``/``.connect()``/``.acquire()``
chains, local assignments and ``with ... as`` in the same function, module-level
assignments, and parameter annotations (``session: Session``, ``conn: asyncpg.Connection``).
A method name alone never makes a sink.
"""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst

from ormlint.analysis.sql.flow import FunctionFlow
from ormlint.syntax.names import dotted_name, is_from

# paramstyle per DB-API driver module, and the sqlglot dialect it implies
DRIVERS = {
    "sqlite3": ("qmark", "sqlite"),
    "psycopg2": ("format", "postgres"),
    "psycopg": ("format", "postgres"),
    "pymysql": ("format", "mysql"),
    "MySQLdb": ("format", "mysql"),
    "mysql": ("format", "mysql"),
    "pg8000": ("format", "postgres"),
    "django": ("format", None),
    "asyncpg": ("numeric_dollar", "postgres"),
}
PEEWEE_DATABASES = {
    "SqliteDatabase": "sqlite3", "SqliteExtDatabase": "sqlite3", "CSqliteExtDatabase": "sqlite3",
    "APSWDatabase": "sqlite3", "PostgresqlDatabase": "psycopg2", "PostgresqlExtDatabase": "psycopg2",
    "PooledPostgresqlDatabase": "psycopg2", "PooledPostgresqlExtDatabase": "psycopg2",
    "CockroachDatabase": "psycopg2", "MySQLDatabase": "pymysql", "PooledMySQLDatabase": "pymysql",
    "PooledSqliteDatabase": "sqlite3", "SqliteQueueDatabase": "sqlite3",
}
LIBRARIES = frozenset({"sqlalchemy", "sqlmodel", "flask_sqlalchemy", "django", "peewee", "tortoise", "pony",
                       "sqlite3", "psycopg", "psycopg2", "pymysql", "MySQLdb", "asyncpg", "pandas", "redis"})
DBAPI_METHODS = frozenset({"execute", "executemany", "executescript"})
SA_METHODS = frozenset({"execute", "exec_driver_sql", "scalar", "scalars"})
ASYNCPG_METHODS = frozenset({"execute", "executemany", "fetch", "fetchrow", "fetchval", "cursor", "prepare"})
TORTOISE_METHODS = frozenset({"execute_query", "execute_query_dict", "execute_script", "execute_insert",
                              "execute_many"})
SA_SESSION_TYPES = ("Session", "AsyncSession", "scoped_session", "async_scoped_session")
SA_CONNECTION_TYPES = ("Connection", "AsyncConnection")
SA_ENGINE_TYPES = ("Engine", "AsyncEngine")


@dataclass(frozen=True)
class Receiver:
    kind: str  # dbapi | django | flask_db | sa_engine | sa_conn | sa_session | sa_factory | asyncpg | peewee | tortoise | schema_editor
    driver: str | None = None  # DB-API driver module when known


@dataclass(frozen=True)
class Sink:
    """A call that executes (or holds) SQL, and how to pass parameters to it."""

    call: cst.Call
    label: str  # "cursor.execute()"
    sql: cst.BaseExpression  # the SQL argument
    style: str | None  # qmark | format | named | numeric_dollar | None (unknown: no fix)
    params: str  # where parameters go: "second" | "varargs" | "bindparams" | "text-wrap" | "none"
    dialect: str | None = None
    statement: bool = True  # a full statement (False: an expression such as RawSQL or extra(where=))


class SinkResolver:
    """Finds sinks among calls of one function."""

    def __init__(self, rule_ctx, flow: FunctionFlow, module_flow: FunctionFlow | None, extra_sinks: frozenset[str]):
        self.ctx = rule_ctx
        self.imports = rule_ctx.imports
        self.flow = flow
        self.module_flow = module_flow
        self.extra_sinks = extra_sinks
        self.file_driver = self._file_driver()

    def _file_driver(self) -> str | None:
        drivers = {t.split(".")[0] for t in self.imports.aliases.values()} & set(DRIVERS)
        drivers.discard("asyncpg")
        if "django" in drivers and len(drivers) > 1:
            drivers.discard("django")
        return next(iter(drivers)) if len(drivers) == 1 else None

    # -- receivers -------------------------------------------------------------------
    def receiver(self, expr: cst.BaseExpression, order: int, depth: int = 0) -> Receiver | None:
        if depth > 6:
            return None
        if isinstance(expr, cst.Await):
            return self.receiver(expr.expression, order, depth + 1)
        if isinstance(expr, cst.Name):
            return self._name(expr.value, order, depth)
        if isinstance(expr, cst.Attribute):
            qualified = self.imports.qualify(expr)
            if qualified in ("django.db.connection", "django.db.transaction.connection"):
                return Receiver("django", "django")
            base = self.receiver(expr.value, order, depth + 1)
            if base is not None and base.kind == "schema_editor" and expr.attr.value == "connection":
                return Receiver("django", "django")
            if base is not None and base.kind == "sa_session" and expr.attr.value == "bind":
                return Receiver("sa_engine")
            if base is not None and base.kind == "flask_db":
                return Receiver({"session": "sa_session", "engine": "sa_engine"}.get(expr.attr.value, "")) \
                    if expr.attr.value in ("session", "engine") else None
            return None
        if isinstance(expr, cst.Subscript):
            if self.imports.qualify(expr.value) == "django.db.connections":
                return Receiver("django", "django")
            return None
        if isinstance(expr, cst.Call):
            return self._call(expr, order, depth)
        return None

    def _name(self, name: str, order: int, depth: int) -> Receiver | None:
        qualified = self.imports.qualify_dotted(name)
        bindings = self.flow.reaching(name, order)
        if bindings:
            binding = bindings[-1]
            if binding.kind == "param":
                return self._annotated(binding.annotation, name)
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
        if qualified in ("django.db.connection", "django.db.transaction.connection"):
            return Receiver("django", "django")
        if name == "db" and qualified and qualified.split(".")[0] not in LIBRARIES \
                and self.imports.imports_from("sqlalchemy", "flask_sqlalchemy", "flask", "sqlmodel"):
            return Receiver("flask_db")  # the Flask-SQLAlchemy extension object of the project
        return None

    def _annotated(self, annotation: cst.BaseExpression | None, name: str) -> Receiver | None:
        """A parameter's receiver from its annotation; an unannotated (or ``Any``) DB-API
        ``cursor`` or Django ``schema_editor`` parameter by its conventional name."""
        typed = self._annotation(annotation) if annotation is not None else None
        if typed is not None:
            return typed
        if annotation is not None and (self.imports.qualify(annotation) or dotted_name(annotation)) not in (
                "typing.Any", "Any", "object"):
            return None
        if name == "schema_editor" and self.imports.imports_from("django"):
            return Receiver("schema_editor", "django")
        if name in ("cursor", "cur"):
            return Receiver("dbapi", self.file_driver)
        return None

    def _annotation(self, annotation: cst.BaseExpression) -> Receiver | None:
        if isinstance(annotation, cst.Subscript):  # Optional[Session], Annotated[Session, Depends()]
            annotation = annotation.slice[0].slice.value if isinstance(annotation.slice[0].slice, cst.Index) else None
        elif isinstance(annotation, cst.BinaryOperation):  # Session | None
            annotation = annotation.left
        elif isinstance(annotation, cst.SimpleString):
            text = (annotation.evaluated_value or "") if isinstance(annotation.evaluated_value, str) else ""
            annotation = cst.parse_expression(text) if text.replace(".", "").isidentifier() else None
        qualified = self.imports.qualify(annotation) or ""
        if is_from(qualified, "sqlalchemy", *SA_SESSION_TYPES) or is_from(qualified, "sqlmodel", *SA_SESSION_TYPES):
            return Receiver("sa_session")
        if is_from(qualified, "sqlalchemy", *SA_CONNECTION_TYPES):
            return Receiver("sa_conn")
        if is_from(qualified, "sqlalchemy", *SA_ENGINE_TYPES):
            return Receiver("sa_engine")
        if is_from(qualified, "asyncpg", "Connection", "Pool", "PoolConnectionProxy"):
            return Receiver("asyncpg", "asyncpg")
        for driver in ("sqlite3", "psycopg2", "psycopg", "pymysql", "MySQLdb"):
            if is_from(qualified, driver, "Connection", "Cursor", "connection", "cursor", "AsyncConnection",
                       "AsyncCursor", "CursorWrapper"):
                return Receiver("dbapi", driver)
        if is_from(qualified, "django.db", "CursorWrapper", "BaseDatabaseWrapper"):
            return Receiver("dbapi", "django")
        if is_from(qualified, "django.db", "BaseDatabaseSchemaEditor"):
            return Receiver("schema_editor", "django")
        return None

    def _call(self, call: cst.Call, order: int, depth: int) -> Receiver | None:
        qualified = self.imports.qualify(call.func) or ""
        if qualified:
            top = qualified.split(".")[0]
            last = qualified.rsplit(".", 1)[-1]
            if top in ("sqlite3", "psycopg2", "psycopg", "pymysql", "MySQLdb", "pg8000") and last == "connect":
                return Receiver("dbapi", top)
            if qualified.startswith("mysql.connector") and last == "connect":
                return Receiver("dbapi", "mysql")
            if top == "asyncpg" and last in ("connect", "create_pool"):
                return Receiver("asyncpg", "asyncpg")
            if qualified.startswith("flask_sqlalchemy") and last == "SQLAlchemy":
                return Receiver("flask_db")
            if top in ("sqlalchemy", "sqlmodel", "flask_sqlalchemy"):
                if last in ("create_engine", "create_async_engine", "engine_from_config"):
                    return Receiver("sa_engine")
                if last in SA_SESSION_TYPES:
                    return Receiver("sa_session")
                if last in ("sessionmaker", "async_sessionmaker"):
                    return Receiver("sa_factory")
            if top in ("peewee", "playhouse") and last in PEEWEE_DATABASES:
                return Receiver("peewee", PEEWEE_DATABASES[last])
            if top == "tortoise" and (last in ("in_transaction", "get_connection")
                                      or qualified.endswith("connections.get")):
                return Receiver("tortoise")
            if qualified in ("django.db.transaction.get_connection",):
                return Receiver("django", "django")
        func = call.func
        if isinstance(func, cst.Attribute):
            method = func.attr.value
            if method == "get" and self.imports.qualify(func.value) in ("tortoise.connections",
                                                                        "tortoise.Tortoise.connections"):
                return Receiver("tortoise")
            base = self.receiver(func.value, order, depth + 1)
            if method == "cursor":
                if base is not None and base.kind in ("dbapi", "django"):
                    return Receiver("dbapi", base.driver)
                if base is None or base.kind != "asyncpg":
                    return Receiver("dbapi", self.file_driver)
            if base is None:
                return None
            if base.kind == "sa_engine" and method in ("connect", "begin"):
                return Receiver("sa_conn")
            if base.kind == "sa_engine" and method == "raw_connection":
                return Receiver("dbapi", None)
            if base.kind == "sa_factory" and method == "begin":
                return Receiver("sa_session")
            if base.kind == "sa_session" and method == "connection":
                return Receiver("sa_conn")
            if base.kind == "asyncpg" and method == "acquire":
                return base
        elif isinstance(func, cst.Name) or isinstance(func, cst.Call):
            base = self.receiver(func, order, depth + 1)
            if base is not None and base.kind == "sa_factory":
                return Receiver("sa_session")
        return None

    # -- sinks -------------------------------------------------------------------------
    def sink(self, call: cst.Call, order: int) -> Sink | None:
        sql = sql_argument(call)
        if sql is None:
            return None
        label = _label(call)
        qualified = self.imports.qualify(call.func) or ""
        if qualified:
            if is_from(qualified, "sqlalchemy", "text") or is_from(qualified, "sqlmodel", "text"):
                return Sink(call, label, sql, "named", "bindparams", None, statement=False)
            if is_from(qualified, "django.db.models", "RawSQL"):
                return Sink(call, label, sql, "format", "second", None, statement=False)
            if is_from(qualified, "peewee", "SQL"):
                style, dialect = DRIVERS.get(self._peewee_driver() or "", (None, None))
                return Sink(call, label, sql, style, "second", dialect, statement=False)
            if is_from(qualified, "pandas", "read_sql", "read_sql_query"):
                con = _argument(call, 1, "con")
                received = self.receiver(con, order) if con is not None else None
                driver = received.driver if received is not None and received.kind == "dbapi" else None
                style = "qmark" if driver == "sqlite3" else None
                return Sink(call, label, sql, style, "params-keyword", DRIVERS.get(driver or "", (None, None))[1])
            if qualified == "alembic.op.execute":
                return Sink(call, label, sql, "named", "text-bindparams", None)
            if qualified in self.extra_sinks:
                return Sink(call, label, sql, None, "none", None)
        elif isinstance(call.func, cst.Name) and f"{self.ctx.module_name}.{call.func.value}" in self.extra_sinks:
            return Sink(call, label, sql, None, "none", None)
        func = call.func
        if not isinstance(func, cst.Attribute):
            return None
        method = func.attr.value
        if method == "raw":
            return self._raw(call, func, label, sql)
        if method == "extra":
            return None
        received = self.receiver(func.value, order) or self._by_file_driver(func.value, method)
        if received is None:
            return None
        kind = received.kind
        if kind == "dbapi" and method in DBAPI_METHODS or kind == "django" and method in DBAPI_METHODS:
            driver = received.driver or ("django" if kind == "django" else None)
            style, dialect = DRIVERS.get(driver or "", (None, None))
            if method != "execute":
                style = None  # executemany binds rows; executescript takes no parameters
            return Sink(call, label, sql, style, "second", dialect)
        if kind == "schema_editor" and method == "execute":
            return Sink(call, label, sql, "format", "second", None)
        if kind in ("sa_session", "sa_conn", "sa_engine") and method in SA_METHODS:
            style = "named" if method != "exec_driver_sql" else None
            return Sink(call, label, sql, style, "text-wrap", None)
        if kind == "asyncpg" and method in ASYNCPG_METHODS:
            style = "numeric_dollar" if method in ("execute", "fetch", "fetchrow", "fetchval") else None
            return Sink(call, label, sql, style, "varargs", "postgres")
        if kind == "peewee" and method == "execute_sql":
            style, dialect = DRIVERS.get(received.driver or "", (None, None))
            return Sink(call, label, sql, style, "second", dialect)
        if kind == "tortoise" and method in TORTOISE_METHODS:
            return Sink(call, label, sql, None, "none", None)
        return None

    def _raw(self, call: cst.Call, func: cst.Attribute, label: str, sql: cst.BaseExpression) -> Sink | None:
        """Django ``Model.objects.raw(sql, params)``; Peewee ``Model.raw(sql, *params)``; Tortoise ``Model.raw``."""
        base = func.value
        if isinstance(base, cst.Attribute) and base.attr.value in self._django_managers(base.value) \
                and (self.imports.imports_from("django") or _is_class_name(base.value)):
            return Sink(call, label, sql, "format", "second", None)
        orm = self._model_orm(base)
        if orm is None and _is_class_name(base):  # a model imported from a module outside the project
            orm = next((o for o in ("peewee", "tortoise") if self.imports.imports_from(o)), None)
        if orm == "peewee":
            style, dialect = DRIVERS.get(self._peewee_driver() or "", (None, None))
            return Sink(call, label, sql, style, "varargs", dialect)
        if orm == "tortoise":
            return Sink(call, label, sql, None, "none", None)
        if orm == "django" and isinstance(base, cst.Attribute):
            return Sink(call, label, sql, "format", "second", None)
        return None

    def _by_file_driver(self, receiver: cst.BaseExpression, method: str) -> Receiver | None:
        """An unresolved connection or cursor (a parameter, ``self.cursor``) in a module that uses
        exactly one database driver: asyncpg's query methods, or a DB-API ``execute``."""
        if isinstance(receiver, cst.Attribute) and not (
                isinstance(receiver.value, cst.Name) and receiver.value.value == "self"):
            return None
        if not isinstance(receiver, (cst.Name, cst.Attribute)):
            return None
        if self.imports.imports_from("asyncpg") and method in ASYNCPG_METHODS:
            return Receiver("asyncpg", "asyncpg")
        if self.file_driver not in (None, "django") and method in DBAPI_METHODS:
            return Receiver("dbapi", self.file_driver)
        return None

    def _django_managers(self, model: cst.BaseExpression) -> set[str]:
        managers = {"objects", "_default_manager", "_base_manager"}
        fact = self._model_fact(model)
        if fact is not None:
            managers.update(fact.managers)
        return managers

    def _model_fact(self, expr: cst.BaseExpression):
        name = dotted_name(expr)
        if name is None:
            return None
        ref = self.imports.qualify_dotted(name) or f"{self.ctx.module_name}.{name}"
        return self.ctx.index.models.model(ref)

    def _model_orm(self, expr: cst.BaseExpression) -> str | None:
        fact = self._model_fact(expr)
        return self.ctx.index.models.orm_of(fact) if fact is not None else None

    def _peewee_driver(self) -> str | None:
        found = {PEEWEE_DATABASES[t.rsplit(".", 1)[-1]] for t in self.imports.aliases.values()
                 if t.split(".")[0] in ("peewee", "playhouse") and t.rsplit(".", 1)[-1] in PEEWEE_DATABASES}
        return found.pop() if len(found) == 1 else None

    def extra_sql(self, call: cst.Call) -> list[cst.BaseExpression]:
        """The SQL pieces of Django ``QuerySet.extra(where=[...], select={...})`` on a manager or queryset."""
        func = call.func
        if not (isinstance(func, cst.Attribute) and func.attr.value == "extra"):
            return []
        if not self.imports.imports_from("django"):
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


def sql_argument(call: cst.Call) -> cst.BaseExpression | None:
    """The SQL argument: the first positional argument, or ``sql=``/``query=``/``statement=``."""
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value in ("sql", "query", "statement", "operation"):
            return arg.value
    first = call.args[0] if call.args else None
    if first is None or first.star or first.keyword is not None:
        return None
    return first.value


def _argument(call: cst.Call, position: int, keyword: str) -> cst.BaseExpression | None:
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == keyword:
            return arg.value
    positional = [a for a in call.args if a.keyword is None and not a.star]
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
