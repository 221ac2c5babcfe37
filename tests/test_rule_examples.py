"""Every rule's documented VALID/INVALID examples are tests: docs cannot drift from behaviour.

Every docstring has Ruff's shape (``## What it does`` ... ``## References``), every INVALID
example names its expected message (or a fragment), and the fixes the examples produce match
the rule's declared ``fix_safety``.
"""

from __future__ import annotations

import re

import libcst as cst
import pytest

from ormlint.core.config import Config
from ormlint.core.roles import ROLES
from ormlint.engine.contexts import reports_in
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
    assert case.message, f"{rule.code} INVALID example {param[1]} has no message="
    assert any(case.message in f.message for f in findings), [f.message for f in findings]
    if case.lines:
        assert sorted({f.line for f in findings}) == sorted(case.lines)
    if case.fixed is not None:
        fixed = fix_source(case.source, rule, path=case.path, files=case.files, options=case.options)
        expected = example(case.fixed).source
        assert fixed == expected
        cst.parse_module(fixed)  # re-parses
        again = fix_source(fixed, rule, path=case.path, files=case.files, options=case.options)
        assert again == fixed  # idempotent


HEADINGS = ["What it does", "Why is this bad?", "Example", "Use instead", "Fix safety"]


def sections(doc: str) -> dict[str, str]:
    """The ``## Heading`` sections of a docstring, in order; text before the first heading under ""."""
    parts = re.split(r"^## (.+)$", doc, flags=re.M)
    found = {"": parts[0].strip()}
    for title, body in zip(parts[1::2], parts[2::2]):
        assert title not in found, f"heading {title!r} twice"
        found[title] = body.strip()
    return found


@pytest.mark.parametrize("rule", all_rules(), ids=lambda rule: rule.code)
def test_docstring_has_ruffs_shape(rule):
    found = sections(rule.doc())
    expected = HEADINGS + (["Options"] if rule.options else []) + ["Where it reports", "References"]
    assert found.pop("") == "", "nothing before the first heading (the one-line summary is `summary`)"
    assert list(found) == expected
    assert all(found.values()), "no empty section"
    assert "```python" in found["Example"] and "```python" in found["Use instead"]
    for option in rule.options:
        assert f"`{option}`" in found["Options"]
    links = re.findall(r"^- \[[^\]]+\]\((https://[^)\s]+)\)$", found["References"], flags=re.M)
    assert links and len(links) == len(found["References"].splitlines())


@pytest.mark.parametrize("rule", all_rules(), ids=lambda rule: rule.code)
def test_where_it_reports_table_matches_the_declared_roles(rule):
    """One row per role (and one for application code, a file with no role): yes where the
    engine lets the rule report, no where it does not."""
    rows = re.findall(r"^\| (application code|`[a-z-]+`) \| (yes|no) \| .+ \|$", sections(rule.doc())["Where it reports"], re.M)
    table = {context.strip("`"): answer == "yes" for context, answer in rows}
    expected = {role: reports_in(rule, frozenset({role}), Config()) for role in ROLES}
    expected["application code"] = reports_in(rule, frozenset(), Config())
    if "shipped-migration" in expected:  # it never comes alone: a shipped migration is a migration
        expected["shipped-migration"] = reports_in(rule, frozenset({"migration", "shipped-migration"}), Config())
    assert table == expected


@pytest.mark.parametrize("rule", all_rules(), ids=lambda rule: rule.code)
def test_declared_fix_safety_matches_the_fixes_of_the_examples(rule):
    fixes = []
    for case in map(example, rule.INVALID):
        findings = lint_source(case.source, rule, path=case.path, files=case.files, options=case.options)
        fixes += [f.fix for f in findings if f.fix is not None]
    if rule.fix_safety == "none":
        assert fixes == [], "a rule declared without fixes offers one"
        return
    assert fixes, f"a rule declared {rule.fix_safety} shows no fix in its examples"
    if rule.fix_safety == "safe":
        assert all(fix.safety == "safe" for fix in fixes), "a rule declared safe offers an unsafe fix"
    assert "Fix safety" in sections(rule.doc()) and rule.fix_safety.capitalize() in sections(rule.doc())["Fix safety"]


def test_every_rule_is_documented_and_exemplified():
    for rule in all_rules():
        assert rule.VALID and rule.INVALID, f"{rule.code} needs VALID and INVALID examples"
        assert rule.summary and rule.family and rule.orms
        assert rule.fix_safety in ("safe", "unsafe", "none")
