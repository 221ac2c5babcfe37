"""What ormlint knows of Alembic, Django migrations and yoyo: :data:`MIGRATIONS` names their
packages and operations; the functions below recognise operations and invert them.

Shared by the migration index and the migration rules. Recognition works on the CST and
the file's imports only (no database, no Django settings). Inversion builds new CST nodes
from the upgrade's own argument nodes; SQL is reversed with sqlglot for simple DDL only.
"""

from __future__ import annotations

import datetime
import logging
import re
from dataclasses import dataclass
from typing import Iterator, Sequence

import libcst as cst
import sqlglot
from sqlglot import exp

from ormlint.orms.spec import Names
from ormlint.syntax.literals import string_value
from ormlint.syntax.names import ImportTable, dotted_name, is_from, value_bound_once
from ormlint.syntax.walk import children, descendants

logging.getLogger("sqlglot").setLevel(logging.ERROR)  # fallbacks to "Command" only mean: not simple DDL


@dataclass(frozen=True)
class MigrationTools:
    """The migration tools: how their files and operations are named."""

    alembic: str  # MigrationFact.framework of an Alembic revision (and its package)
    django: str  # ... of a Django migration
    yoyo: str  # ... of a yoyo migration (and its package)
    alembic_op: str  # the operations module: op.add_column(...)
    alembic_context: Names  # env.py's context: a module importing it runs once per command
    django_migration: Names  # class Migration(migrations.Migration)
    django_operation_packages: tuple[str, ...]
    django_field_packages: tuple[str, ...]  # field classes AddField/CreateModel name
    yoyo_step: Names
    postgres_modules: tuple[str, ...]  # importing these says the project runs on PostgreSQL
    dialect_package: str  # sqlalchemy.dialects: importing its sqlite/mysql/... module says which database
    adding_operations: tuple[str, ...]  # operations that add a column or a table
    renaming_operations: tuple[str, ...]
    removing_tables: tuple[str, ...]  # operations after which a table (Django: a model) of that name is gone
    no_column_fields: frozenset[str]  # Django fields that add no column
    self_filling_fields: frozenset[str]  # Django fields whose column fills itself
    no_empty_string_fields: frozenset[str]  # empty_strings_allowed is False: blank=True gives no default
    generated_column_parts: tuple[str, ...]  # positional parts of a SQLAlchemy Column the database computes
    # Paths of the tools' own source trees, from a checkout's root. Alembic's is spelled out:
    # projects keep their environment (env.py, versions/) in a folder named alembic/ too.
    source_paths: tuple[str, ...]
    stamp: str = "stamp"  # Alembic command.stamp / Flask-Migrate stamp(): mark a new schema as at the head revision
    stamp_tools: tuple[str, ...] = ("alembic", "flask_migrate")  # the packages whose ``stamp`` that is


MIGRATIONS = MigrationTools(
    alembic="alembic",
    django="django",
    yoyo="yoyo",
    alembic_op="alembic.op",
    alembic_context=Names("alembic", ("context",)),
    django_migration=Names("django.db.migrations", ("Migration",)),
    django_operation_packages=("django.db.migrations", "django.contrib.postgres.operations"),
    django_field_packages=("django.db.models", "django.contrib.postgres.fields"),
    yoyo_step=Names("yoyo", ("step",)),
    postgres_modules=("sqlalchemy.dialects.postgresql", "django.contrib.postgres"),
    dialect_package="sqlalchemy.dialects",
    adding_operations=("add_column", "create_table", "AddField", "CreateModel"),
    renaming_operations=("alter_column", "RenameField"),
    removing_tables=("rename_table", "drop_table", "RenameModel", "DeleteModel"),
    no_column_fields=frozenset({"ManyToManyField", "GeneratedField"}),
    self_filling_fields=frozenset({"AutoField", "BigAutoField", "SmallAutoField"}),
    no_empty_string_fields=frozenset({
        "BooleanField", "NullBooleanField", "DateField", "DateTimeField", "TimeField", "DurationField",
        "DecimalField", "FloatField", "IntegerField", "BigIntegerField", "SmallIntegerField",
        "PositiveIntegerField", "PositiveSmallIntegerField", "PositiveBigIntegerField", "IPAddressField",
        "GenericIPAddressField", "UUIDField", "ForeignKey", "OneToOneField", "JSONField", "ArrayField", "HStoreField",
    }),
    generated_column_parts=("Computed", "Identity", "Sequence"),
    source_paths=(
        "yoyo/", "alembic/autogenerate/", "alembic/ddl/", "alembic/operations/", "alembic/runtime/",
        "alembic/script/", "alembic/templates/", "alembic/testing/", "alembic/util/", "alembic/command.py",
        "alembic/config.py", "alembic/context.py", "alembic/op.py", "alembic/environment.py",
        "alembic/migration.py",
    ),
)

# -- small CST helpers -----------------------------------------------------------------




def is_name(node: cst.CSTNode | None, *values: str) -> bool:
    return isinstance(node, cst.Name) and node.value in values


def has_star_args(call: cst.Call) -> bool:
    return any(arg.star for arg in call.args)


def bind_args(call: cst.Call, params: Sequence[str]) -> dict[str, cst.BaseExpression] | None:
    """Arguments by parameter name (positional ones named by ``params``); None with ``*``/``**``.

    Positional arguments beyond ``params`` (``create_table``'s columns) are left out:
    read them with :func:`positional_args`.
    """
    if has_star_args(call):
        return None
    bound: dict[str, cst.BaseExpression] = {}
    position = 0
    for arg in call.args:
        if arg.keyword is not None:
            bound[arg.keyword.value] = arg.value
        else:
            if position < len(params):
                bound[params[position]] = arg.value
            position += 1
    return bound


def positional_args(call: cst.Call) -> list[cst.BaseExpression]:
    return [arg.value for arg in call.args if arg.keyword is None and not arg.star]


def keyword(name: str, value: cst.BaseExpression) -> cst.Arg:
    no_space = cst.SimpleWhitespace("")
    return cst.Arg(value=value, keyword=cst.Name(name), equal=cst.AssignEqual(no_space, no_space))


def string_node(value: str) -> cst.SimpleString:
    """A string literal for ``value``, double-quoted when that needs no escaping."""
    if '"' not in value and "\\" not in value and "\n" not in value:
        return cst.SimpleString(f'"{value}"')
    return cst.SimpleString(repr(value))


def append_keyword(call: cst.Call, name: str, value: cst.BaseExpression) -> cst.Call:
    """``call`` with ``name=value`` added last, following the call's own layout."""
    new_arg = keyword(name, value)
    if not call.args:
        return call.with_changes(args=[new_arg])
    args = list(call.args)
    last = args[-1]
    if len(args) > 1 and isinstance(args[0].comma, cst.Comma):
        separator = args[0].comma
    elif isinstance(call.whitespace_before_args, cst.ParenthesizedWhitespace):
        separator = cst.Comma(whitespace_after=call.whitespace_before_args)
    else:
        separator = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
    new_arg = new_arg.with_changes(comma=last.comma, whitespace_after_arg=last.whitespace_after_arg)
    args[-1] = last.with_changes(comma=separator, whitespace_after_arg=cst.SimpleWhitespace(""))
    return call.with_changes(args=[*args, new_arg])


def replace_arg_value(call: cst.Call, arg: cst.Arg, value: cst.BaseExpression) -> cst.Call:
    return call.with_changes(args=[a.with_changes(value=value) if a is arg else a for a in call.args])


def find_arg(call: cst.Call, position: int, name: str) -> cst.Arg | None:
    """The argument given positionally at ``position`` or by keyword ``name``."""
    index = 0
    for arg in call.args:
        if arg.keyword is not None:
            if arg.keyword.value == name:
                return arg
        elif not arg.star:
            if index == position:
                return arg
            index += 1
    return None


# -- function bodies -------------------------------------------------------------------


def _small_statements(stmt: cst.CSTNode) -> Sequence[cst.CSTNode]:
    if isinstance(stmt, cst.SimpleStatementLine):
        return stmt.body
    return [stmt]


def _is_noop_small(small: cst.CSTNode) -> bool:
    if isinstance(small, cst.Pass):
        return True
    if isinstance(small, cst.Expr):
        return isinstance(small.value, (cst.SimpleString, cst.ConcatenatedString, cst.Ellipsis))
    return isinstance(small, cst.Return) and small.value is None


def is_noop_statement(stmt: cst.CSTNode) -> bool:
    """``pass``, a docstring or other bare string, ``...``, or a bare ``return``."""
    return all(_is_noop_small(s) for s in _small_statements(stmt))


def is_docstring_statement(stmt: cst.CSTNode) -> bool:
    return (
        isinstance(stmt, cst.SimpleStatementLine)
        and len(stmt.body) == 1
        and isinstance(stmt.body[0], cst.Expr)
        and isinstance(stmt.body[0].value, (cst.SimpleString, cst.ConcatenatedString))
    )


def is_empty_function(func: cst.FunctionDef) -> bool:
    return all(is_noop_statement(s) for s in func.body.body)


def is_guard(stmt: cst.CSTNode) -> bool:
    """``if <condition>: return`` without ``else``: it decides whether the rest runs, and changes nothing."""
    if not isinstance(stmt, cst.If) or stmt.orelse is not None:
        return False
    body = stmt.body.body
    return all(_is_noop_small(s) if isinstance(s, cst.BaseSmallStatement) else is_noop_statement(s) for s in body)


def does_nothing(func: cst.FunctionDef) -> bool:
    """The function changes nothing: only ``pass``, docstrings, ``...``, bare returns and guards."""
    return all(is_noop_statement(s) or is_guard(s) for s in func.body.body)


def only_raises(func: cst.FunctionDef) -> bool:
    """The body does nothing but raise (besides docstrings and ``pass``)."""
    smalls = [s for stmt in func.body.body for s in _small_statements(stmt) if not _is_noop_small(s)]
    return bool(smalls) and all(isinstance(s, cst.Raise) for s in smalls)


def module_functions(module: cst.Module) -> dict[str, cst.FunctionDef]:
    return {stmt.name.value: stmt for stmt in module.body if isinstance(stmt, cst.FunctionDef)}


def module_assignments(module: cst.Module) -> dict[str, cst.BaseExpression | None]:
    """Module-level ``name = value`` / ``name: T = value`` (value None for a bare annotation)."""
    found: dict[str, cst.BaseExpression | None] = {}
    for stmt in module.body:
        if not isinstance(stmt, cst.SimpleStatementLine):
            continue
        for small in stmt.body:
            if isinstance(small, cst.Assign):
                for target in small.targets:
                    if isinstance(target.target, cst.Name):
                        found[target.target.value] = small.value
            elif isinstance(small, cst.AnnAssign) and isinstance(small.target, cst.Name):
                found[small.target.value] = small.value
    return found


# -- Alembic ---------------------------------------------------------------------------


def is_alembic_revision(module: cst.Module) -> bool:
    """A module with module-level ``revision`` and ``down_revision`` and an ``upgrade()``."""
    assigned = module_assignments(module)
    return "revision" in assigned and "down_revision" in assigned and "upgrade" in module_functions(module)


def revision_ids(value: cst.BaseExpression | None) -> tuple[str, ...]:
    """Revision ids of a ``down_revision`` value: a string, a tuple/list of strings, or None."""
    text = string_value(value)
    if text is not None:
        return (text,)
    if isinstance(value, (cst.Tuple, cst.List)):
        return tuple(v for v in (string_value(e.value) for e in value.elements) if v is not None)
    return ()


# Positional parameters of alembic.op methods and of BatchOperations methods.
OP_PARAMS: dict[str, tuple[str, ...]] = {
    "add_column": ("table_name", "column"),
    "drop_column": ("table_name", "column_name"),
    "create_table": ("table_name",),
    "drop_table": ("table_name",),
    "create_index": ("index_name", "table_name", "columns"),
    "drop_index": ("index_name", "table_name"),
    "create_foreign_key": ("constraint_name", "source_table", "referent_table", "local_cols", "remote_cols"),
    "create_unique_constraint": ("constraint_name", "table_name", "columns"),
    "create_check_constraint": ("constraint_name", "table_name", "condition"),
    "create_primary_key": ("constraint_name", "table_name", "columns"),
    "drop_constraint": ("constraint_name", "table_name", "type_"),
    "rename_table": ("old_table_name", "new_table_name"),
    "alter_column": ("table_name", "column_name"),
    "execute": ("sqltext",),
    "batch_alter_table": ("table_name",),
}
BATCH_PARAMS: dict[str, tuple[str, ...]] = {
    "add_column": ("column",),
    "drop_column": ("column_name",),
    "create_index": ("index_name", "columns"),
    "drop_index": ("index_name",),
    "create_foreign_key": ("constraint_name", "referent_table", "local_cols", "remote_cols"),
    "create_unique_constraint": ("constraint_name", "columns"),
    "create_check_constraint": ("constraint_name", "condition"),
    "create_primary_key": ("constraint_name", "columns"),
    "drop_constraint": ("constraint_name", "type_"),
    "alter_column": ("column_name",),
    "execute": ("sqltext",),
}


@dataclass
class OpCall:
    """One Alembic operation call: ``op.add_column(...)`` or ``batch_op.add_column(...)``."""

    call: cst.Call
    method: str
    args: dict[str, cst.BaseExpression]  # bound by OP_PARAMS / BATCH_PARAMS
    batch_args: dict[str, cst.BaseExpression] | None = None  # batch ops: the batch_alter_table's arguments
    in_autocommit: bool = False  # inside ``with op.get_context().autocommit_block():``
    under_database_test: bool = False  # inside ``if`` on the database in use (``bind.dialect.name == ...``)

    @property
    def table(self) -> cst.BaseExpression | None:
        if self.batch_args is not None:
            return self.batch_args.get("table_name")
        return self.args.get("table_name", self.args.get("source_table"))

    @property
    def schema(self) -> cst.BaseExpression | None:
        if self.batch_args is not None:
            return self.batch_args.get("schema")
        return self.args.get("schema", self.args.get("source_schema"))


def op_method(call: cst.Call, imports: ImportTable) -> str | None:
    """``add_column`` for ``op.add_column(...)`` when ``op`` is ``alembic.op``."""
    func = call.func
    if isinstance(func, cst.Attribute) and imports.qualify(func.value) == MIGRATIONS.alembic_op:
        return func.attr.value
    return None


def batch_table(with_node: cst.With, imports: ImportTable) -> tuple[str, dict[str, cst.BaseExpression]] | None:
    """``(as-name, arguments)`` of ``with op.batch_alter_table(t, ...) as name:``."""
    if len(with_node.items) != 1:
        return None
    item = with_node.items[0]
    call = item.item
    if not (isinstance(call, cst.Call) and op_method(call, imports) == "batch_alter_table"):
        return None
    if item.asname is None or not isinstance(item.asname.name, cst.Name):
        return None
    return item.asname.name.value, bind_args(call, OP_PARAMS["batch_alter_table"]) or {}


def is_autocommit_block(with_node: cst.With) -> bool:
    """``with op.get_context().autocommit_block():`` (any receiver: the call name is specific)."""
    return any(
        isinstance(item.item, cst.Call)
        and isinstance(item.item.func, cst.Attribute)
        and item.item.func.attr.value == "autocommit_block"
        for item in with_node.items
    )


def iter_op_calls(root: cst.CSTNode, imports: ImportTable) -> Iterator[OpCall]:
    """Every Alembic operation call under ``root``, batch operations included."""
    yield from _op_calls(root, imports, _Scope())


@dataclass(frozen=True)
class _Scope:
    batch: tuple[str, dict[str, cst.BaseExpression]] | None = None
    autocommit: bool = False
    database_test: bool = False


def _op_calls(node: cst.CSTNode, imports: ImportTable, scope: _Scope) -> Iterator[OpCall]:
    for child in children(node):
        inner = scope
        if isinstance(child, cst.With):
            inner = _Scope(batch_table(child, imports) or scope.batch, scope.autocommit or is_autocommit_block(child),
                           scope.database_test)
        elif isinstance(child, (cst.If, cst.Else)) and not scope.database_test and _tests_database_branch(node, child):
            inner = _Scope(scope.batch, scope.autocommit, True)
        elif isinstance(child, cst.Call):
            found = _op_call_of(child, imports, scope)
            if found is not None:
                yield found
        yield from _op_calls(child, imports, inner)


def _tests_database_branch(parent: cst.CSTNode, child: cst.CSTNode) -> bool:
    """``child`` is an ``if`` on the database, or the ``else`` of one."""
    if isinstance(child, cst.If):
        return tests_database(child.test)
    return isinstance(parent, cst.If) and tests_database(parent.test)


def _op_call_of(call: cst.Call, imports: ImportTable, scope: _Scope) -> OpCall | None:
    method = op_method(call, imports)
    batch = None
    if method is None and scope.batch is not None:
        func = call.func
        if isinstance(func, cst.Attribute) and is_name(func.value, scope.batch[0]):
            method, batch = func.attr.value, scope.batch
    params = (BATCH_PARAMS if batch else OP_PARAMS).get(method or "")
    args = bind_args(call, params) if params is not None else None
    if args is None:
        return None
    return OpCall(call, method, args, batch[1] if batch else None, scope.autocommit, scope.database_test)


DIALECT_NAMES = {
    "postgresql": "postgresql", "postgres": "postgresql", "postgis": "postgresql", "psycopg": "postgresql",
    "sqlite": "sqlite", "sqlite3": "sqlite", "spatialite": "sqlite", "mysql": "mysql", "mariadb": "mysql",
    "oracle": "oracle", "mssql": "mssql", "sql_server": "mssql",
}


DATABASE_WORDS = ("postgres", "sqlite", "mysql", "mariadb", "oracle", "mssql")


def tests_database(test: cst.CSTNode) -> bool:
    """Whether a condition asks which database runs: ``bind.dialect.name == "sqlite"``,
    ``connection.vendor``, ``isinstance(bind.dialect, PGDialect)``, ``is_postgres()``."""
    for current in [test, *descendants(test)]:
        if isinstance(current, cst.Attribute) and current.attr.value in ("dialect", "vendor"):
            return True
        if isinstance(current, cst.Name) and "dialect" in current.value.lower():
            return True
        if isinstance(current, cst.Call):
            called = (dotted_name(current.func) or "").rsplit(".", 1)[-1].lower()
            if any(word in called for word in DATABASE_WORDS):
                return True
        if isinstance(current, cst.Comparison):
            sides = [current.left, *(c.comparator for c in current.comparisons)]
            if any((string_value(side) or "").lower() in DIALECT_NAMES for side in sides):
                return True
    return False


def column_call(node: cst.BaseExpression | None, imports: ImportTable) -> cst.Call | None:
    """A ``sa.Column(...)`` call (SQLAlchemy Column) given to add_column/create_table."""
    if isinstance(node, cst.Call) and is_from(imports.qualify(node.func), "sqlalchemy", "Column"):
        return node
    return None


def column_name(column: cst.Call) -> str | None:
    args = positional_args(column)
    return string_value(args[0]) if args else None


def column_keyword(column: cst.Call, name: str) -> cst.BaseExpression | None:
    for arg in column.args:
        if arg.keyword is not None and arg.keyword.value == name:
            return arg.value
    return None


# -- inverting an upgrade --------------------------------------------------------------


class NotInvertible(Exception):
    """An upgrade statement without a known inverse; ``str()`` names it."""


# alter_column's changes and the argument that tells each one's state before the change.
ALTER_STATE = {
    "nullable": "existing_nullable",
    "type_": "existing_type",
    "server_default": "existing_server_default",
    "comment": "existing_comment",
}
ALTER_PASSTHROUGH = ("schema",)


def _op_call(receiver: cst.BaseExpression, method: str, args: list[cst.Arg]) -> cst.Call:
    return cst.Call(func=cst.Attribute(value=receiver, attr=cst.Name(method)), args=args)


def _describe(module: cst.Module, node: cst.CSTNode) -> str:
    text = " ".join(module.code_for_node(node).split())
    return text if len(text) <= 80 else text[:77] + "..."


class UpgradeInverter:
    """Builds the statements of a ``downgrade()`` from an ``upgrade()`` body, or raises NotInvertible."""

    def __init__(self, module: cst.Module, imports: ImportTable, dialect: str | None = None) -> None:
        self.module = module
        self.imports = imports
        self.dialect = dialect

    def invert_body(self, statements: Sequence[cst.BaseStatement], batch: str | None = None) -> list[cst.BaseStatement]:
        inverted: list[cst.BaseStatement] = []
        for stmt in statements:
            if is_noop_statement(stmt):
                continue
            inverted[:0] = self._invert_statement(stmt, batch)
        return inverted

    def _invert_statement(self, stmt: cst.CSTNode, batch: str | None) -> list[cst.BaseStatement]:
        if isinstance(stmt, cst.BaseSmallStatement):  # from a one-line body: ``def upgrade(): op.f(...)``
            stmt = cst.SimpleStatementLine(body=[stmt])
        if isinstance(stmt, cst.With):
            inner_batch = batch_table(stmt, self.imports)
            if inner_batch is None and not is_autocommit_block(stmt):
                raise NotInvertible(_describe(self.module, stmt.items[0]))
            body = self.invert_body(stmt.body.body, inner_batch[0] if inner_batch else batch)
            if not body:
                return []
            block = cst.IndentedBlock(body=body)
            return [stmt.with_changes(body=block, leading_lines=())]
        if not isinstance(stmt, cst.SimpleStatementLine):
            raise NotInvertible(_describe(self.module, stmt))
        result: list[cst.BaseStatement] = []
        for small in stmt.body:
            if _is_noop_small(small):
                continue
            if not (isinstance(small, cst.Expr) and isinstance(small.value, cst.Call)):
                raise NotInvertible(_describe(self.module, small))
            calls = self._invert_call(small.value, batch)
            result[:0] = [cst.SimpleStatementLine(body=[cst.Expr(call)]) for call in calls]
        return result

    def _invert_call(self, call: cst.Call, batch: str | None) -> list[cst.Call]:
        func = call.func
        is_batch = batch is not None and isinstance(func, cst.Attribute) and is_name(func.value, batch)
        method = func.attr.value if is_batch else op_method(call, self.imports)
        params = BATCH_PARAMS if is_batch else OP_PARAMS
        if method is None or method not in params or method == "batch_alter_table":
            raise NotInvertible(_describe(self.module, call))
        args = bind_args(call, params[method])
        handler = getattr(self, f"_inv_{method}", None)
        inverse = handler(func.value, args, is_batch) if handler and args is not None else None
        if inverse is None:
            raise NotInvertible(_describe(self.module, call))
        return inverse

    @staticmethod
    def _schema(args: dict[str, cst.BaseExpression], name: str = "schema") -> list[cst.Arg]:
        return [keyword("schema", args[name])] if name in args else []

    def _inv_add_column(self, receiver, args, is_batch):
        column = column_call(args.get("column"), self.imports)
        name = column_name(column) if column else None
        if name is None or (not is_batch and "table_name" not in args):
            return None
        target = [] if is_batch else [cst.Arg(args["table_name"])]
        return [_op_call(receiver, "drop_column", [*target, cst.Arg(string_node(name)), *self._schema(args)])]

    def _inv_create_table(self, receiver, args, is_batch):
        if "table_name" not in args:
            return None
        return [_op_call(receiver, "drop_table", [cst.Arg(args["table_name"]), *self._schema(args)])]

    def _inv_create_index(self, receiver, args, is_batch):
        name = args.get("index_name")
        if name is None or is_name(name, "None") or (not is_batch and "table_name" not in args):
            return None
        extra = [keyword("table_name", args["table_name"])] if not is_batch else []
        if "postgresql_concurrently" in args:
            extra.append(keyword("postgresql_concurrently", args["postgresql_concurrently"]))
        return [_op_call(receiver, "drop_index", [cst.Arg(name), *extra, *self._schema(args)])]

    def _inv_constraint(self, receiver, args, is_batch, type_: str, table_param: str, schema_param: str):
        name = args.get("constraint_name")
        if name is None or is_name(name, "None") or (not is_batch and table_param not in args):
            return None
        target = [] if is_batch else [cst.Arg(args[table_param])]
        type_arg = keyword("type_", string_node(type_))
        return [_op_call(receiver, "drop_constraint", [cst.Arg(name), *target, type_arg, *self._schema(args, schema_param)])]

    def _inv_create_foreign_key(self, receiver, args, is_batch):
        return self._inv_constraint(receiver, args, is_batch, "foreignkey", "source_table", "source_schema")

    def _inv_create_unique_constraint(self, receiver, args, is_batch):
        return self._inv_constraint(receiver, args, is_batch, "unique", "table_name", "schema")

    def _inv_create_check_constraint(self, receiver, args, is_batch):
        return self._inv_constraint(receiver, args, is_batch, "check", "table_name", "schema")

    def _inv_create_primary_key(self, receiver, args, is_batch):
        return self._inv_constraint(receiver, args, is_batch, "primary", "table_name", "schema")

    def _inv_rename_table(self, receiver, args, is_batch):
        if "old_table_name" not in args or "new_table_name" not in args:
            return None
        renamed = [cst.Arg(args["new_table_name"]), cst.Arg(args["old_table_name"])]
        return [_op_call(receiver, "rename_table", [*renamed, *self._schema(args)])]

    def _inv_alter_column(self, receiver, args, is_batch):
        known = {"table_name", "column_name", "new_column_name", *ALTER_STATE, *ALTER_STATE.values(), *ALTER_PASSTHROUGH}
        if "column_name" not in args or (not is_batch and "table_name" not in args) or set(args) - known:
            return None
        changed = [name for name in ALTER_STATE if name in args]
        if any(ALTER_STATE[name] not in args for name in changed):
            return None  # the old state of a changed attribute is unknown
        if not changed and "new_column_name" not in args:
            return []
        new_args = [] if is_batch else [cst.Arg(args["table_name"])]
        if "new_column_name" in args:
            new_args += [cst.Arg(args["new_column_name"]), keyword("new_column_name", args["column_name"])]
        else:
            new_args.append(cst.Arg(args["column_name"]))
        new_args += [keyword(name, args[ALTER_STATE[name]]) for name in changed]
        for name, existing in ALTER_STATE.items():  # the state after the upgrade is the downgrade's "existing" one
            current = args.get(name, args.get(existing))
            if current is not None:
                new_args.append(keyword(existing, current))
        new_args += [keyword(name, args[name]) for name in ALTER_PASSTHROUGH if name in args]
        return [_op_call(receiver, "alter_column", new_args)]

    def _inv_execute(self, receiver, args, is_batch):
        sql = sql_text(args.get("sqltext"), self.imports)
        if sql is None or set(args) != {"sqltext"}:
            return None
        statements = reverse_sql(sql, self.dialect)
        if statements is None:
            return None
        return [_op_call(receiver, "execute", [cst.Arg(string_node(s))]) for s in statements]


# Operations that only read or write rows, or hand out the connection: no schema change to undo.
DATA_OPERATIONS = frozenset({"execute", "bulk_insert", "get_bind", "get_context", "inline_literal", "f",
                             "batch_alter_table", "invoke", "run_async", "implementation_for"})
_ADD_ENUM_VALUE = re.compile(r"^\s*ALTER\s+TYPE\s+\S+\s+ADD\s+VALUE\b", re.IGNORECASE)


def changes_schema(func: cst.FunctionDef, module: cst.Module, imports: ImportTable,
                   _seen: frozenset[str] = frozenset()) -> bool:
    """Whether an Alembic ``upgrade()`` changes the schema in a way a ``downgrade()`` can undo:
    any operation but the data ones (``op.execute`` of DML, ``bulk_insert``, ``get_bind()``...),
    or ``op.execute`` of DDL, also in a function of the revision's module it calls (``_add_audit_columns(t)``).
    PostgreSQL cannot drop an enum value, so ``ALTER TYPE ... ADD
    VALUE`` has no inverse to write; SQL that cannot be read (built at run time) counts as data."""
    helpers = {s.name.value: s for s in module.body if isinstance(s, cst.FunctionDef)}
    for call in (n for n in descendants(func) if isinstance(n, cst.Call)):
        callee = helpers.get(call.func.value) if isinstance(call.func, cst.Name) else None
        if callee is not None and callee.name.value not in _seen | {func.name.value} \
                and changes_schema(callee, module, imports, _seen | {func.name.value}):
            return True
        method = op_method(call, imports)
        if method is not None and method not in DATA_OPERATIONS:
            return True
    for found in iter_op_calls(func, imports):
        if found.batch_args is not None and found.method not in DATA_OPERATIONS:
            return True
        if found.method == "execute":
            sql = sql_text(value_bound_once(found.args.get("sqltext"), func, module), imports)
            if sql is not None and sql_changes_schema(sql):
                return True
    return False


def sql_changes_schema(sql: str) -> bool:
    """Whether SQL holds a statement that changes the schema (not a query or a row change)."""
    if _ADD_ENUM_VALUE.match(sql):
        return False
    statements = parse_sql(sql, "postgres")
    if statements is None:
        return not any(word in sql.upper().split()[:1] for word in ("INSERT", "UPDATE", "DELETE", "SELECT", "WITH"))
    data = (exp.Insert, exp.Update, exp.Delete, exp.Select, exp.Merge, exp.Union)
    return any(not isinstance(statement, data) and not _ADD_ENUM_VALUE.match(statement.sql()) for statement in statements)


def sql_text(node: cst.BaseExpression | None, imports: ImportTable) -> str | None:
    """SQL of a string literal or of ``sa.text("...")``."""
    if isinstance(node, cst.Call) and is_from(imports.qualify(node.func), "sqlalchemy", "text"):
        args = positional_args(node)
        return string_value(args[0]) if len(node.args) == 1 and args else None
    return string_value(node)


# -- SQL ---------------------------------------------------------------------------------


def parse_sql(sql: str, dialect: str | None = None) -> list[exp.Expression] | None:
    try:
        statements = [s for s in sqlglot.parse(sql, read=dialect) if s is not None]
    except (sqlglot.errors.SqlglotError, ValueError, RecursionError):
        return None
    return statements or None


def reverse_sql(sql: str, dialect: str | None = None) -> list[str] | None:
    """Statements undoing ``sql`` (last first), when every statement is simple DDL:
    CREATE INDEX → DROP INDEX, ALTER TABLE … ADD COLUMN → DROP COLUMN, CREATE TABLE → DROP TABLE."""
    statements = parse_sql(sql, dialect)
    if statements is None:
        return None
    reversed_statements = []
    for statement in reversed(statements):
        inverse = _reverse_statement(statement)
        if inverse is None:
            return None
        reversed_statements.append(inverse.sql(dialect=dialect))
    return reversed_statements


def _reverse_statement(statement: exp.Expression) -> exp.Expression | None:
    if isinstance(statement, exp.Create) and not statement.args.get("replace"):
        kind = (statement.args.get("kind") or "").upper()
        exists = bool(statement.args.get("exists"))
        target = statement.this
        if kind == "INDEX" and isinstance(target, exp.Index) and target.this is not None:
            table = target.args.get("table")
            schema = table.args.get("db") if isinstance(table, exp.Table) else None
            index = exp.Table(this=target.this.copy(), db=schema.copy() if schema else None)
            return exp.Drop(tables=[index], kind="INDEX", exists=exists)
        if kind == "TABLE" and statement.args.get("expression") is None:
            table = target.this if isinstance(target, exp.Schema) else target
            if isinstance(table, exp.Table):
                return exp.Drop(tables=[table.copy()], kind="TABLE", exists=exists)
        return None
    if isinstance(statement, exp.Alter) and (statement.args.get("kind") or "").upper() == "TABLE":
        actions = statement.args.get("actions") or []
        if actions and all(isinstance(a, exp.ColumnDef) for a in actions):
            drops = [
                exp.Drop(tables=[exp.Column(this=a.this.copy())], kind="COLUMN", exists=bool(a.args.get("exists")))
                for a in reversed(actions)
            ]
            return exp.Alter(this=statement.this.copy(), kind="TABLE", actions=drops)
    return None


def is_create_index(statement: exp.Expression) -> bool:
    return isinstance(statement, exp.Create) and (statement.args.get("kind") or "").upper() == "INDEX"


# -- Django ----------------------------------------------------------------------------

def django_operation(call: cst.Call, imports: ImportTable) -> str | None:
    """``RunPython`` for ``migrations.RunPython(...)`` and the like (class name of the operation)."""
    qualified = imports.qualify(call.func)
    for package in MIGRATIONS.django_operation_packages:
        if is_from(qualified, package):
            name = qualified.rsplit(".", 1)[-1]
            return name if name[:1].isupper() else None
    return None


def django_migration_class(module: cst.Module, imports: ImportTable) -> cst.ClassDef | None:
    """The module's Django migration: a class deriving from ``migrations.Migration``, or the class Django's
    loader reads by name, ``Migration``, deriving from a base of the project's own
    (``class Migration(ActivityStreamDisabledMigration)``) in a module that uses ``django.db.migrations``."""
    classes = [stmt for stmt in module.body if isinstance(stmt, cst.ClassDef)]
    for stmt in classes:
        if any(MIGRATIONS.django_migration.matches(imports.qualify(base.value)) for base in stmt.bases):
            return stmt
    if not imports.imports_from(MIGRATIONS.django_migration.package):
        return None
    return next((c for c in classes if c.name.value == "Migration" and c.bases), None)


def class_attributes(cls: cst.ClassDef) -> dict[str, cst.BaseExpression]:
    found: dict[str, cst.BaseExpression] = {}
    for stmt in cls.body.body:
        if isinstance(stmt, cst.SimpleStatementLine):
            for small in stmt.body:
                if isinstance(small, cst.Assign):
                    for target in small.targets:
                        if isinstance(target.target, cst.Name):
                            found[target.target.value] = small.value
                elif isinstance(small, cst.AnnAssign) and isinstance(small.target, cst.Name) and small.value:
                    found[small.target.value] = small.value
    return found


# Positional parameters of the Django operations the rules read.
DJANGO_PARAMS: dict[str, tuple[str, ...]] = {
    "AddField": ("model_name", "name", "field", "preserve_default"),
    "RemoveField": ("model_name", "name"),
    "AlterField": ("model_name", "name", "field", "preserve_default"),
    "RenameField": ("model_name", "old_name", "new_name"),
    "CreateModel": ("name", "fields"),
    "DeleteModel": ("name",),
    "RenameModel": ("old_name", "new_name"),
    "AlterModelTable": ("name", "table"),
    "AddIndex": ("model_name", "index"),
    "AddIndexConcurrently": ("model_name", "index"),
    "RemoveIndexConcurrently": ("model_name", "name"),
    "RunPython": ("code", "reverse_code"),
    "RunSQL": ("sql", "reverse_sql"),
    "SeparateDatabaseAndState": ("database_operations", "state_operations"),
}


def iter_django_operations(
    container: cst.BaseExpression | None, imports: ImportTable, scope: str = "both"
) -> Iterator[tuple[cst.Call, str, dict[str, cst.BaseExpression], str]]:
    """``(call, operation, bound arguments, scope)`` for each operation of a literal list, with
    ``SeparateDatabaseAndState`` flattened (scope ``database`` or ``state``)."""
    if not isinstance(container, (cst.List, cst.Tuple)):
        return
    for element in container.elements:
        call = element.value
        name = django_operation(call, imports) if isinstance(call, cst.Call) else None
        if name is None:
            continue
        args = bind_args(call, DJANGO_PARAMS.get(name, ())) or {}
        if name == "SeparateDatabaseAndState":
            yield from iter_django_operations(args.get("database_operations"), imports, "database")
            yield from iter_django_operations(args.get("state_operations"), imports, "state")
        else:
            yield call, name, args, scope


def django_operations(module: cst.Module, imports: ImportTable):
    """The operations of the module's ``Migration`` class (see :func:`iter_django_operations`)."""
    cls = django_migration_class(module, imports)
    return list(iter_django_operations(class_attributes(cls).get("operations"), imports)) if cls else []


def on_fresh_tables(attributes: dict[str, cst.BaseExpression]) -> bool:
    """A Django migration that only runs while its app's tables are new and empty:
    ``initial = True`` (a first install) or a squashed one (``replaces = [...]``, used only
    where none of the migrations it replaces ran)."""
    return is_name(attributes.get("initial"), "True") or "replaces" in attributes


def dependency_pairs(dependencies: cst.BaseExpression | None) -> list[tuple[str, str]]:
    """``(app_label, name)`` pairs of a Django ``dependencies`` (or ``replaces``) list, literal ones only."""
    pairs = []
    for element in dependencies.elements if isinstance(dependencies, (cst.List, cst.Tuple)) else ():
        pair = element.value
        if isinstance(pair, (cst.Tuple, cst.List)) and len(pair.elements) == 2:
            label, name = (string_value(e.value) for e in pair.elements)
            pairs.extend([(label, name)] if label and name else [])
    return pairs


def dependency_names(dependencies: cst.BaseExpression | None) -> list[str]:
    """Migration names of a Django ``dependencies`` list of ``(app_label, name)`` pairs."""
    return [name for _, name in dependency_pairs(dependencies)]


# Where migration tools write the date a migration was made: a file name that starts with it
# (2022_04_21_..., 2021-04-16_17-38_..., 20230810_1300_...), Django's ``0008_auto_20190606_1528``,
# Alembic's "Create Date: 2022-04-06 17:52:06" and Django's "# Generated by Django 4.2 on 2024-10-29".
_NAME_DATES = (
    re.compile(r"^(\d{4})[_-](\d{2})[_-](\d{2})(?:\D|$)"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})(?:[_-]|$)"),
    re.compile(r"_auto_(\d{4})(\d{2})(\d{2})_\d{4}"),
)
_TEXT_DATES = (
    re.compile(r"Create Date:\s*(\d{4})-(\d{2})-(\d{2})"),
    re.compile(r"Generated by Django \S+ on (\d{4})-(\d{2})-(\d{2})"),
)


def migration_date(stem: str, module: cst.Module) -> str:
    """``YYYY-MM-DD`` a migration says it was made (see the patterns above), or ``""``."""
    docstring = module.get_docstring(clean=False) or ""
    header = "\n".join(line.comment.value for line in module.header if line.comment is not None)
    found = [m for pattern in _NAME_DATES if (m := pattern.search(stem))]
    found += [m for pattern in _TEXT_DATES for text in (header, docstring) if (m := pattern.search(text))]
    for match in found:
        try:
            return datetime.date(*map(int, match.groups())).isoformat()
        except ValueError:  # 0001_2345... is a number, not a date
            continue
    return ""


def model_key(node: cst.BaseExpression | None) -> str | None:
    """A Django migration's model reference (``model_name="Order"``) as Django keys it: lower case."""
    name = string_value(node)
    return name.lower() if name else None


def created_tables(calls: Sequence[OpCall], imports: ImportTable) -> set[str]:
    """Tables an upgrade creates itself (``create_table`` or ``CREATE TABLE`` in ``op.execute``)."""
    tables: set[str] = set()
    for found in calls:
        if found.method == "create_table":
            name = string_value(found.args.get("table_name"))
            tables.update([name] if name else [])
        elif found.method == "execute":
            sql = sql_text(found.args.get("sqltext"), imports)
            tables |= created_tables_of_sql(sql) if sql else set()
    return tables


def created_tables_of_sql(sql: str) -> set[str]:
    """Tables (and materialized views, which take indexes too) the ``CREATE TABLE``/``CREATE [MATERIALIZED]
    VIEW`` statements of ``sql`` create."""
    tables = set()
    for statement in parse_sql(sql) or parse_sql(sql, "postgres") or []:  # REFRESH MATERIALIZED VIEW: PostgreSQL's
        if isinstance(statement, exp.Create) and (statement.args.get("kind") or "").upper() in ("TABLE", "VIEW"):
            table = statement.find(exp.Table)
            tables.update([table.name] if table is not None else [])
    return tables


def dropped_columns_of_sql(sql: str) -> list[tuple[str, str | None, str]]:
    """``(table, schema, column)`` of each column the ``ALTER TABLE ... DROP [COLUMN]`` statements of
    ``sql`` drop (names as written, unquoted)."""
    dropped = []
    for statement in parse_sql(sql) or []:
        table = statement.this if isinstance(statement, exp.Alter) else None
        if not isinstance(table, exp.Table) or (statement.args.get("kind") or "").upper() != "TABLE":
            continue
        for action in statement.args.get("actions") or []:
            if isinstance(action, exp.Drop) and (action.args.get("kind") or "").upper() == "COLUMN":
                dropped.extend((table.name, table.db or None, column.name)
                               for column in action.args.get("tables") or []
                               if isinstance(column, exp.Column))
    return dropped


def in_state_operations(ancestors: Sequence[cst.CSTNode], imports: ImportTable) -> bool:
    """Whether the innermost Django operation list around a node is ``state_operations``
    (operations there only change Django's model state: they never touch the database)."""
    for parent, child in zip(reversed(ancestors[:-1]), reversed(ancestors[1:])):
        if isinstance(parent, cst.Call) and django_operation(parent, imports) in ("SeparateDatabaseAndState", "RunSQL"):
            if not isinstance(child, cst.Arg):
                return False
            name = django_operation(parent, imports)
            if child.keyword is not None:
                return child.keyword.value == "state_operations"
            positional = [a for a in parent.args if a.keyword is None]
            return name == "SeparateDatabaseAndState" and len(positional) > 1 and positional[1] is child
    return False


def sql_literals(node: cst.BaseExpression | None) -> list[str] | None:
    """The SQL of a RunSQL/yoyo argument: a string, or a list/tuple of strings."""
    text = string_value(node)
    if text is not None:
        return [text]
    if isinstance(node, (cst.List, cst.Tuple)):
        values = [string_value(e.value) for e in node.elements]
        if values and all(v is not None for v in values):
            return values  # type: ignore[return-value]
    return None


def reverse_sql_literals(sql: list[str], dialect: str | None = None) -> list[str] | None:
    reversed_all: list[str] = []
    for text in reversed(sql):
        statements = reverse_sql(text, dialect)
        if statements is None:
            return None
        reversed_all.extend(statements)
    return reversed_all


def sql_node(statements: list[str], as_list: bool) -> cst.BaseExpression:
    if len(statements) == 1 and not as_list:
        return string_node(statements[0])
    return cst.List([cst.Element(string_node(s)) for s in statements])


# -- yoyo ------------------------------------------------------------------------------


def is_yoyo_step(call: cst.Call, imports: ImportTable) -> bool:
    return MIGRATIONS.yoyo_step.matches(imports.qualify(call.func))
