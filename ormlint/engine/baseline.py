"""Baselines: record today's findings, then report only the ones that are new.

A baseline file is JSON, versioned, its entries sorted, with nothing that changes between
two runs on the same code (no dates, no line numbers), so it diffs well in review. Each
entry is a :class:`~ormlint.engine.finding_keys.FindingKey`: rule, path, the reported
statement's normalised text (masked for findings that hold a secret) and the occurrence
among identical ones in that file. A finding is known when its key is in the file; a
second identical finding in the same file has the next occurrence and so is new.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

from ormlint.core.findings import Finding
from ormlint.engine.finding_keys import FindingKey, finding_keys

VERSION = 1
_FIELDS = ("path", "code", "statement", "occurrence")


class BaselineError(Exception):
    """A baseline file that cannot be used; the message names the file and the reason."""


@dataclass(frozen=True)
class Baseline:
    keys: frozenset[FindingKey]

    @classmethod
    def load(cls, path: Path) -> "Baseline":
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise BaselineError(f"{path}: cannot read baseline: {exc.strerror or exc}") from exc
        except (UnicodeDecodeError, ValueError) as exc:
            raise BaselineError(f"{path}: not a baseline file (invalid JSON: {exc})") from exc
        if not isinstance(data, dict) or data.get("tool") != "ormlint" or not isinstance(data.get("findings"), list):
            raise BaselineError(f"{path}: not an ormlint baseline file (write one with --write-baseline)")
        if data.get("version") != VERSION:
            raise BaselineError(f"{path}: baseline version {data.get('version')!r} is not supported (expected {VERSION})")
        keys = set()
        for number, entry in enumerate(data["findings"]):
            if not isinstance(entry, dict) or not _valid(entry):
                raise BaselineError(f"{path}: entry {number} needs {', '.join(_FIELDS)} (strings; occurrence a number)")
            keys.add(FindingKey(entry["code"], entry["path"], entry["statement"], entry["occurrence"]))
        return cls(frozenset(keys))

    def split(self, findings: Sequence[Finding], line_of: Callable[[str, int], str]) -> tuple[list[Finding], list[Finding]]:
        """``(new, known)``: findings whose key is not in the baseline, and those that are."""
        new, known = [], []
        for finding, key in zip(findings, finding_keys(findings, line_of)):
            (known if key in self.keys else new).append(finding)
        return new, known


def _valid(entry: dict) -> bool:
    strings = all(isinstance(entry.get(name), str) for name in _FIELDS[:3])
    occurrence = entry.get("occurrence")
    return strings and isinstance(occurrence, int) and not isinstance(occurrence, bool) and occurrence >= 0


def write_baseline(path: Path, findings: Sequence[Finding], line_of: Callable[[str, int], str]) -> int:
    """Record ``findings`` (sorted as a run sorts them) in ``path``; returns how many."""
    keys = sorted(set(finding_keys(findings, line_of)), key=lambda k: (k.path, k.code, k.statement, k.occurrence))
    document = {
        "tool": "ormlint",
        "version": VERSION,
        "findings": [{name: getattr(key, name) for name in _FIELDS} for key in keys],
    }
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise BaselineError(f"{path}: cannot write baseline: {exc.strerror or exc}") from exc
    return len(keys)
