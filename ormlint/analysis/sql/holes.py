"""Where interpolated values land in a SQL string, and how to turn them into bound parameters.

A SQL template is a sequence of text pieces and hole numbers. :func:`classify` puts a
marker in every hole, parses the text with sqlglot (the driver's dialect first, then a
generic parse) and says for each hole whether it sits in a *value* position (a literal:
injection, and fixable with a bound parameter), an *identifier* position (table, column,
ORDER BY target) or a *fragment* (a whole predicate, clause or keyword). When the text does
not parse, a token heuristic classifies the holes, provided the text reads as SQL at all.
:func:`parameterize` rewrites value holes into the driver's paramstyle.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Sequence, Union

import sqlglot
from sqlglot import exp
from sqlglot.errors import SqlglotError

VALUE = "value"
IDENTIFIER = "identifier"
OPERAND = "operand"  # the clause of a bare function argument or arithmetic operand
FRAGMENT = "fragment"

Piece = Union[str, int]  # literal SQL text, or the number of a hole

STATEMENT_KEYWORDS = frozenset(
    """select insert update delete with create alter drop truncate replace merge upsert grant
    revoke vacuum analyze explain pragma set show call exec execute copy lock reindex refresh
    comment begin commit rollback declare do values cluster describe desc use attach detach
    savepoint release listen notify prepare deallocate fetch optimize kill load unlock discard
    reset table""".split()
)
CLAUSE_KEYWORDS = frozenset("from where join order group having limit offset into values union returning".split())

_MARKER = "ormlinthole{}x"
_MARKER_RE = re.compile(r"ormlinthole(\d+)x")
_WORD_RE = re.compile(r"[A-Za-z_]+")
_COMPARISONS = (exp.EQ, exp.NEQ, exp.GT, exp.GTE, exp.LT, exp.LTE, exp.Like, exp.ILike, exp.Is, exp.NullSafeEQ)
_ARITHMETIC = (exp.Add, exp.Sub, exp.Mul, exp.Div, exp.Mod, exp.DPipe, exp.Neg)
_WRAPPERS = (exp.Paren, exp.Cast, exp.TryCast)

logging.getLogger("sqlglot").setLevel(logging.ERROR)  # parse fallbacks are expected here

DIALECTS = ("postgres", "mysql", "sqlite", "tsql", "oracle")


@dataclass(frozen=True)
class Slot:
    """Where one hole lands: its kind, whether it is inside a quoted SQL literal, whether it is
    that literal's whole content (``'{name}'``), whether a bound parameter may stand there
    (values of DML statements: ``SELECT``, ``INSERT``, ``UPDATE``, ``DELETE``; not ``SET``,
    ``PRAGMA``, ``KILL`` or DDL), and the clause (``limit`` for LIMIT/OFFSET counts, ``operand``
    for a bare operand of a function or arithmetic, where a column name fits as well as a number)."""

    kind: str
    quoted: bool = False
    in_literal: bool = False
    bindable: bool = True
    clause: str = ""


def template_text(pieces: Sequence[Piece]) -> str:
    """The SQL with a marker in each hole."""
    return "".join(p if isinstance(p, str) else _MARKER.format(p) for p in pieces)


def reads_as_sql(pieces: Sequence[Piece]) -> bool:
    """The text starts with a statement keyword, or starts with a hole and names a SQL clause."""
    text = "".join(p if isinstance(p, str) else " " for p in pieces)
    words = [w.lower() for w in _WORD_RE.findall(_strip_comments(text))]
    if not words:
        return False
    first_piece = next((p for p in pieces if not (isinstance(p, str) and not p.strip())), None)
    if isinstance(first_piece, str) and _strip_comments(first_piece).lstrip(" \t\r\n(;").strip():
        return words[0] in STATEMENT_KEYWORDS
    return bool(CLAUSE_KEYWORDS.intersection(words) or words[0] in STATEMENT_KEYWORDS)


def _strip_comments(text: str) -> str:
    return re.sub(r"--[^\n]*|/\*.*?\*/", " ", text, flags=re.S)


def normalize_placeholders(text: str) -> str:
    """Driver placeholders sqlglot's generic parser does not read: ``%(name)s`` → ``:name``, ``%s`` → ``?``."""
    text = re.sub(r"%\((\w+)\)s", r":\1", text)
    return text.replace("%%", "%").replace("%s", "?")


def parse(text: str, dialect: str | None) -> list[exp.Expression] | None:
    """The statements of ``text``, read in ``dialect`` and then generically; None if neither parses."""
    for read in dict.fromkeys((dialect, None)):
        try:
            trees = [t for t in sqlglot.parse(normalize_placeholders(text), read=read) if t is not None]
        except (SqlglotError, RecursionError, ValueError, KeyError, AttributeError, TypeError):
            continue
        if trees:
            return trees
    return None


# Statements whose values a driver binds as parameters; elsewhere (SET, PRAGMA, KILL, DDL,
# utility statements) a server takes no parameter and a hole must be a validated literal.
BINDING_STATEMENTS = frozenset({"select", "with", "insert", "update", "delete", "values", "merge", "replace", "upsert"})
# Statements whose holes name something (a setting, a table, a channel) unless they follow ``=``/``TO``.
NAMING_STATEMENTS = frozenset({"pragma", "show", "describe", "desc", "use", "listen", "unlisten", "notify", "reset",
                               "analyze", "vacuum", "reindex", "cluster", "refresh", "truncate", "drop", "lock"})
# First keywords of statements that take no parameters, also when a fragment sink (``text()``)
# is handed one: ``text(f"SET x = {v}")`` runs a SET, not part of a query.
UTILITY_STATEMENTS = NAMING_STATEMENTS | {"set", "kill", "create", "alter", "grant", "revoke", "comment", "copy"}


def statement_kind(pieces: Sequence[Piece]) -> str:
    """The statement's first keyword, lowercased (``select``, ``set``, ``pragma``); "" if none."""
    text = _strip_comments("".join(p if isinstance(p, str) else " ormlinthole " for p in pieces))
    words = _WORD_RE.findall(text.lstrip(" \t\r\n(;"))
    return words[0].lower() if words else ""


def classify(pieces: Sequence[Piece], dialect: str | None, statement: bool = True) -> dict[int, Slot] | None:
    """Each hole's slot; None when the text is not SQL (a statement sink given prose).

    Holes inside statements sqlglot keeps as opaque commands (``CREATE FUNCTION ...``) are
    placed by the tokens around them. A value of a statement that takes no parameters (``SET``,
    ``PRAGMA``, DDL) is not bindable; a hole naming a setting, pragma, table or channel in
    such statements is an identifier.
    """
    holes = [p for p in pieces if isinstance(p, int)]
    if statement and not reads_as_sql(pieces):
        return None
    kind = statement_kind(pieces)
    if not statement and kind not in UTILITY_STATEMENTS:
        kind = "select"  # a fragment: its values are the enclosing query's
    slots: dict[int, Slot] = {}
    for tree in parse(template_text(pieces), dialect) or ():
        if isinstance(tree, exp.Command):
            continue
        for node in tree.walk():
            if isinstance(node, (exp.Identifier, exp.Literal, exp.Var)) and isinstance(node.this, str):
                for match in _MARKER_RE.finditer(node.this):
                    slots.setdefault(int(match.group(1)), _slot_of(node))
    for hole in holes:
        if hole not in slots:
            slots[hole] = _slot_by_tokens(pieces, hole)
    return {hole: _in_statement(slot, kind, pieces, hole) for hole, slot in slots.items()}


def _in_statement(slot: Slot, kind: str, pieces: Sequence[Piece], hole: int) -> Slot:
    """A slot adjusted to its statement: only DML binds values; utility statements name things."""
    if kind in BINDING_STATEMENTS:
        return slot
    after_equals = re.search(r"(=|\bto)\s*'?$", _text_before(pieces, hole), re.I) is not None
    if kind in NAMING_STATEMENTS and not slot.in_literal and not after_equals:
        return Slot(IDENTIFIER)
    if kind in ("set", "alter") and not slot.in_literal and _identifier_setting(_text_before(pieces, hole)):
        return Slot(IDENTIFIER)  # (ALTER DATABASE d) SET search_path TO {schemas}: names of schemas, not values
    if kind in ("grant", "revoke", "alter") and not slot.in_literal \
            and _PRIVILEGES_RE.search(_text_before(pieces, hole)):
        return Slot(IDENTIFIER)  # GRANT SELECT ON {table} TO {role}: privileges, objects and roles, never values
    if kind == "set" and slot.kind == VALUE or kind == "set" and after_equals:
        return Slot(VALUE, slot.quoted, slot.in_literal, bindable=False)
    return Slot(slot.kind, slot.quoted, slot.in_literal, bindable=False, clause=slot.clause)


# GRANT and REVOKE (also in ALTER DEFAULT PRIVILEGES) name privileges, objects and roles: no value
# outside a string literal.
_PRIVILEGES_RE = re.compile(r"^\s*(?:grant|revoke)\b|\bdefault\s+privileges\b", re.I)
# Settings whose value names things (schemas, a role), not data: PostgreSQL's search_path and role.
IDENTIFIER_SETTINGS = frozenset({"search_path", "role", "session_authorization"})
_SETTING_RE = re.compile(r"\bset\s+(?:(?:session|local)\s+)?(search_path|role|session\s+authorization)\b", re.I)


def _identifier_setting(before: str) -> bool:
    """Whether the text before a hole sets one of :data:`IDENTIFIER_SETTINGS` (also ``ALTER ... SET``)."""
    found = _SETTING_RE.search(before)
    return found is not None and re.sub(r"\s+", "_", found.group(1).lower()) in IDENTIFIER_SETTINGS


def _text_before(pieces: Sequence[Piece], hole: int) -> str:
    index = pieces.index(hole)
    return "".join(p if isinstance(p, str) else _MARKER.format(p) for p in pieces[:index])


def _slot_of(node: exp.Expression) -> Slot:
    if isinstance(node, exp.Literal):
        if node.is_string:
            return Slot(VALUE, quoted=bool(_MARKER_RE.fullmatch(node.this)), in_literal=True)
        return _slot_of_operand(node)
    if isinstance(node, exp.Var):
        return _slot_of_operand(node) if _MARKER_RE.fullmatch(node.this or "") else Slot(IDENTIFIER)
    if isinstance(node, exp.Identifier) and node.args.get("quoted"):
        return Slot(IDENTIFIER)
    if not _MARKER_RE.fullmatch(node.this or ""):
        return Slot(IDENTIFIER)  # glued into a longer name: tbl_{suffix}
    column = node.parent
    if not isinstance(column, exp.Column) or node.arg_key != "this" or column.args.get("table") is not None:
        return Slot(IDENTIFIER)  # table, schema, alias, qualifier, qualified column (t.{col})
    return _slot_of_operand(column)


def _slot_of_operand(node: exp.Expression) -> Slot:
    while isinstance(node.parent, _WRAPPERS):
        node = node.parent
    parent = node.parent
    key = node.arg_key
    if isinstance(parent, (exp.Connector, exp.Not, exp.Where, exp.Having)):
        return Slot(FRAGMENT)  # a whole predicate
    if isinstance(parent, _COMPARISONS):
        other = parent.expression if key == "this" else parent.this
        if key == "this" and not isinstance(other, exp.Column):
            return Slot(IDENTIFIER)
        return Slot(VALUE)
    if isinstance(parent, exp.In):
        return Slot(IDENTIFIER if key == "this" else VALUE)
    if isinstance(parent, exp.Between):
        return Slot(IDENTIFIER if key == "this" else VALUE)
    if isinstance(parent, (exp.Limit, exp.Offset, exp.Fetch)):
        return Slot(VALUE, clause="limit")
    if isinstance(parent, _ARITHMETIC + (exp.Tuple, exp.Func, exp.Interval)):
        if isinstance(parent, exp.Tuple) and not isinstance(parent.parent, exp.Values):
            return Slot(IDENTIFIER)  # INSERT INTO t (col, ...)
        if isinstance(parent, (exp.Count, exp.Max, exp.Min, exp.Sum, exp.Avg)):
            return Slot(IDENTIFIER)
        return Slot(VALUE, clause="" if isinstance(parent, exp.Tuple) else OPERAND)
    if isinstance(parent, (exp.Select, exp.Ordered, exp.Order, exp.Group, exp.Alias, exp.Distinct, exp.Schema)):
        return Slot(IDENTIFIER)
    return Slot(FRAGMENT)


_STATEMENT_PREFIX = re.compile(r"^\s*(explain(\s*\([^)]*\))?(\s+analyze)?(\s+verbose)?\s*)?$", re.I)


def holds_statement(pieces: Sequence[Piece], hole: int) -> bool:
    """The hole stands for a whole statement (``{sql} LIMIT 10``, ``EXPLAIN {statement}``):
    SQL composed from SQL, not a value pasted into it."""
    index = pieces.index(hole)
    before = "".join(p for p in pieces[:index] if isinstance(p, str))
    return not any(isinstance(p, int) for p in pieces[:index]) and bool(_STATEMENT_PREFIX.match(before))


_TOKEN_BEFORE = re.compile(r"([A-Za-z_]+|[=<>!(,+\-*/]+)\s*$")
_IDENTIFIER_AFTER = {"from", "join", "into", "update", "table", "by", "exists", "index", "on", "view", "schema", "column",
                     "function", "procedure", "trigger", "sequence", "type", "database", "role", "user", "constraint",
                     "extension"}
_OPERAND_AFTER = {"(", ",", "+", "-", "*", "/"}
# ``RENAME TO``, ``RENAME COLUMN a TO``, ``OWNER TO``: what follows ``TO`` is a new name, not a value.
_NAMED_BY_TO = re.compile(r"\b(rename|owner)(\s+(column|constraint)?\s*[\w\".]+)?\s+to\s*$", re.I)
_NAME_CHAR = re.compile(r"[A-Za-z_]")  # a letter or _ touching the hole: part of a name
_VALUE_AFTER = {"=", "<", ">", "<=", ">=", "!=", "<>", "limit", "offset", "like", "ilike", "(", ",", "+", "-", "*", "/",
                "kill", "to"}


def _slot_by_tokens(pieces: Sequence[Piece], hole: int) -> Slot:
    """Classify a hole the parser could not place, from the text around it."""
    index = pieces.index(hole)
    before = "".join(p if isinstance(p, str) else _MARKER.format(p) for p in pieces[:index])
    after = "".join(p if isinstance(p, str) else _MARKER.format(p) for p in pieces[index + 1:])
    if before.count("'") % 2 == 1:
        return Slot(VALUE, quoted=before.endswith("'") and after.startswith("'"), in_literal=True)
    if before.endswith('"') or before.endswith("`") or after.lstrip().startswith("("):
        return Slot(IDENTIFIER)  # a quoted name, or a function's: {pg_switch_wal}()
    match = _TOKEN_BEFORE.search(before)
    token = match.group(1).lower() if match else ""
    if token in _IDENTIFIER_AFTER or before.endswith(".") or after.startswith(".") or _NAMED_BY_TO.search(before):
        return Slot(IDENTIFIER)
    if _NAME_CHAR.match(before[-1:]) or _NAME_CHAR.match(after[:1]):
        return Slot(IDENTIFIER)  # glued into a longer name outside quotes: {prefix}_id_seq, tbl_{suffix}
    if token in _VALUE_AFTER and not re.match(r"\s*(=|<|>|!=|like\b|in\b|is\b)", after, re.I):
        return Slot(VALUE, clause="limit" if token in ("limit", "offset") else OPERAND if token in _OPERAND_AFTER else "")
    return Slot(FRAGMENT)


# -- rewriting value holes into bound parameters ------------------------------------------

_EXISTING = {
    "qmark": re.compile(r"\?"),
    "format": re.compile(r"%s"),
    "named": re.compile(r"(?<![:\w\\]):(\w+)(?!:)"),
    "numeric_dollar": re.compile(r"\$(\d+)"),
}


@dataclass(frozen=True)
class Rewrite:
    """The parameterised SQL pieces (hole numbers remain only for holes kept as they were)
    and, per rewritten hole in text order, its position among all positional parameters
    (``qmark``/``format``) or its parameter name (``named``/``numeric_dollar``: ``$n``)."""

    pieces: tuple[Piece, ...]
    params: tuple[tuple[int, str | int], ...]


def existing_placeholders(text: str, style: str) -> list[str]:
    return [m.group(0) for m in _EXISTING[style].finditer(_outside_quotes(text))]


def _outside_quotes(text: str) -> str:
    return re.sub(r"'(?:[^']|'')*'", "''", text)


def parameterize(pieces: Sequence[Piece], rewrite: set[int], style: str, quoted: set[int],
                 names: dict[int, str], escape_percent: bool) -> Rewrite | None:
    """Replace the holes in ``rewrite`` with placeholders of ``style``; None if quotes do not match.

    ``quoted`` holes lose the SQL quotes around them; ``names`` proposes parameter names for
    the named styles; ``escape_percent`` doubles literal ``%`` (``format`` style turning on
    parameters for the first time).
    """
    out: list[Piece] = [p for p in pieces]
    for i, piece in enumerate(out):
        if isinstance(piece, int) and piece in quoted and piece in rewrite:
            before, after = out[i - 1] if i else None, out[i + 1] if i + 1 < len(out) else None
            if not (isinstance(before, str) and before.endswith("'") and isinstance(after, str) and after.startswith("'")):
                return None
            out[i - 1], out[i + 1] = before[:-1], after[1:]
    if escape_percent:
        out = [p.replace("%", "%%") if isinstance(p, str) else p for p in out]
    plain = "".join(p for p in out if isinstance(p, str))
    taken = set(existing_placeholders(plain, style)) if style in ("named", "numeric_dollar") else set()
    params: list[tuple[int, str | int]] = []
    result: list[Piece] = []
    positional = 0
    next_number = max([int(t[1:]) for t in taken] or [0]) + 1 if style == "numeric_dollar" else 1
    for piece in out:
        if isinstance(piece, str):
            if style in ("qmark", "format"):
                positional += len(existing_placeholders(piece, style))
            result.append(piece)
        elif piece not in rewrite:
            result.append(piece)
        elif style in ("qmark", "format"):
            params.append((piece, positional))
            positional += 1
            result.append("?" if style == "qmark" else "%s")
        elif style == "numeric_dollar":
            params.append((piece, next_number))
            result.append(f"${next_number}")
            next_number += 1
        else:
            name = _fresh_name(names.get(piece, "param"), taken)
            taken.add(f":{name}")
            params.append((piece, name))
            result.append(f":{name}")
    merged: list[Piece] = []
    for piece in result:  # join adjacent text
        if isinstance(piece, str) and merged and isinstance(merged[-1], str):
            merged[-1] += piece
        else:
            merged.append(piece)
    return Rewrite(tuple(merged), tuple(params))


def _fresh_name(base: str, taken: set[str]) -> str:
    base = re.sub(r"\W", "_", base).strip("_") or "param"
    if base[0].isdigit():
        base = "p_" + base
    name, n = base, 2
    while f":{name}" in taken:
        name, n = f"{base}_{n}", n + 1
    return name


def parses_in_dialects(text: str, dialects: Sequence[str] = DIALECTS) -> dict[str, bool]:
    """Whether the SQL parses in each dialect (used to check rewritten SQL)."""
    result = {}
    for dialect in dialects:
        try:
            result[dialect] = bool([t for t in sqlglot.parse(normalize_placeholders(text), read=dialect) if t])
        except (SqlglotError, RecursionError, ValueError, KeyError, AttributeError, TypeError):
            result[dialect] = False
    return result
