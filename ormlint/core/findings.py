"""Plain, picklable results of a run: findings, their locations and their fixes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning", "info"]
FixSafety = Literal["safe", "unsafe"]


@dataclass(frozen=True)
class TextEdit:
    """Replace the text between two character offsets of the file's decoded source.

    ``line``/``end_line`` give the same range as whole lines (1-based; the end line is
    exclusive, so an insertion has ``line == end_line``).
    """

    start: int
    end: int
    text: str
    line: int = 0
    end_line: int = 0


@dataclass(frozen=True)
class Fix:
    """A set of edits that together fix one finding."""

    safety: FixSafety
    description: str
    edits: tuple[TextEdit, ...]


@dataclass(frozen=True)
class Span:
    """1-based lines, 1-based columns (in characters); end is exclusive like Ruff's."""

    line: int
    column: int
    end_line: int
    end_column: int


@dataclass(frozen=True)
class RelatedLocation:
    path: str
    span: Span
    message: str


@dataclass
class Finding:
    code: str
    name: str
    path: str
    span: Span
    message: str
    severity: Severity
    fix: Fix | None = None
    related: tuple[RelatedLocation, ...] = ()
    # Lines of the reported statement: a noqa comment anywhere in them suppresses.
    statement_lines: tuple[int, int] = (0, 0)
    # Normalised text of the reported statement, for fingerprints that survive moves.
    statement_text: str = ""
    # The span covers a secret: outputs must never print its text (see Rule.reports_secrets).
    secret: bool = False
    fixed: bool = field(default=False, compare=False)

    @property
    def line(self) -> int:
        return self.span.line

    @property
    def column(self) -> int:
        return self.span.column

    def sort_key(self) -> tuple:
        return (self.path, self.span.line, self.span.column, self.code)
