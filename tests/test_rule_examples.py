"""Every rule's documented VALID/INVALID examples are tests: docs cannot drift from behaviour."""

from __future__ import annotations

import libcst as cst
import pytest

from ormlint.engine.registry import all_rules
from ormlint.testing import example, fix_source, lint_source

VALID = [(rule, i, example(case)) for rule in all_rules() for i, case in enumerate(rule.VALID)]
INVALID = [(rule, i, example(case)) for rule in all_rules() for i, case in enumerate(rule.INVALID)]


def _id(param):
    rule, i, _ = param
    return f"{rule.code}-{i}"


@pytest.mark.parametrize("param", VALID, ids=[_id(p) for p in VALID])
def test_valid_example_has_no_finding(param):
    rule, _, case = param
    findings = lint_source(case.source, rule, path=case.path, files=case.files, options=case.options)
    assert findings == [], [f"{f.line}:{f.column} {f.message}" for f in findings]


@pytest.mark.parametrize("param", INVALID, ids=[_id(p) for p in INVALID])
def test_invalid_example_is_reported(param):
    rule, _, case = param
    findings = lint_source(case.source, rule, path=case.path, files=case.files, options=case.options)
    assert findings, f"{rule.code} found nothing in:\n{case.source}"
    assert all(f.code == rule.code for f in findings)
    if case.lines:
        assert sorted({f.line for f in findings}) == sorted(case.lines)
    if case.fixed is not None:
        fixed = fix_source(case.source, rule, path=case.path, files=case.files, options=case.options)
        expected = example(case.fixed).source
        assert fixed == expected
        cst.parse_module(fixed)  # re-parses
        again = fix_source(fixed, rule, path=case.path, files=case.files, options=case.options)
        assert again == fixed  # idempotent


def test_every_rule_is_documented_and_exemplified():
    for rule in all_rules():
        doc = rule.doc()
        for part in ("What it does", "Why is this bad", "Example", "Use instead", "Fix safety"):
            assert part in doc, f"{rule.code} docstring lacks '{part}'"
        assert rule.VALID and rule.INVALID, f"{rule.code} needs VALID and INVALID examples"
        assert rule.summary and rule.family and rule.orms
        assert rule.fix_safety in ("safe", "unsafe", "none")
