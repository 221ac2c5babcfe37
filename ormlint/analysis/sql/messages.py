"""How the raw-SQL rules name a hole, its origin, the hazard and the fix in the driver's own terms."""

from __future__ import annotations

import re

import libcst as cst

from ormlint.analysis.sql.templates import Hole
from ormlint.index.sql_sinks import Sink
from ormlint.orms.dbapi import driver
from ormlint.orms.django import DJANGO, DJANGO_EXTRAS
from ormlint.orms.sqlalchemy import SA, SQLALCHEMY

_PLACEHOLDER = {"qmark": "?", "format": "%s", "named": ":name", "numeric_dollar": "$1"}
_POSTGRES = "postgres"  # the sqlglot dialect of PostgreSQL drivers


def code_of(expr: cst.BaseExpression, module: cst.Module, limit: int = 40) -> str:
    code = " ".join(module.code_for_node(expr).split())
    return code if len(code) <= limit else code[: limit - 1] + "…"


def holes_text(holes: list[Hole], module: cst.Module) -> str:
    """"`term` (parameter `term` of `search`) and `city` (request data)": each hole once, with its origin."""
    named: dict[str, str] = {}
    for hole in holes:
        code = code_of(hole.expr, module)
        source = hole.origin.source
        named.setdefault(code, f"`{code}`" + (f" ({source})" if source and source != f"parameter `{code}`" else ""))
    items = list(named.values())
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def run_by(sink: Sink) -> str:
    """"`cursor.execute()`", or "`fetch_all()` (which runs it with cursor.execute() in core.db.fetch_all)"."""
    if sink.via:
        return f"`{sink.label}` (which runs it with `{sink.via.split(' in ', 1)[0]}` in `{sink.via.split(' in ', 1)[1]}`)"
    return f"`{sink.label}`"


# A parameter named in pyformat (``%(environment)s``): a statement that has one takes no positional ``%s``.
_PYFORMAT_NAMED = re.compile(r"%\(\w+\)s")


def bind_advice(sink: Sink, count: int, sql: str = "") -> str:
    """How to pass the values as parameters of this sink, in its driver's paramstyle (``sql``: the statement's
    literal text, whose named ``%(name)s`` parameters the new ones must join)."""
    them = "them" if count > 1 else "it"
    placeholder = _PLACEHOLDER.get(sink.style or "")
    if placeholder is None:
        return f"pass {them} as bound parameters of the driver instead"
    if sink.style == "format" and _PYFORMAT_NAMED.search(sql):
        return (f"write `%(name)s` (the statement names its parameters: `%s` cannot join them) and add {them} "
                f"to the mapping of parameters it is run with")
    if sink.params == "bindparams" or sink.params in ("text-wrap", "text-bindparams"):
        return f"write `{placeholder}` in `text()` and bind {them} with `.bindparams(name=...)`"
    if sink.params == "varargs":
        return f"write `{placeholder}` and pass {them} after the SQL"
    if sink.params == "helper":
        where = f"as `{sink.params_keyword}=`" if not sink.params_keyword.startswith("*") else "after the SQL"
        return f"write `{placeholder}` and pass {them} {where}"
    if sink.params == "params-keyword":
        return f"write `{placeholder}` and pass {them} as `params=`"
    return f"write `{placeholder}` and pass {them} in the parameters argument"


# PostgreSQL functions doing what a statement taking no parameters does, with the value bound.
_POSTGRES_BINDING = {"set": "`SELECT set_config('name', %s, false)` binds the value",
                     "notify": "`SELECT pg_notify('channel', %s)` binds the payload"}


def literal_advice(sink: Sink, count: int, statement: str = "") -> str:
    """A value where the statement (``statement``: its first keyword) takes no bound parameter (SET,
    NOTIFY, PRAGMA, KILL, DDL): a function binding it where PostgreSQL has one, else a conversion; SQLite's
    ATTACH binds its file name, though the rest of the statement takes no parameter."""
    them = "them" if count > 1 else "it"
    postgres = sink.dialect == _POSTGRES or driver(sink.driver) is not None and driver(sink.driver).dialect == _POSTGRES
    if postgres and statement in _POSTGRES_BINDING:
        return f"this statement takes no bound parameters: {_POSTGRES_BINDING[statement]} instead"
    if statement == "attach":  # SQLite's (and DuckDB's): the file name is an expression
        return f"ATTACH takes its file name as an expression: write `?` in place of the quoted name and pass {them} " \
               "as a parameter (`ATTACH DATABASE ? AS name`)"
    return f"this statement takes no bound parameters: convert {them} (`int()`) or check {them} against an allow-list"


def identifier_advice(sink: Sink) -> str:
    """How to make a table or column name safe, in the terms of this sink's driver or ORM."""
    if sink.driver == DJANGO.name:
        quoting = DJANGO_EXTRAS.quote_identifier
    elif sink.driver == SQLALCHEMY.name:
        quoting = SA.quote_identifier
    elif driver(sink.driver) is not None:
        quoting = driver(sink.driver).quote_identifier
    else:
        quoting = "the driver's identifier quoting"
    return f"identifiers cannot be bound: check it against an allow-list of known names or quote it with {quoting}"
