"""A labelled corpus of small projects: the N+1 rules report exactly the marked lines.

Each case is a directory under ``tests/corpus/n_plus_one/<orm>/<case>/`` holding a few
modules (models, views, services...). A line that must be reported ends with
``# expect: ORM101`` (several codes: ``# expect: ORM101, ORM102``); every other line must
stay silent. A case the rules do not handle yet holds a ``KNOWN_GAP`` file saying why. ``python tests/test_n_plus_one_corpus.py`` prints precision and recall per
rule and lists every miss and false alarm.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from ormlint.engine.cli import main

CORPUS = Path(__file__).parent / "corpus" / "n_plus_one"
CODES = ("ORM101", "ORM102", "ORM103")
EXPECT = re.compile(r"#\s*expect:\s*(ORM\d{3}(?:\s*,\s*ORM\d{3})*)")
CASES = sorted(path for path in CORPUS.glob("*/*") if path.is_dir())


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


def reported(case: Path) -> set[tuple[str, int, str]]:
    """The (file, line, code) triples ormlint reports for the case, checked as its own project."""
    with tempfile.TemporaryDirectory() as scratch:
        project = Path(scratch) / case.name
        shutil.copytree(case, project)
        (project / "pyproject.toml").write_text("[tool.ormlint]\n", encoding="utf-8")
        result = CliRunner().invoke(main, [
            "check", "--no-cache", "-j", "1", "--exit-zero", "--format", "json",
            "--select", ",".join(CODES), str(project),
        ])
        assert result.exit_code == 0, result.output
        return {(Path(item["path"]).as_posix(), item["line"], item["code"]) for item in json.loads(result.stdout)}


def test_corpus_is_labelled():
    assert len(CASES) >= 20
    assert sum(len(expected(case)) for case in CASES) >= 30


def _params():
    """Each case; one with a KNOWN_GAP file (its reason inside) is expected to fail until supported."""
    for case in CASES:
        gap = case / "KNOWN_GAP"
        marks = [pytest.mark.xfail(reason=gap.read_text(encoding="utf-8").strip(), strict=True)] if gap.exists() else []
        yield pytest.param(case, id=f"{case.parent.name}/{case.name}", marks=marks)


@pytest.mark.parametrize("case", _params())
def test_case(case):
    want, got = expected(case), reported(case)
    assert sorted(got - want) == [], "false alarms"
    assert sorted(want - got) == [], "misses"


def score(cases=CASES) -> None:
    """Print precision and recall per rule, then every miss and false alarm."""
    true_pos, false_pos, false_neg = Counter(), Counter(), Counter()
    problems = []
    for case in cases:
        want, got = expected(case), reported(case)
        for _, _, code in want & got:
            true_pos[code] += 1
        for item in sorted(got - want):
            false_pos[item[2]] += 1
            problems.append(f"FALSE ALARM {case.relative_to(CORPUS)}/{item[0]}:{item[1]} {item[2]}")
        for item in sorted(want - got):
            false_neg[item[2]] += 1
            problems.append(f"MISS        {case.relative_to(CORPUS)}/{item[0]}:{item[1]} {item[2]}")
    for code in (*CODES, None):
        tp = sum(true_pos.values()) if code is None else true_pos[code]
        fp = sum(false_pos.values()) if code is None else false_pos[code]
        fn = sum(false_neg.values()) if code is None else false_neg[code]
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        print(f"{code or 'all':7} tp={tp:3} fp={fp:3} fn={fn:3} precision={precision:.2f} recall={recall:.2f}")
    print("\n".join(problems))


if __name__ == "__main__":
    score([Path(arg).resolve() for arg in sys.argv[1:]] or CASES)
