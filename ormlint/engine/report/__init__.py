"""Output formats. Each module renders a finished run as one string."""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ormlint.api import Rule
from ormlint.core.findings import Finding
from ormlint.engine.registry import all_rules
from ormlint.engine.source import SourceError, read_source

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
DOCS_URL = "https://ormlint.readthedocs.io/en/latest/rules/{code}/"


@dataclass
class ReportContext:
    """What every renderer may need besides the findings."""

    root: Path
    files: int = 0
    unreadable: int = 0  # of ``files``: named on stderr, not checked
    fixed: list[Finding] = field(default_factory=list)
    color: bool = False
    statistics: bool = False
    fix_hint: bool = True  # mention --fix / --unsafe-fixes in the text summary
    sources: dict[str, str] = field(default_factory=dict)  # display path → text (stdin input)
    unchanged: list[Finding] | None = None  # with a baseline: its findings, not reported as new

    def lines(self, path: str) -> list[str]:
        """The file's lines as Python numbers them (a form feed does not end a line)."""
        if path not in self.sources:
            try:
                self.sources[path] = read_source(self.root / path)[1].text  # its encoding, without BOM
            except SourceError:
                self.sources[path] = ""
        return _LINE_BREAK.split(self.sources[path])

    def line_of(self, path: str, number: int) -> str:
        lines = self.lines(path)
        return lines[number - 1] if 0 < number <= len(lines) else ""


def plural(count: int, noun: str) -> str:
    """``1 file``, ``2 files``, ``0 files``."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def rule_url(code: str) -> str:
    return DOCS_URL.format(code=code)


def rule_by_code(code: str) -> type[Rule] | None:
    return next((r for r in all_rules() if r.code == code), None)


FORMATS = {"text": "text", "json": "json_format", "sarif": "sarif", "github": "github", "gitlab": "gitlab"}


def renderer(name: str) -> Callable[[list[Finding], ReportContext], str]:
    return importlib.import_module(f"ormlint.engine.report.{FORMATS[name]}").render
