"""Migration files: Alembic revisions, Django migrations, yoyo steps; and the project's database.

Alembic revisions are recognised by their module-level ``revision``/``down_revision``
wherever they live; Django migrations by ``class Migration(migrations.Migration)``; yoyo
migrations by ``steps = [...]`` with ``yoyo`` imported. Settings files that name the
database (Django ``DATABASES`` engines, SQLAlchemy URLs) become facts of framework
``settings`` so that rules can tell a PostgreSQL project.
"""

from __future__ import annotations

import datetime
import posixpath
import re
from pathlib import PurePosixPath
from typing import Iterable

import libcst as cst

from ormlint.index.facts import MigrationFact, MigrationOp
from ormlint.orms.migration_ops import (
    DIALECT_NAMES,
    MIGRATIONS,
    class_attributes,
    column_call,
    column_name,
    dependency_pairs,
    django_migration_class,
    is_alembic_revision,
    is_yoyo_step,
    iter_django_operations,
    iter_op_calls,
    migration_date,
    model_key,
    module_assignments,
    module_functions,
    positional_args,
    revision_ids,
    string_value,
    tests_database,
)
from ormlint.orms.sqlalchemy import SA
from ormlint.syntax.names import ImportTable, dotted_name
from ormlint.syntax.walk import children, descendants

MAX_ARG_TEXT = 120
URL_SETTING_MARKERS = ("DATABASE_URI", "DATABASE_URL", "SQLALCHEMY_URL", "DB_URL")
# Django, Alembic and yoyo migrations; settings that name the database (DATABASES, database URLs,
# the URL an engine is created with) tell which database they run on.
HINTS = ("class ", "revision", "step(", "DATABASES", *URL_SETTING_MARKERS, *SA.engine_factories)


def extract_migration(path: str, module_name: str, module: cst.Module, imports: ImportTable) -> MigrationFact | None:
    if is_alembic_revision(module):
        return _alembic_fact(path, module, imports)
    migration_class = django_migration_class(module, imports)
    if migration_class is not None:
        return _django_fact(path, module, imports, migration_class)
    if "steps" in module_assignments(module) and imports.imports_from(MIGRATIONS.yoyo):
        return _yoyo_fact(path, module, imports)
    dialects = _settings_dialects(path, module)
    return MigrationFact("settings", path, dialects=dialects) if dialects else None


# -- Alembic ---------------------------------------------------------------------------


def _alembic_fact(path: str, module: cst.Module, imports: ImportTable) -> MigrationFact:
    assigned = module_assignments(module)
    functions = module_functions(module)
    ops: list[MigrationOp] = []
    for direction, name in (("up", "upgrade"), ("down", "downgrade")):
        if name not in functions:
            continue
        for found in iter_op_calls(functions[name], imports):
            args = found.args
            column = new_name = None
            columns: tuple[str, ...] = ()
            if found.method == "add_column":
                added = column_call(args.get("column"), imports)
                column = column_name(added) if added else None
            elif found.method in ("drop_column", "alter_column"):
                column = string_value(args.get("column_name"))
                new_name = string_value(args.get("new_column_name"))
            elif found.method == "rename_table":
                new_name = string_value(args.get("new_table_name"))
            elif found.method == "create_table":
                defined = (column_call(c, imports) for c in positional_args(found.call)[1:])
                columns = tuple(n for n in (column_name(c) for c in defined if c) if n)
            table = found.table if found.method != "rename_table" else args.get("old_table_name")
            keywords = _keywords(found.call)
            if found.in_autocommit:
                keywords += (("autocommit_block", "True"),)
            ops.append(MigrationOp(
                found.method, 0, direction, string_value(table), column, keywords, new_name, columns, order=len(ops),
            ))
    revision = string_value(assigned.get("revision"))
    dialects, branches = _file_dialects(module, imports)
    return MigrationFact(
        MIGRATIONS.alembic, path, revision, revision_ids(assigned.get("down_revision")), tuple(ops),
        dialects=dialects, branches_on_database=branches, created=migration_date(PurePosixPath(path).stem, module),
    )


# -- Django ----------------------------------------------------------------------------


def _django_fact(path: str, module: cst.Module, imports: ImportTable, cls: cst.ClassDef) -> MigrationFact:
    attributes = class_attributes(cls)
    ops: list[MigrationOp] = []
    _django_ops(attributes.get("operations"), imports, ops)
    atomic = not (isinstance(attributes.get("atomic"), cst.Name) and attributes["atomic"].value == "False")
    dialects, branches = _file_dialects(module, imports)
    return MigrationFact(
        MIGRATIONS.django, path, PurePosixPath(path).stem, (), tuple(ops),
        dialects=dialects, branches_on_database=branches, atomic=atomic,
        dependencies=tuple(dependency_pairs(attributes.get("dependencies"))),
        replaces=tuple(dependency_pairs(attributes.get("replaces"))),
        created=migration_date(PurePosixPath(path).stem, module),
    )


def _django_ops(container, imports: ImportTable, out: list[MigrationOp]) -> None:
    for call, name, args, scope in iter_django_operations(container, imports):
        named = args.get("old_name") if name == "RenameModel" else args.get("name") if name in MODEL_OPERATIONS else None
        model = model_key(args.get("model_name") or named)
        column = None if name in MODEL_OPERATIONS else string_value(args.get("name") or args.get("old_name"))
        columns: tuple[str, ...] = ()
        if name == "CreateModel" and isinstance(args.get("fields"), (cst.List, cst.Tuple)):
            pairs = (e.value for e in args["fields"].elements)
            columns = tuple(
                n for n in (string_value(p.elements[0].value) for p in pairs if isinstance(p, cst.Tuple) and p.elements) if n
            )
        out.append(MigrationOp(
            name, 0, "up", model, column, _keywords(call), string_value(args.get("new_name")), columns, scope,
            order=len(out),
        ))


MODEL_OPERATIONS = ("CreateModel", "DeleteModel", "RenameModel", "AlterModelTable", "AlterModelOptions")
_UNMANAGED = re.compile(r"""["']managed["']\s*:\s*False\b""")


# -- yoyo ------------------------------------------------------------------------------


def _yoyo_fact(path: str, module: cst.Module, imports: ImportTable) -> MigrationFact:
    assigned = module_assignments(module)
    steps = (node for node in descendants(module) if isinstance(node, cst.Call) and is_yoyo_step(node, imports))
    ops = tuple(MigrationOp("step", 0, order=i) for i, _ in enumerate(steps))
    depends = assigned.get("__depends__")
    down = ()
    if isinstance(depends, (cst.Set, cst.List, cst.Tuple)):
        down = tuple(v for v in (string_value(e.value) for e in depends.elements) if v)
    dialects, branches = _file_dialects(module, imports)
    return MigrationFact(
        MIGRATIONS.yoyo, path, PurePosixPath(path).stem, down, ops, dialects=dialects, branches_on_database=branches,
        created=migration_date(PurePosixPath(path).stem, module),
    )


def _keywords(call: cst.Call) -> tuple[tuple[str, str], ...]:
    """The call's short keyword arguments as source text (long ones, like field lists, are left out)."""
    pairs = ((a.keyword.value, cst.Module([]).code_for_node(a.value)) for a in call.args if a.keyword)
    return tuple((name, code) for name, code in pairs if len(code) <= MAX_ARG_TEXT)


# -- which database --------------------------------------------------------------------


def _file_dialects(module: cst.Module, imports: ImportTable) -> tuple[tuple[str, ...], bool]:
    """(the databases the file is written for, whether it branches on the database).

    Written for a database: it imports that database's SQLAlchemy dialect module (or
    PostgreSQL-only Django modules). ``postgresql_*`` options say PostgreSQL only when no
    other dialect is imported: autogenerate copies them into a SQLite environment's files too.
    """
    imported = set()
    for target in imports.aliases.values():
        if any(target == prefix or target.startswith(prefix + ".") for prefix in MIGRATIONS.postgres_modules):
            imported.add("postgresql")
        elif target.startswith(MIGRATIONS.dialect_package + "."):
            name = target[len(MIGRATIONS.dialect_package) + 1:].split(".", 1)[0]
            imported.add(DIALECT_NAMES.get(name, name))
    postgres = False
    branches = False
    stack = list(module.body)
    while stack:
        node = stack.pop()
        if isinstance(node, (cst.Import, cst.ImportFrom)):
            continue
        if isinstance(node, cst.Attribute) and node.attr.value in ("dialect", "vendor"):
            branches = True
        elif isinstance(node, (cst.If, cst.IfExp)) and tests_database(node.test):
            branches = True
        elif isinstance(node, cst.Arg) and node.keyword is not None and node.keyword.value.startswith("postgresql_"):
            postgres = True
        stack.extend(children(node))
    if postgres and not imported:
        imported.add("postgresql")
    return tuple(sorted(imported)), branches


def _settings_dialects(path: str, module: cst.Module) -> tuple[str, ...]:
    """Databases named by module-level ``DATABASES`` engines, database URL settings or the URL a
    module-level engine is created with."""
    if any(part.startswith("test") for part in PurePosixPath(path).parts):
        return ()
    found: set[str] = set()
    for name, value in module_assignments(module).items():
        if value is None:
            continue
        if name == "DATABASES":
            found.update(_engine_dialects(value))
        elif any(marker in name.upper() for marker in URL_SETTING_MARKERS) or _creates_engine(value):
            found.update(_url_dialects(value))
    return tuple(sorted(found))


def _creates_engine(value: cst.BaseExpression) -> bool:
    """``create_engine(url)``, ``create_async_engine(...)``: the URL the application connects with."""
    return isinstance(value, cst.Call) and (dotted_name(value.func) or "").rsplit(".", 1)[-1] in SA.engine_factories


def _engine_dialects(value: cst.BaseExpression) -> Iterable[str]:
    for node in descendants(value):
        if isinstance(node, cst.DictElement) and string_value(node.key) == "ENGINE":
            engine = string_value(node.value)
            if engine:
                last = engine.rsplit(".", 1)[-1].lower()
                yield next((d for key, d in DIALECT_NAMES.items() if last.startswith(key)), last)


def _url_dialects(value: cst.BaseExpression) -> Iterable[str]:
    for node in [value, *descendants(value)]:
        url = string_value(node)
        if url and "://" in url:
            scheme = url.split("://", 1)[0].split("+", 1)[0].lower()
            yield DIALECT_NAMES.get(scheme, scheme)


# -- the registry ----------------------------------------------------------------------

ADDING_OPS = MIGRATIONS.adding_operations
RENAMING_OPS = MIGRATIONS.renaming_operations
GONE_OPERATIONS = MIGRATIONS.removing_tables


_FORWARD_ONLY_EVIDENCE = 3  # earlier revisions without any downgrade that make a graph's policy forward-only


class MigrationRegistry:
    """Every migration of the project: revision graph, sequence per directory, database."""

    def __init__(self, migrations: list[MigrationFact]) -> None:
        self.settings = [m for m in migrations if m.framework == "settings"]
        self.migrations = [m for m in migrations if m.framework != "settings"]
        self.by_path = {m.path: m for m in self.migrations}
        self.project_dialects = frozenset(d for s in self.settings for d in s.dialects)
        self._children: dict[str, list[MigrationFact]] = {}
        self._by_revision: dict[str, MigrationFact] = {}
        self._sequences: dict[tuple[str, str], list[MigrationFact]] = {}
        self._heads: frozenset[str] | None = None
        by_directory: dict[str, list[MigrationFact]] = {}
        for fact in sorted(self.migrations, key=lambda m: m.path):
            by_directory.setdefault(_directory(fact), []).append(fact)
            if fact.framework == MIGRATIONS.alembic:
                if fact.revision:
                    self._by_revision[fact.revision] = fact
                for parent in fact.down_revision:
                    self._children.setdefault(parent, []).append(fact)
            else:
                self._sequences.setdefault((fact.framework, _directory(fact)), []).append(fact)
        # A migration directory is PostgreSQL's when some of its files are written for it, none
        # for another database, and none of them tests which database it runs on.
        self._postgres_directories = {
            directory for directory, facts in by_directory.items()
            if any("postgresql" in f.dialects for f in facts) and not any(f.branches_on_database for f in facts)
            and not any(set(f.dialects) - {"postgresql"} for f in facts)
        }

    def get(self, path: str) -> MigrationFact | None:
        return self.by_path.get(path)

    def is_head(self, fact: MigrationFact) -> bool:
        """Whether the migration is still at the tip of its graph, where it can change: an
        Alembic head (no revision names it as a ``down_revision``; merges and branches
        included), a Django leaf of its app (no migration of the app depends on it, directly
        or through a squashed migration, and no squashed one replaces it), or the last yoyo
        migration of its folder (none ``__depends__`` on it, none after it by name runs
        after it implicitly). A migration whose place in the graph cannot be read is a head.
        One written more than a year before the project's newest migration has shipped,
        tip or not (dates from file names, "Create Date:" and "Generated by Django" lines)."""
        if self._heads is None:
            self._heads = _heads(self.migrations, self._sequences)
        return fact.path in self._heads

    def forward_only(self, path: str) -> bool:
        """The Alembic graph ``path`` belongs to is forward-only by policy: at least three revisions before it
        (its down revisions, theirs, ...) change the database on upgrade and none of them has a downgrade
        that does anything."""
        fact = self.by_path.get(path)
        if fact is None or fact.framework != MIGRATIONS.alembic:
            return False
        changing = [m for m in self._earlier(fact) if any(op.direction == "up" for op in m.operations)]
        return len(changing) >= _FORWARD_ONLY_EVIDENCE and not any(
            op.direction == "down" for m in changing for op in m.operations)

    def is_django_helper(self, path: str) -> bool:
        """A module of a Django migrations folder that Django's loader never reads as a migration (its name
        starts with ``_`` or ``~``: ``_squashed_30.py``, ``_rbac.py``): it ships with the migrations that
        import it."""
        name = PurePosixPath(path).name
        return name[:1] in ("_", "~") and name != "__init__.py" \
            and (MIGRATIONS.django, str(PurePosixPath(path).parent)) in self._sequences

    def is_postgres(self, fact: MigrationFact | None) -> bool:
        """The migration is known to run on PostgreSQL (and on nothing else): it, or its
        directory, is written for it, or the project's settings name PostgreSQL only.
        A migration that tests which database it runs on is portable: never known; one written
        for another database, or kept in a folder named after one (``versions/sqlite/``), is not."""
        if fact is not None:
            if fact.branches_on_database or set(fact.dialects) - {"postgresql"} or _named_database(fact) not in (
                    None, "postgresql"):
                return False
            if "postgresql" in fact.dialects or _directory(fact) in self._postgres_directories:
                return True
        return self.project_dialects == {"postgresql"}

    def later(self, fact: MigrationFact) -> list[MigrationFact]:
        """Migrations applied after ``fact``: Alembic descendants, later files of a Django app/yoyo dir."""
        if fact.framework != MIGRATIONS.alembic:
            sequence = self._sequences.get((fact.framework, _directory(fact)), [])
            return [m for m in sequence if m.path > fact.path]
        found: dict[str, MigrationFact] = {}
        stack = [fact.revision] if fact.revision else []
        while stack:
            for child in self._children.get(stack.pop(), []):
                if child.path not in found and child.path != fact.path:
                    found[child.path] = child
                    if child.revision:
                        stack.append(child.revision)
        return list(found.values())

    def _earlier(self, fact: MigrationFact) -> list[MigrationFact]:
        """The Alembic revisions ``fact`` comes after: its down revisions, theirs, ... (``later``'s other way)."""
        found: dict[str, MigrationFact] = {}
        stack = list(fact.down_revision)
        while stack:
            parent = self._by_revision.get(stack.pop())
            if parent is not None and parent.path not in found and parent.path != fact.path:
                found[parent.path] = parent
                stack += parent.down_revision
        return list(found.values())

    def unmanaged_models(self, path: str) -> set[str]:
        """Models the Django migrations of the app, up to the one at ``path``, leave unmanaged
        (``options={"managed": False}`` on ``CreateModel``, or the latest ``AlterModelOptions``):
        Django runs no SQL for their operations (``allow_migrate_model`` is false)."""
        fact = self.get(path)
        if fact is None or fact.framework != MIGRATIONS.django:
            return set()
        managed: dict[str, bool] = {}
        for earlier in self._sequences.get((MIGRATIONS.django, _directory(fact)), []):
            for op in earlier.operations:
                if op.name in ("CreateModel", "AlterModelOptions") and op.table and op.scope != "database":
                    managed[op.table] = not _UNMANAGED.search(dict(op.args).get("options", ""))
            if earlier is fact:
                break
        return {model for model, is_managed in managed.items() if not is_managed}

    def first_install_models(self, path: str, dependencies: list[str]) -> set[str]:
        """Models created by the app's first migration when the Django migration at ``path`` is
        the app's second and depends on it: makemigrations splits a first install into 0001
        and 0002 around foreign keys, and both run on empty tables."""
        fact = self.get(path)
        sequence = self._sequences.get((MIGRATIONS.django, _directory(fact)), []) if fact else []
        if len(sequence) < 2 or sequence[1] is not fact or sequence[0].revision not in dependencies:
            return set()
        return {op.table for op in sequence[0].operations if op.name == "CreateModel" and op.table}

    def restored_later(self, fact: MigrationFact, table: str, column: str, after: int) -> bool:
        """Whether ``table.column`` exists again after the operation with order ``after`` removed it:
        added or renamed back later in the same migration or in a later one."""
        return any(_creates_column(op, table, column) for op in self._operations_after(fact, after))

    def gone_later(self, fact: MigrationFact, table: str, after: int) -> bool:
        """Whether the table (a Django migration: the model) is renamed away or dropped after the
        operation with order ``after``: a model of that name today is another one."""
        return any(
            op.name in GONE_OPERATIONS and op.direction == "up" and (op.table or "").lower() == table.lower()
            for op in self._operations_after(fact, after)
        )

    def _operations_after(self, fact: MigrationFact, after: int) -> list[MigrationOp]:
        """The operations after the one with order ``after``: in the same migration, then later ones."""
        found = [op for op in fact.operations if op.order > after]
        for later in self.later(fact):
            found.extend(later.operations)
        return found


def _directory(fact: MigrationFact) -> str:
    """The migration's folder (its path is a display path: POSIX, normalised)."""
    return posixpath.dirname(fact.path) or "."


def _named_database(fact: MigrationFact) -> str | None:
    """The database a folder of the migration's path is named after (``versions/sqlite/``), if any."""
    folders = PurePosixPath(fact.path).parent.parts
    return next((DIALECT_NAMES[f.lower()] for f in reversed(folders) if f.lower() in DIALECT_NAMES), None)


# A head or leaf written this long before the project's newest migration has shipped: the
# project has moved on (and released) since.
SHIPPED_AFTER = datetime.timedelta(days=365)


def _heads(migrations: list[MigrationFact], sequences: dict[tuple[str, str], list[MigrationFact]]) -> frozenset[str]:
    """Paths of the migrations at the tip of their graph (see ``MigrationRegistry.is_head``)."""
    alembic_parents = {parent for m in migrations if m.framework == MIGRATIONS.alembic for parent in m.down_revision}
    heads = {m.path for m in migrations if m.framework == MIGRATIONS.alembic and m.revision not in alembic_parents}
    for (framework, directory), sequence in sequences.items():
        if framework == MIGRATIONS.django:
            heads |= _django_leaves(directory, sequence)
        else:
            heads |= _yoyo_heads(sequence)
    dates = [m.created for m in migrations if m.created]
    if not dates:
        return frozenset(heads)
    cutoff = (datetime.date.fromisoformat(max(dates)) - SHIPPED_AFTER).isoformat()
    written = _written_by(migrations, sequences)
    return frozenset(path for path in heads if not written.get(path) or written[path] >= cutoff)


def _written_by(migrations: list[MigrationFact], sequences: dict[tuple[str, str], list[MigrationFact]]) -> dict[str, str]:
    """The date each migration was written by, when known: the date it gives, else (Django) the
    date of the first later migration of an app it depends on. ``makemigrations`` depends on
    the other app's leaf of the moment, so that app had not moved on yet."""
    by_label: dict[str, list[MigrationFact]] = {}
    for (framework, directory), sequence in sequences.items():
        if framework == MIGRATIONS.django:
            for label in _own_labels(directory, sequence, {m.revision for m in sequence}):
                by_label[label] = [] if label in by_label else sequence  # two folders: ambiguous
    written = {m.path: m.created for m in migrations if m.created}
    for migration in migrations:
        if migration.created or migration.framework != MIGRATIONS.django:
            continue
        bounds = []
        for label, name in migration.dependencies:
            sequence = by_label.get(label, [])
            names = [m.revision for m in sequence]
            if name in names and migration not in sequence:
                bounds += [m.created for m in sequence[names.index(name) + 1:] if m.created][:1]
        if bounds:
            written[migration.path] = min(bounds)
    return written


def _django_leaves(directory: str, sequence: list[MigrationFact]) -> set[str]:
    """Leaf migrations of one Django app (its migrations folder), as Django's loader sees them."""
    names = {m.revision for m in sequence}
    labels = _own_labels(directory, sequence, names)
    replaced = {name for m in sequence for label, name in m.replaces if label in labels}
    squashed_by = {name: m.revision for m in sequence for label, name in m.replaces if label in labels}
    parents: set[str | None] = set()
    for migration in (m for m in sequence if m.revision not in replaced):  # replaced ones shipped together
        for label, name in migration.dependencies:
            if label in labels and name != migration.revision:
                parents |= {name, squashed_by.get(name)}
    return {m.path for m in sequence if m.revision not in parents and m.revision not in replaced}


def _own_labels(directory: str, sequence: list[MigrationFact], names: set[str | None]) -> set[str]:
    """The app labels a folder's migrations use for each other: the app folder's name, and a
    label whose every dependency names a migration of this folder (an AppConfig ``label``)."""
    app_folder = PurePosixPath(directory).parent.name
    by_label: dict[str, set[str]] = {}
    for migration in sequence:
        for label, name in migration.dependencies:
            by_label.setdefault(label, set()).add(name)
    return {app_folder} | {label for label, named in by_label.items() if named <= names}


def _yoyo_heads(sequence: list[MigrationFact]) -> set[str]:
    """yoyo applies a folder in file name order unless ``__depends__`` says otherwise."""
    depended = {parent for m in sequence for parent in m.down_revision}
    heads = set()
    for position, migration in enumerate(sequence):  # sorted by path
        implicit_later = any(not later.down_revision for later in sequence[position + 1:])
        if migration.revision not in depended and not implicit_later:
            heads.add(migration.path)
    return heads


def _creates_column(op: MigrationOp, table: str, column: str) -> bool:
    if op.direction != "up" or op.scope == "state" or op.table is None or op.table.lower() != table.lower():
        return False
    if op.name in ("add_column", "AddField"):
        return op.column == column
    if op.name in ("create_table", "CreateModel"):
        return column in op.columns
    if op.name in RENAMING_OPS:
        return op.new_name == column
    return False
