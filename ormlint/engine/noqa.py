"""Suppression comments: reading ``# noqa`` / ``# ormlint: skip-file`` and writing ``--add-noqa``."""

from __future__ import annotations

import io
import re
import tokenize
from collections import defaultdict

from ormlint.core.findings import Finding

_NOQA = re.compile(
    r"#\s*noqa(?::\s*(?P<codes>[A-Za-z0-9_\-]+(?:[\s,]+[A-Za-z0-9_\-]+)*))?", re.IGNORECASE
)
_SKIP_FILE = re.compile(r"#\s*ormlint:\s*skip-file\b")
ALL = "*"


def _comments(text: str) -> list[tokenize.TokenInfo]:
    try:
        return [t for t in tokenize.generate_tokens(io.StringIO(text).readline) if t.type == tokenize.COMMENT]
    except (tokenize.TokenError, SyntaxError):
        return []


def _normalise(selector: str) -> str:
    selector = selector.strip()
    return selector.upper() if selector.upper().startswith("ORM") else selector.lower()


def noqa_lines(text: str) -> dict[int, set[str]]:
    """Line → suppressed codes/names (``*`` for a bare noqa), from real comments only."""
    result: dict[int, set[str]] = {}
    if "noqa" not in text.lower():
        return result
    for token in _comments(text):
        match = _NOQA.search(token.string)
        if not match:
            continue
        entry = result.setdefault(token.start[0], set())
        codes = match.group("codes")
        if codes:
            entry.update(_normalise(c) for c in re.split(r"[\s,]+", codes) if c)
        else:
            entry.add(ALL)
    return result


def suppress(findings: list[Finding], text: str) -> list[Finding]:
    """Drop findings with a matching noqa comment on any line of their statement."""
    table = noqa_lines(text)
    if not table:
        return findings
    kept = []
    for finding in findings:
        first, last = finding.statement_lines
        lines = range(min(first or finding.span.line, finding.span.line), max(last, finding.span.line) + 1)
        codes: set[str] = set().union(*(table.get(n, set()) for n in lines))
        if ALL in codes or finding.code in codes or finding.name in codes:
            continue
        kept.append(finding)
    return kept


def is_skip_file(text: str) -> bool:
    if "ormlint" not in text:
        return False
    return any(_SKIP_FILE.search(t.string) for t in _comments(text))


def add_noqa(text: str, findings: list[Finding]) -> tuple[str, int]:
    """Append ``# noqa: CODE`` to the last line of each finding's statement.

    Merges into an existing ``# noqa: ...`` comment; returns the new text and how many
    comments were added or extended.
    """
    wanted: dict[int, set[str]] = defaultdict(set)
    for finding in findings:
        wanted[max(finding.statement_lines[1], finding.span.line)].add(finding.code)
    if not wanted:
        return text, 0
    comments = {t.start[0]: t for t in _comments(text)}
    lines = text.splitlines(keepends=True)
    changed = 0
    for number, codes in sorted(wanted.items()):
        if number > len(lines):
            continue
        line = lines[number - 1]
        body = line.rstrip("\r\n")
        ending = line[len(body):]
        comment = comments.get(number)
        match = _NOQA.search(comment.string) if comment else None
        if match and not match.group("codes"):
            continue
        if match:
            present = [c for c in re.split(r"[\s,]+", match.group("codes")) if c]
            merged = present + sorted(c for c in codes if c not in present)
            start = comment.start[1] + match.start()
            end = comment.start[1] + match.end()
            body = body[:start] + "# noqa: " + ", ".join(merged) + body[end:]
        else:
            body = body + "  # noqa: " + ", ".join(sorted(codes))
        lines[number - 1] = body + ending
        changed += 1
    return "".join(lines), changed
