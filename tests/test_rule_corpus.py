"""Labelled corpora of small projects: each rule category reports exactly the marked lines.

Every directory ``tests/corpus/<category>/`` named in ``CATEGORIES`` holds cases: small
realistic projects of a few modules (models, views, services, settings, migrations...).
``n_plus_one`` groups its cases by ORM (``n_plus_one/<group>/<case>/``); the other
categories hold their cases directly (``raw_sql/<case>/``). Each case is linted as a
project of its own, with only the category's codes selected.

Labels:

- A line that must be reported ends with ``# expect: ORM201`` (several codes:
  ``# expect: ORM101, ORM102``). The line is the finding's line, that is the first line
  of the node the finding reports: for a statement or call spread over several lines,
  mark its first line. Where a rule reports a construct that has no single obvious
  node, the corpus takes: for ORM201, the execution call when the SQL was built in a
  variable first (the string itself when it is built in the call); the acquiring call
  for ORM301; the ``except`` line for ORM302; the side-effect call for ORM303; the
  read-modify-write statement (``x.total -= n``) for ORM304; the column or field
  definition for ORM501; for ORM601, the ``def downgrade`` line of an Alembic revision
  (``def upgrade`` when it has none), the operation of a Django migration and the
  ``step`` of a yoyo migration; the query statement for ORM104. A column read that a
  ``.only()``/``defer()``/``load_only()`` left out is a lazy load (ORM101).
- Every other line must stay silent for the category's codes (other codes are not run).
- A case the rules do not handle yet holds a ``KNOWN_GAP`` file saying in one line what
  is missed or falsely reported; it runs as a strict xfail, so it fails once fixed.
- A case may carry its own ``pyproject.toml`` (rule options); otherwise an empty
  ``[tool.ormlint]`` one is written so that no configuration above it applies.

``python tests/test_rule_corpus.py [CATEGORY] [CASE...]`` prints precision and recall
per category and code and lists every miss and false alarm (CASE: a case directory, or
its path inside the category). Scores ignore ``KNOWN_GAP``.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from click.testing import CliRunner

from ormlint.engine.cli import main

ROOT = Path(__file__).parent / "corpus"
EXPECT = re.compile(r"#\s*expect:\s*(ORM\d{3}(?:\s*,\s*ORM\d{3})*)")


@dataclass(frozen=True)
class Category:
    codes: tuple[str, ...]
    depth: int = 1          # 2 when cases sit in group directories
    min_cases: int = 25
    min_negative_share: float = 0.4   # share of cases with no marker at all


_N_PLUS_ONE = ("ORM101", "ORM102", "ORM103", "ORM104")
CATEGORIES = {
    "n_plus_one": Category(_N_PLUS_ONE, depth=2, min_cases=20, min_negative_share=0.0),
    "n_plus_one_recall": Category(_N_PLUS_ONE),
    "raw_sql": Category(("ORM201",)),
    "transactions": Category(("ORM301", "ORM302", "ORM303", "ORM304", "ORM305")),
    "hooks": Category(("ORM401",)),
    "schema": Category(("ORM501", "ORM502", "ORM503")),
    "migrations": Category(("ORM601", "ORM602", "ORM603", "ORM604")),
}


def cases(category: str) -> list[Path]:
    pattern = "/".join(["*"] * CATEGORIES[category].depth)
    return sorted(path for path in (ROOT / category).glob(pattern) if path.is_dir())


@cache
def known_codes() -> frozenset[str]:
    """The codes ormlint can report today (a category may list codes not built yet)."""
    result = CliRunner().invoke(main, ["rules", "--format", "json"])
    assert result.exit_code == 0, result.output
    return frozenset(rule["code"] for rule in json.loads(result.stdout))


def expected(case: Path) -> set[tuple[str, int, str]]:
    """The (file, line, code) triples the case's markers ask for."""
    marks = set()
    for path in sorted(case.rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            match = EXPECT.search(line)
            if match:
                for code in match.group(1).split(","):
                    marks.add((path.relative_to(case).as_posix(), number, code.strip()))
    return marks


def reported(case: Path, category: str) -> set[tuple[str, int, str]]:
    """What ormlint reports for the case, checked as its own project with the category's codes."""
    codes = [code for code in CATEGORIES[category].codes if code in known_codes()]
    with tempfile.TemporaryDirectory() as scratch:
        project = Path(scratch) / case.name
        shutil.copytree(case, project)
        config = project / "pyproject.toml"
        if not config.exists():
            config.write_text("[tool.ormlint]\n", encoding="utf-8")
        result = CliRunner().invoke(main, [
            "check", "--no-cache", "-j", "1", "--exit-zero", "--format", "json",
            "--select", ",".join(codes), str(project),
        ])
        assert result.exit_code == 0, result.output
        return {(Path(item["path"]).as_posix(), item["line"], item["code"]) for item in json.loads(result.stdout)}


def _present() -> list[str]:
    return [name for name in CATEGORIES if (ROOT / name).is_dir()]


@pytest.mark.parametrize("category", _present())
def test_corpus_is_labelled(category):
    spec, found = CATEGORIES[category], cases(category)
    labels = {case: expected(case) for case in found}
    assert len(found) >= spec.min_cases
    assert sum(len(marks) for marks in labels.values()) >= len(found) // 2
    negatives = sum(1 for marks in labels.values() if not marks)
    assert negatives >= spec.min_negative_share * len(found)
    stray = {(case.name, *mark) for case, marks in labels.items() for mark in marks if mark[2] not in spec.codes}
    assert stray == set(), "markers for codes this category does not check"


def _params() -> list:
    """Each case; one with a KNOWN_GAP file (its reason inside) is expected to fail until supported."""
    params = []
    for category in _present():
        for case in cases(category):
            gap = case / "KNOWN_GAP"
            marks = [pytest.mark.xfail(reason=gap.read_text(encoding="utf-8").strip(), strict=True)] if gap.exists() else []
            params.append(pytest.param(category, case, id=case.relative_to(ROOT).as_posix(), marks=marks))
    return params


@pytest.mark.parametrize(("category", "case"), _params())
def test_case(category, case):
    want, got = expected(case), reported(case, category)
    assert sorted(got - want) == [], "false alarms"
    assert sorted(want - got) == [], "misses"


def score(category: str, selected: list[Path]) -> None:
    """Print precision and recall per code of the category, then every miss and false alarm."""
    true_pos, false_pos, false_neg = Counter(), Counter(), Counter()
    problems = []
    for case in selected:
        want, got = expected(case), reported(case, category)
        for _, _, code in want & got:
            true_pos[code] += 1
        for label, found, counter in (("FALSE ALARM", got - want, false_pos), ("MISS       ", want - got, false_neg)):
            for path, line, code in sorted(found):
                counter[code] += 1
                problems.append(f"{label} {case.relative_to(ROOT)}/{path}:{line} {code}")
    print(f"## {category} ({len(selected)} cases)")
    for code in (*CATEGORIES[category].codes, None):
        tp, fp, fn = ((sum(c.values()) if code is None else c[code]) for c in (true_pos, false_pos, false_neg))
        if code is not None and tp + fp + fn == 0:
            continue
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        print(f"{code or 'all':7} tp={tp:3} fp={fp:3} fn={fn:3} precision={precision:.2f} recall={recall:.2f}")
    print("\n".join(problems))


def _select(category: str, names: list[str]) -> list[Path]:
    if not names:
        return cases(category)
    found = []
    for name in names:
        path = Path(name)
        found.append(path.resolve() if path.is_dir() else (ROOT / category / name).resolve())
    return found


if __name__ == "__main__":
    args = sys.argv[1:]
    if args and args[0] in CATEGORIES:
        score(args[0], _select(args[0], args[1:]))
    else:
        assert not args, f"usage: {sys.argv[0]} [{'|'.join(CATEGORIES)}] [CASE...]"
        for name in _present():
            score(name, cases(name))
