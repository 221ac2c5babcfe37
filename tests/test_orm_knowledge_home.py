"""What ormlint knows of each ORM lives in ``ormlint/orms/`` only.

Outside that package no module may name an ORM's or driver's package in a string literal
(``"django.db.models"``, ``"sqlalchemy"``, ``"tortoise"``), nor hold a table of ORM method
names (``frozenset({"filter", "exclude", "order_by"})``): rules and analyses ask the specs.
Docstrings and a rule's ``orms = (...)`` metadata are not knowledge; a short allow-list below
names the few literals that only look like ORM knowledge.
"""

from __future__ import annotations

import ast
import builtins
from dataclasses import fields, is_dataclass
from pathlib import Path

from ormlint.orms import ORMS, orm_packages
from ormlint.orms.dbapi import DRIVERS
from ormlint.orms.migration_ops import MIGRATIONS

PACKAGE = Path(__file__).resolve().parents[1] / "ormlint"
PACKAGES = orm_packages() | {d.top for d in DRIVERS} | {MIGRATIONS.alembic, MIGRATIONS.yoyo}

# (module, literal): why it is not ORM knowledge.
ALLOWED_LITERALS = {
    ("analysis/sql/holes.py", "mysql"): "a sqlglot dialect name, not the driver",
    ("engine/imports.py", "django"): "the name of an isort profile",
    ("rules/schema/hardcoded_db_credentials.py", "mysql"): "a database URL scheme",
    ("rules/schema/hardcoded_db_credentials.py", "psycopg"): "a database URL scheme (postgresql+psycopg://)",
    ("index/effects.py", "django.core.mail"): "Django's e-mail API, not its ORM",
    ("syntax/testcode.py", "django"): "a module of factory_boy (factory.django), not Django",
}
# (module, name of the table): why it is not an ORM method-name table.
ALLOWED_TABLES = {
    ("analysis/sql/check.py", "TRIGGERS"): "substrings of a text prefilter",
    ("analysis/sql/holes.py", "BINDING_STATEMENTS"): "SQL statement keywords, not ORM methods",
}


def _method_names() -> frozenset[str]:
    """Every method name the specs list for queries, writes and hooks (Python builtins aside)."""
    found: set[str] = set()

    def collect(value) -> None:
        if isinstance(value, str):
            if value.isidentifier():
                found.add(value)
        elif isinstance(value, (tuple, list, set, frozenset)):
            for item in value:
                collect(item)
        elif is_dataclass(value):
            for f in fields(value):
                if f.name not in ("style", "effect", "no_arguments", "path_separator", "receiver", "operation", "kind",
                                  "advice", "requery_advice", "bypass_advice", "package"):
                    collect(getattr(value, f.name))

    for spec in ORMS:
        collect((spec.query, spec.writes, spec.hooks.methods, spec.hooks.bulk, spec.hooks.queryset_methods))
    return frozenset(found) - set(dir(builtins))


METHODS = _method_names()


def _ignored_nodes(tree: ast.Module) -> set[int]:
    """Docstrings, and the ``orms = (...)`` metadata of rules."""
    ignored: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and body \
                and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
            ignored.add(id(body[0].value))
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "orms" for t in node.targets):
            ignored.update(id(n) for n in ast.walk(node.value))
    return ignored


def package_literals(source: str) -> list[str]:
    """String literals naming an ORM or driver package, or a dotted path in one."""
    tree = ast.parse(source)
    ignored = _ignored_nodes(tree)
    return [node.value for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in ignored
            and node.value.split(".")[0] in PACKAGES and all(p.isidentifier() for p in node.value.split("."))]


def method_tables(source: str) -> list[tuple[str, list[str]]]:
    """(name, ORM method names) of collection literals that are mostly ORM method names (three or more)."""
    tree = ast.parse(source)
    names: dict[int, str] = {}  # a collection assigned to a name (or wrapped: frozenset({...})) -> the name
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            names[id(node.value)] = node.targets[0].id
            if isinstance(node.value, ast.Call) and node.value.args:
                names[id(node.value.args[0])] = node.targets[0].id
    found = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Set, ast.Tuple, ast.List)):
            elements = node.elts
        elif isinstance(node, ast.Dict):
            elements = [k for k in node.keys if k is not None]
        else:
            continue
        words = [e.value for e in elements if isinstance(e, ast.Constant) and isinstance(e.value, str)
                 and e.value.isidentifier()]
        hits = [w for w in words if w in METHODS]
        if len(hits) >= 3 and 2 * len(hits) >= len(words):
            found.append((names.get(id(node), f"line {node.lineno}"), hits))
    return found


def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        if not relative.startswith("orms/"):
            yield relative, path.read_text()


def test_no_orm_package_literal_outside_orms():
    found = [(module, literal) for module, source in _modules() for literal in package_literals(source)
             if (module, literal) not in ALLOWED_LITERALS]
    assert found == [], "name ORM packages through ormlint.orms, not literals"


def test_no_orm_method_table_outside_orms():
    found = [(module, name, hits) for module, source in _modules() for name, hits in method_tables(source)
             if (module, name) not in ALLOWED_TABLES]
    assert found == [], "ask the ORM specs (ormlint.orms) instead of listing ORM methods"


def test_allow_lists_hold_only_what_is_still_there():
    literals = {(module, literal) for module, source in _modules() for literal in package_literals(source)}
    tables = {(module, name) for module, source in _modules() for name, _ in method_tables(source)}
    assert set(ALLOWED_LITERALS) <= literals
    assert set(ALLOWED_TABLES) <= tables


def test_the_checks_catch_what_they_are_for():
    django_table = 'DJANGO_CHAIN = frozenset({"all", "filter", "exclude", "order_by", "distinct"})\n'
    assert [name for name, _ in method_tables(django_table)] == ["DJANGO_CHAIN"]
    peewee_writes = 'WRITES = {"insert_many": "save", "bulk_update": "save", "delete_instance": "delete"}\n'
    assert method_tables(peewee_writes)
    assert package_literals('if is_from(qualified, "tortoise", "Model"): pass\n') == ["tortoise"]
    assert package_literals('ops = ("django.db.migrations", "x")\n') == ["django.db.migrations"]


def test_the_checks_leave_lookalikes_alone():
    http = 'HTTP_VERBS = ("get", "post", "put", "patch", "delete", "head", "options", "request", "stream")\n'
    builtin = 'NUMERIC = frozenset({"int", "float", "len", "count", "max", "min", "sum"})\n'
    assert method_tables(http) == [] and method_tables(builtin) == []
    documented = '"""Uses django and sqlalchemy."""\nclass R:\n    """See "tortoise"."""\n    orms = ("django", "pony")\n'
    assert package_literals(documented) == []
    assert package_literals('message = "run `manage.py migrate` first"\n') == []
