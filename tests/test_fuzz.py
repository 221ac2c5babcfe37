"""Generated programs through the whole engine, every rule and every fix (unsafe ones too), in
memory: no exception; a file the engine refuses is an ORM001 finding; every fixed source
parses again (LibCST and CPython); a second fix pass, against the index of the fixed
project, changes nothing.

Three sources of programs: hypothesmith's grammar-based and CST-based strategies (any
Python), and ``orm_programs.orm_projects`` (Django/SQLAlchemy projects, which reach the
rules). The suite runs a bounded number of examples (the "suite" profile, tests/conftest.py);
for a long run (ORMLINT_FUZZ_EXAMPLES examples per test, default 5,000):

    pytest tests/test_fuzz.py --hypothesis-profile=fuzz
"""

from __future__ import annotations

import sys
import warnings

import hypothesmith
import libcst as cst
from hypothesis import HealthCheck, given, settings
from orm_programs import orm_projects

from ormlint.core.config import Config
from ormlint.core.findings import Finding
from ormlint.engine.discovery import path_roles
from ormlint.engine.lint import RECURSION_LIMIT, ParsedFile, facts_of, fix_parsed, lint_parsed, parse
from ormlint.engine.registry import all_rules
from ormlint.index import ProjectIndex

RULES = all_rules()
CONFIG = Config()
sys.setrecursionlimit(max(sys.getrecursionlimit(), RECURSION_LIMIT))  # as parse() would, before Hypothesis looks


def compiles(text: str) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compile(text, "<fuzz>", "exec", dont_inherit=True)
    except (SyntaxError, ValueError):
        return False
    return True


def parse_all(files: dict[str, str]) -> tuple[dict[str, ParsedFile | Finding], ProjectIndex]:
    parsed = {path: parse(path, code, path_roles(path, CONFIG), CONFIG) for path, code in files.items()}
    index = ProjectIndex.build(facts_of(p) for p in parsed.values() if isinstance(p, ParsedFile))
    return parsed, index


def check_project(files: dict[str, str]) -> set[str]:
    """Run every rule and every fix on ``files``; assert the properties; the codes reported."""
    parsed, index = parse_all(files)
    codes: set[str] = set()
    fixed: dict[str, str] = {}
    for path, unit in parsed.items():
        if isinstance(unit, Finding):
            assert unit.code == "ORM001", unit
            continue
        findings = lint_parsed(unit, RULES, index, CONFIG)
        codes.update(f.code for f in findings)
        outcome = fix_parsed(unit, RULES, index, CONFIG, unsafe=True)
        assert outcome.problems == [], outcome.problems
        fixed[path] = outcome.text
        if outcome.text != unit.text:
            cst.parse_module(outcome.text)
            assert compiles(outcome.text) or not compiles(unit.text), outcome.text
    again, index = parse_all({**files, **fixed})
    for path, text in fixed.items():
        unit = again[path]
        assert isinstance(unit, ParsedFile), unit
        second = fix_parsed(unit, RULES, index, CONFIG, unsafe=True)
        assert second.text == text, f"{path}: a second fix pass changed the file:\n{text}\n---\n{second.text}"
    return codes


@given(hypothesmith.from_grammar())
def test_grammar_generated_programs(source):
    check_project({"app/module.py": source})


@given(hypothesmith.from_node())
def test_cst_generated_programs(source):
    check_project({"app/module.py": source})


@given(orm_projects())
def test_orm_projects(project):
    check_project(project)


def test_orm_projects_reach_the_rules_and_their_fixes():
    """The ORM strategy is worth running only if it reaches the rules: over a fixed sequence of
    projects, most rules report and fixes are applied (and hold)."""
    seen: set[str] = set()

    @settings(max_examples=40, database=None, derandomize=True, deadline=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(orm_projects())
    def run(project):
        seen.update(check_project(project))

    run()
    assert {"ORM101", "ORM102", "ORM201", "ORM301", "ORM302", "ORM303", "ORM304", "ORM401", "ORM501", "ORM601"} <= seen
