"""Output formats on hand-made findings: shape, escaping, schema validity, stable fingerprints."""

from __future__ import annotations

import json
from dataclasses import replace

from ormlint.core.findings import Finding, Fix, RelatedLocation, Span, TextEdit
from ormlint.engine.registry import all_rules
from ormlint.engine.report import ReportContext, github, gitlab, renderer, sarif
from ormlint.engine.report.sarif import stable_fingerprints

SOURCE = "from sqlalchemy import Column, Float\n\nclass Order(Base):\n    price = Column(Float)\n"


def _finding(**changes) -> Finding:
    base = Finding(
        code="ORM501", name="float-money", path="app/models.py", span=Span(4, 20, 4, 25),
        message="Column 'price' stores money as Float: use Numeric(12, 2)", severity="error",
        statement_lines=(4, 4), statement_text="price = Column(Float)",
    )
    return replace(base, **changes)


def _ctx(tmp_path, text: str = SOURCE, path: str = "app/models.py", **changes) -> ReportContext:
    target = tmp_path / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return ReportContext(root=tmp_path, files=1, **changes)


def _fixable() -> Finding:
    edit = TextEdit(start=56, end=82, text="    price = Column(Numeric(12, 2))\n", line=4, end_line=5)
    insert = TextEdit(start=0, end=0, text="from sqlalchemy import Numeric\n", line=1, end_line=1)
    return _finding(fix=Fix("unsafe", "Use Numeric(12, 2)", (insert, edit)))


# -- SARIF -----------------------------------------------------------------------------


def test_sarif_validates_and_has_what_code_scanning_reads(tmp_path, sarif_validator):
    related = RelatedLocation("app/base.py", Span(1, 1, 1, 5), "Base is declared here")
    findings = [_fixable(), replace(_finding(severity="info", span=Span(2, 1, 2, 2)), related=(related,))]
    log = json.loads(sarif.render(findings, _ctx(tmp_path)))
    sarif_validator.validate(log)

    run = log["runs"][0]
    assert log["version"] == "2.1.0"
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == tmp_path.resolve().as_uri() + "/"
    driver = run["tool"]["driver"]
    assert driver["name"] == "ormlint" and driver["version"] and driver["informationUri"].startswith("https://")
    ids = [r["id"] for r in driver["rules"]]
    assert ids[0] == "ORM001" and ids[1:] == [r.code for r in all_rules()]

    first, second = run["results"]
    assert first["ruleId"] == "ORM501" and first["level"] == "error"
    if "ORM501" in ids:
        assert driver["rules"][first["ruleIndex"]]["id"] == "ORM501"
    location = first["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "app/models.py", "uriBaseId": "%SRCROOT%"}
    assert location["region"] == {"startLine": 4, "startColumn": 20, "endLine": 4, "endColumn": 25}
    assert second["level"] == "note"
    assert second["relatedLocations"][0]["message"]["text"] == "Base is declared here"
    assert second["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "app/base.py"
    assert "fixes" not in second


def test_sarif_fix_replaces_whole_lines(tmp_path):
    log = json.loads(sarif.render([_fixable()], _ctx(tmp_path)))
    fix = log["runs"][0]["results"][0]["fixes"][0]
    assert "unsafe" in fix["description"]["text"]
    change = fix["artifactChanges"][0]
    assert change["artifactLocation"] == {"uri": "app/models.py", "uriBaseId": "%SRCROOT%"}
    insert, edit = change["replacements"]
    assert insert["deletedRegion"] == {"startLine": 1, "startColumn": 1, "endLine": 1, "endColumn": 1}
    assert insert["insertedContent"]["text"] == "from sqlalchemy import Numeric\n"
    assert edit["deletedRegion"] == {"startLine": 4, "startColumn": 1, "endLine": 5, "endColumn": 1}


def test_sarif_fix_at_end_of_file_without_final_newline(tmp_path, sarif_validator):
    log = json.loads(sarif.render([_fixable()], _ctx(tmp_path, SOURCE.rstrip("\n"))))
    sarif_validator.validate(log)
    region = log["runs"][0]["results"][0]["fixes"][0]["artifactChanges"][0]["replacements"][1]["deletedRegion"]
    assert region == {"startLine": 4, "startColumn": 1, "endLine": 4, "endColumn": len("    price = Column(Float)") + 1}


def test_sarif_rule_descriptors(tmp_path, sarif_validator):
    log = json.loads(sarif.render([], _ctx(tmp_path)))
    sarif_validator.validate(log)
    descriptors = {r["id"]: r for r in log["runs"][0]["tool"]["driver"]["rules"]}
    assert descriptors["ORM001"]["name"] == "syntax-error"
    for rule in all_rules():
        descriptor = descriptors[rule.code]
        assert descriptor["name"] == rule.name
        assert descriptor["shortDescription"]["text"] == rule.summary
        assert descriptor["fullDescription"]["text"]
        assert descriptor["help"]["text"] == rule.doc()
        markdown = descriptor["help"]["markdown"]
        assert "## Why is this bad?" in markdown or "Why is this bad?\n---" in markdown
        assert descriptor["helpUri"].endswith(f"/{rule.code}/")
        level = {"error": "error", "warning": "warning", "info": "note"}[rule.severity]
        assert descriptor["defaultConfiguration"]["level"] == level
        tags = descriptor["properties"]["tags"]
        assert rule.family in tags
        security = rule.family == "raw-sql" or "credential" in rule.name
        assert ("security-severity" in descriptor["properties"]) == security
        assert ("security" in tags) == security


def test_sarif_help_markdown_headings():
    underlined = "What it does\n------------\nFlags x.\n\nFix safety\n----------\nNone."
    assert sarif._markdown(underlined) == underlined
    assert sarif._markdown("What it does:\nFlags x.\n\n## Fix safety\nNone.") == (
        "## What it does\nFlags x.\n\n## Fix safety\nNone.")
    assert sarif._first_paragraph(underlined) == "Flags x."
    indented = "Float money.\n\nWhat it does:\n    Finds x.\n\n    ```python\n    a = 1\n    ```\n\nFix safety:\n    Unsafe."
    assert sarif._markdown(indented) == (
        "Float money.\n\n## What it does\nFinds x.\n\n```python\na = 1\n```\n\n## Fix safety\nUnsafe.")
    assert sarif._first_paragraph(indented) == "Float money."


def test_sarif_paths_are_uri_encoded_and_absolute_paths_are_file_uris(tmp_path, sarif_validator):
    findings = [_finding(path="app/my models.py"), _finding(path="/elsewhere/x.py")]
    log = json.loads(sarif.render(findings, _ctx(tmp_path)))
    sarif_validator.validate(log)
    first, second = (r["locations"][0]["physicalLocation"]["artifactLocation"] for r in log["runs"][0]["results"])
    assert first == {"uri": "app/my%20models.py", "uriBaseId": "%SRCROOT%"}
    assert second == {"uri": "file:///elsewhere/x.py"}


def test_fingerprints_survive_moves_and_distinguish_duplicates(tmp_path):
    ctx = _ctx(tmp_path)
    original = _finding()
    moved = _finding(span=Span(40, 20, 40, 25), statement_lines=(40, 40))
    assert stable_fingerprints([original], ctx) == stable_fingerprints([moved], ctx)
    twins = stable_fingerprints([original, moved], ctx)
    assert len(set(twins)) == 2
    assert twins[0] == stable_fingerprints([original], ctx)[0]
    other_file = stable_fingerprints([_finding(path="app/other.py")], ctx)
    other_code = stable_fingerprints([_finding(code="ORM502")], ctx)
    other_text = stable_fingerprints([_finding(statement_text="total = Column(Float)")], ctx)
    assert len({twins[0], other_file[0], other_code[0], other_text[0]}) == 4


def test_fingerprint_without_statement_uses_the_source_line(tmp_path):
    ctx = _ctx(tmp_path, "x = 1\ndef broken(:\n")
    error = Finding("ORM001", "syntax-error", "app/models.py", Span(2, 12, 2, 13), "syntax error", "error")
    moved_text = "\n\nx = 1\ndef broken(:\n"
    moved_ctx = _ctx(tmp_path / "moved", moved_text)
    moved = replace(error, span=Span(4, 12, 4, 13))
    assert stable_fingerprints([error], ctx) == stable_fingerprints([moved], moved_ctx)


# -- GitHub annotations ------------------------------------------------------------------


def test_github_annotation_per_severity(tmp_path):
    ctx = _ctx(tmp_path)
    text = github.render([_finding(), _finding(severity="warning"), _finding(severity="info")], ctx)
    lines = text.splitlines()
    assert lines[0] == (
        "::error file=app/models.py,line=4,col=20,endLine=4,endColumn=25,title=ORM501 float-money::"
        "Column 'price' stores money as Float: use Numeric(12, 2)"
    )
    assert lines[1].startswith("::warning file=") and lines[2].startswith("::notice file=")
    assert github.render([], ctx) == ""


def test_github_escaping():
    finding = _finding(path="app/a,b:c%.py", message="50% off\r\nnext line: here, there")
    line = github.annotation(finding)
    assert "file=app/a%2Cb%3Ac%25.py," in line
    assert line.endswith("::50%25 off%0D%0Anext line: here, there")
    assert "\n" not in line and "\r" not in line


# -- GitLab Code Quality -------------------------------------------------------------------


def test_gitlab_code_quality(tmp_path):
    ctx = _ctx(tmp_path)
    findings = [_finding(span=Span(4, 5, 6, 2)), _finding(severity="warning"), _finding(severity="info")]
    issues = json.loads(gitlab.render(findings, ctx))
    assert [i["severity"] for i in issues] == ["critical", "major", "info"]
    first = issues[0]
    assert first["check_name"] == "ORM501 float-money"
    assert "price" in first["description"]
    assert first["location"] == {"path": "app/models.py", "lines": {"begin": 4, "end": 6}}
    assert first["fingerprint"] == stable_fingerprints(findings, ctx)[0]
    assert len({i["fingerprint"] for i in issues}) == 3
    assert json.loads(gitlab.render([], ctx)) == []


# -- JSON and text ------------------------------------------------------------------------


def test_json_fields(tmp_path):
    [item] = json.loads(renderer("json")([_fixable()], _ctx(tmp_path)))
    assert {k: item[k] for k in ("code", "name", "path", "line", "column", "end_line", "end_column", "severity")} == {
        "code": "ORM501", "name": "float-money", "path": "app/models.py",
        "line": 4, "column": 20, "end_line": 4, "end_column": 25, "severity": "error",
    }
    assert item["fix"]["safety"] == "unsafe" and len(item["fix"]["edits"]) == 2
    assert item["url"].endswith("/ORM501/")


def test_text_shows_location_source_marker_fix_and_summary(tmp_path):
    text = renderer("text")([_fixable()], _ctx(tmp_path))
    lines = text.splitlines()
    assert lines[0] == "app/models.py:4:20: ORM501 Column 'price' stores money as Float: use Numeric(12, 2)"
    assert lines[1] == "    4 |     price = Column(Float)"
    assert lines[2] == "      |                    ^^^^^"
    assert "fix (unsafe, --unsafe-fixes --fix): Use Numeric(12, 2)" in text
    assert lines[-2:] == ["Found 1 finding in 1 file checked.", "1 more with --unsafe-fixes."]
    assert "\x1b[" not in text


def test_text_marker_lines_up_under_tabs(tmp_path):
    ctx = _ctx(tmp_path, "class Order:\n\tprice = Column(Float)\n")
    text = renderer("text")([_finding(span=Span(2, 17, 2, 22))], ctx)
    source, marker = text.splitlines()[1:3]
    assert source.index("Float") == marker.index("^")


def test_text_colour_only_when_asked(tmp_path):
    assert "\x1b[" in renderer("text")([_finding()], _ctx(tmp_path, color=True))
    clean = renderer("text")([], _ctx(tmp_path))
    assert clean == "All checks passed (1 file checked)\n"


def test_source_lines_are_numbered_like_python(tmp_path):
    """A form feed does not end a line; a BOM is not part of line 1; the file's coding is honoured."""
    target = tmp_path / "app/models.py"
    target.parent.mkdir(parents=True)
    target.write_bytes(b"\xef\xbb\xbf# page one\n\x0c\nclass Order(Base):\n    price = Column(Float)\n")
    ctx = ReportContext(root=tmp_path, files=1)
    assert ctx.line_of("app/models.py", 1) == "# page one"
    assert ctx.line_of("app/models.py", 4) == "    price = Column(Float)"
    target.write_bytes(b"# -*- coding: latin-1 -*-\nprix = 'caf\xe9'\n")
    assert ReportContext(root=tmp_path).line_of("app/models.py", 2) == "prix = 'café'"
