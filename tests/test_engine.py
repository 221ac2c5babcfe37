import libcst as cst
import pytest
from engine_rules import BrokenFixRule, CreateAllRule, FloatCallRule, LoopDepthRule

from ormlint.core.findings import Finding
from ormlint.engine.lint import apply_edits, choose_fixes, diff_edits, parse
from ormlint.testing import fix_source, lint_source

MODELS = """\
from django.db import models

class Product(models.Model):
    price = models.FloatField()
    cost = models.FloatField(
        null=True,
    )
"""


def test_findings_have_exact_ranges_and_statement_lines():
    findings = lint_source(MODELS, FloatCallRule, path="shop/models.py")
    assert [(f.line, f.column, f.span.end_line, f.span.end_column) for f in findings] == [(4, 13, 4, 32), (5, 12, 7, 6)]
    assert findings[1].statement_lines == (5, 7)
    assert findings[0].statement_text == "price=models.FloatField()"  # tokens only: see finding_keys
    assert all(f.path == "shop/models.py" and f.code == "ORM990" for f in findings)


def test_fix_applies_all_and_adds_import_once():
    fixed = fix_source(MODELS, FloatCallRule)
    assert fixed.count("from decimal import Decimal") == 1
    assert "FloatField" not in fixed and fixed.count("DecimalField") == 2
    cst.parse_module(fixed)
    assert fix_source(fixed, FloatCallRule) == fixed


def test_unsafe_fixes_need_permission():
    assert fix_source(MODELS, FloatCallRule, unsafe=False) == MODELS
    src = "metadata.create_all(engine)\n"
    assert fix_source(src, CreateAllRule, unsafe=False) == "metadata.checked_create_all(engine)\n"


def test_fix_that_breaks_the_file_is_refused():
    with pytest.raises(AssertionError, match="does not parse"):
        fix_source("x = breakme\n", BrokenFixRule)


def test_skip_roles_and_prefilter():
    assert lint_source("metadata.create_all(engine)\n", CreateAllRule, path="tests/test_db.py") == []
    assert len(lint_source("metadata.create_all(engine)\n", CreateAllRule, path="app/db.py")) == 1
    assert lint_source("metadata.create(engine)\n", CreateAllRule) == []


def test_ancestors_and_skipping_children():
    code = """\
for x in y:
    target
def skipped():
    for x in y:
        target
def kept():
    while True:
        target
target
"""
    assert [f.line for f in lint_source(code, LoopDepthRule)] == [2, 8]


def test_noqa_suppresses_on_any_line_of_the_statement():
    code = "from django.db import models\nprice = models.FloatField(\n    null=True,  # noqa: ORM990\n)\ncost = models.FloatField()  # noqa: test-float-call\nfee = models.FloatField()  # noqa\ntax = models.FloatField()  # noqa: ORM100\n"
    assert [f.line for f in lint_source(code, FloatCallRule)] == [7]


def test_syntax_error_is_a_finding():
    result = parse("app/broken.py", "def f(:\n    pass\n", frozenset())
    assert isinstance(result, Finding)
    assert result.code == "ORM001" and result.line == 1 and "syntax error" in result.message


def test_diff_edits_round_trip():
    old = "a\nb\nc\n"
    new = "a\nB\nc\nd\n"
    edits = diff_edits(old, new)
    assert apply_edits(old, edits) == new
    assert [(e.line, e.end_line) for e in edits] == [(2, 3), (4, 4)]


def test_overlapping_fixes_wait_for_the_next_round():
    findings = lint_source(MODELS, FloatCallRule)
    chosen = choose_fixes(findings, unsafe=True)
    assert len(chosen) == 1  # both insert the same import: the second waits


def test_crlf_and_tabs_are_kept():
    src = MODELS.replace("\n", "\r\n")
    fixed = fix_source(src, FloatCallRule)
    assert "\r\n" in fixed and "\n" not in fixed.replace("\r\n", "")
