"""Secrets never leave: the one redaction step every output goes through.

:func:`redact` masks database passwords in any text: the password of a URL
(``postgresql://app:***@db/prod``), ``password=``/``passwd=``/``pwd=`` pairs of a DSN
(``"host=db password=***"``, ODBC ``PWD=***;``), a literal given to a password keyword,
key or setting (``password="***"``, ``"PASSWORD": "***"``, ``DB_PASSWORD = "***"``), a
literal fallback of a password variable (``os.getenv("DB_PASSWORD", "***")``) and SQL's
``PASSWORD '***'``/``IDENTIFIED BY '***'``.

The engine applies it to every finding (message, related messages, fix description,
statement text), to diffs, to problems, and to index facts before they are cached or
shared; the text report applies it to source excerpts. A fix whose edits hold a secret
keeps its description but loses its edits in the output (``--fix`` still applies them):
an edit with a masked password would write the mask into the file.
"""

from __future__ import annotations

import re
from dataclasses import fields, is_dataclass, replace
from typing import Any

from ormlint.core.findings import Finding, Fix

MASK = "***"
# A Python string literal (optional prefix, either quote), or a SQL one.
_LITERAL = r"""(?:[rRbBuUfF]{0,2})(?:"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')"""
_PASSWORD_WORD = r"(?:passw(?:or)?d|pwd)"
_PATTERNS = (
    # scheme://user:password@host (the last @ of the run ends the password)
    re.compile(r"""(?P<keep>\b[a-z][a-z0-9+.\-]*://[^\s:/@'"]*:)(?P<secret>[^\s'"]+?)(?=@[^\s@'"]*(?:[\s'"]|$))""",
               re.IGNORECASE),
    # a literal in a password keyword, key, setting or comparison: password="x", "PASSWORD": 'x', DB_PASS = "x"
    re.compile(rf"""(?P<keep>\b\w*{_PASSWORD_WORD}\w*['"]?\s*(?:==?|:)\s*(?:[rRbBuUfF]{{0,2}})(?P<quote>["']))"""
               r"""(?P<secret>(?:(?!(?P=quote))[^\\\n]|\\.)+)(?=(?P=quote))""", re.IGNORECASE),
    # a DSN pair: password=x in a connection string, up to the next pair, a quote or a semicolon (a
    # value with brackets or commas is code: ``password=get_password()``)
    re.compile(rf"""(?P<keep>(?:^|(?<=[\s'";])){_PASSWORD_WORD}=)(?![rRbBuUfF]{{0,2}}['"])(?P<secret>[^\s'";()\[\]{{}},]+)"""
               r"""(?=\s+\w+\s*=|['";]|\s*$)""", re.IGNORECASE | re.MULTILINE),
    # a literal fallback of a password variable: getenv("DB_PASSWORD", "x"), env("PG_PASS", default="x")
    re.compile(r"""(?P<keep>['"][\w.\-]*(?:PASS|PWD)[\w.\-]*['"]\s*,\s*(?:default\s*=\s*)?(?:[rRbBuUfF]{0,2})"""
               r"""(?P<quote>["']))(?P<secret>(?:(?!(?P=quote))[^\\\n]|\\.)+)(?=(?P=quote))""", re.IGNORECASE),
    # SQL: PASSWORD 'x', IDENTIFIED BY 'x'
    re.compile(r"""(?P<keep>\b(?:PASSWORD|IDENTIFIED\s+BY)\s+')(?P<secret>(?:[^'\\\n]|\\.|'')+)(?=')""",
               re.IGNORECASE),
)
_HINTS = ("://", "pass", "pwd", "PASS", "PWD", "Pass", "Pwd", "IDENTIFIED", "identified")


def redact(text: str) -> str:
    """``text`` with every password it shows replaced by ``***``."""
    if not any(hint in text for hint in _HINTS):
        return text
    for pattern in _PATTERNS:
        text = pattern.sub(_mask, text)
    return text


def _mask(match: re.Match) -> str:
    return match.group("keep") + MASK if match.group("secret") != MASK else match.group(0)


def redact_finding(finding: Finding) -> Finding:
    """The finding as every output may show it."""
    changes: dict[str, Any] = {}
    for name in ("message", "statement_text"):
        value = getattr(finding, name)
        if redact(value) != value:
            changes[name] = redact(value)
    related = tuple(replace(r, message=redact(r.message)) for r in finding.related)
    if related != finding.related:
        changes["related"] = related
    if finding.fix is not None:
        fix = _redact_fix(finding.fix)
        if fix != finding.fix:
            changes["fix"] = fix
    return replace(finding, **changes) if changes else finding


WITHHELD = " (edits not shown: they hold a secret; apply with --fix)"


def _redact_fix(fix: Fix) -> Fix:
    if any(redact(edit.text) != edit.text for edit in fix.edits):
        # A masked edit would write the mask into the file: the fix is offered through --fix only.
        return Fix(fix.safety, redact(fix.description) + WITHHELD, ())
    return Fix(fix.safety, redact(fix.description), fix.edits)


def redact_strings(value: Any) -> Any:
    """A dataclass (or tuple of them) with every string inside redacted; unchanged parts are kept as they are."""
    if isinstance(value, str):
        new = redact(value)
        return value if new == value else new
    if isinstance(value, tuple):
        items = tuple(redact_strings(v) for v in value)
        return value if all(a is b for a, b in zip(items, value)) else items
    if is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for field in fields(value):
            if field.init:
                old = getattr(value, field.name)
                new = redact_strings(old)
                if new is not old:
                    changes[field.name] = new
        return replace(value, **changes) if changes else value
    return value
