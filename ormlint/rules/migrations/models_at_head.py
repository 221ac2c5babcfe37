"""The project's models as they are now (at the head of the migrations), for the migration rules:
which model maps a table, which attribute maps a column, which table a Django model has."""

from __future__ import annotations

from functools import lru_cache
from pathlib import PurePosixPath

import libcst as cst

from ormlint.index.facts import ClassFact, FieldFact
from ormlint.index.migrations import MigrationRegistry
from ormlint.index.models import ModelRegistry
from ormlint.orms.django import DJANGO
from ormlint.orms.sqlalchemy import SA_FAMILY
from ormlint.orms.sqlmodel import SQLMODEL
from ormlint.syntax.literals import string_value
from ormlint.syntax.walk import descendants


def meta_value(fact: ClassFact, name: str) -> cst.BaseExpression | None:
    written = dict(fact.meta).get(name)
    try:
        return cst.parse_expression(written) if written else None
    except cst.ParserSyntaxError:
        return None


def _table_schema(fact: ClassFact) -> str | None:
    """``schema`` of ``__table_args__`` (a dict, or a tuple ending with one)."""
    args = meta_value(fact, "__table_args__")
    for node in descendants(args) if args is not None else ():
        if isinstance(node, cst.DictElement) and string_value(node.key) == "schema":
            return string_value(node.value)
    return None


@lru_cache(maxsize=4)
def models_by_table(models: ModelRegistry, migrations: MigrationRegistry) -> dict[tuple[str, str | None], list[ClassFact]]:
    """Concrete SQLAlchemy/SQLModel models of the application (not the frozen copies some
    migrations declare) by literal ``(__tablename__, schema)``."""
    tables: dict[tuple[str, str | None], list[ClassFact]] = {}
    for fact in models.models():
        if models.orm_of(fact) not in SA_FAMILY or not models.is_concrete(fact):
            continue
        if migrations.get(fact.path) is not None:
            continue
        name = string_value(meta_value(fact, "__tablename__")) or _sqlmodel_default_table(models, fact)
        if name:
            tables.setdefault((name, _table_schema(fact)), []).append(fact)
    return tables


def _sqlmodel_default_table(models: ModelRegistry, fact: ClassFact) -> str | None:
    """``customer`` for ``class Customer(SQLModel, table=True)``: SQLModel names the table after the class, in
    lower case, unless the class or a base of it declares ``__tablename__`` (a string or a ``declared_attr``)."""
    if models.orm_of(fact) != SQLMODEL.name or any(
            "__tablename__" in dict(cls.meta) or any(name == "__tablename__" for name, _ in cls.methods)
            for cls in models.ancestors(fact)):
        return None
    return fact.name.lower()


def field_of_column(models: ModelRegistry, model: ClassFact, column: str) -> tuple[str, FieldFact] | None:
    """``(attribute, field)`` of the model that maps ``column``: ``Column("db_name")`` may map it
    under another attribute name, and an attribute of that name may map another column."""
    for attribute, field in models.fields(model).items():
        if (field.column or attribute) == column:
            return attribute, field
    return None


@lru_cache(maxsize=4)
def _django_models(models: ModelRegistry) -> dict[str, list[ClassFact]]:
    """Concrete Django models by lower-case class name (how migrations name them)."""
    found: dict[str, list[ClassFact]] = {}
    for fact in models.models():
        if models.orm_of(fact) == DJANGO.name and models.is_concrete(fact):
            found.setdefault(fact.name.lower(), []).append(fact)
    return found


def app_folder(migration_path: str) -> PurePosixPath:
    """The Django app a migration belongs to: the folder holding its migrations folder."""
    return PurePosixPath(migration_path).parent.parent


def django_model(models: ModelRegistry, migration_path: str, model_key: str) -> ClassFact | None:
    """The app's model a migration names (``model_name="order"``): same app folder, same name."""
    app = f"{app_folder(migration_path)}/"
    return next((m for m in _django_models(models).get(model_key, []) if m.path.startswith(app)), None)


def django_table(models: ModelRegistry, migration_path: str, model_key: str) -> str:
    """The table of the app's model: its ``Meta.db_table``, else Django's ``<app_label>_<model>``."""
    model = django_model(models, migration_path, model_key)
    return django_db_table(model) if model is not None else f"{app_folder(migration_path).name}_{model_key}"


def django_db_table(model: ClassFact) -> str:
    """The table of a Django model: its ``Meta.db_table``, else ``<app_label>_<model>`` (the app label
    from ``Meta.app_label`` or the package holding ``models.py`` / the ``models`` package)."""
    table = string_value(meta_value(model, "db_table"))
    if table:
        return table
    folder = PurePosixPath(model.path).parent
    if folder.name == "models":
        folder = folder.parent
    label = string_value(meta_value(model, "app_label")) or folder.name
    return f"{label}_{model.name.lower()}"


def django_model_of_table(models: ModelRegistry, table: str) -> ClassFact | None:
    """The concrete Django model stored in ``table`` (one only: two models claiming it stay unknown)."""
    found = [m for facts in _django_models(models).values() for m in facts if django_db_table(m) == table]
    return found[0] if len(found) == 1 else None
