"""What ormlint knows of SQLModel: SQLAlchemy underneath, with its own model base, fields and ``select``."""

from __future__ import annotations

from dataclasses import replace

from ormlint.orms.spec import Names, RelationField, StarExports
from ormlint.orms.sqlalchemy import SQLALCHEMY

SQLMODEL = replace(
    SQLALCHEMY,
    name="sqlmodel",
    packages=("sqlmodel",),
    star_exports=(StarExports("sqlmodel", frozenset({
        "SQLModel", "Field", "Relationship", "Session", "select", "create_engine", "text", "col", "Column",
        "Integer", "String", "Float", "Numeric", "DateTime", "Boolean", "ForeignKey", "MetaData", "Table",
        "func", "and_", "or_", "delete", "update", "insert",
    })),),
    model_bases=(Names("sqlmodel", ("SQLModel",)),),
    relations=replace(SQLALCHEMY.relations, fields=(RelationField("Relationship", "relationship", False),)),
    query=replace(SQLALCHEMY.query, functions=(Names("sqlmodel", ("select",)),)),
    # sessions, transactions, errors and metadata are SQLAlchemy's own: named there once
    schema_sync=(),
    transactions=(),
    errors=(),
)
TABLE_KEYWORD = "table"  # class Hero(SQLModel, table=True): a mapped table, not a schema
FIELD = "Field"  # sqlmodel.Field: a column declaration
