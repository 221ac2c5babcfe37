"""JSON: a stable list of findings (documented in the README)."""

from __future__ import annotations

import json

from ormlint.core.findings import Finding
from ormlint.engine.report import ReportContext, rule_url


def finding_dict(finding: Finding) -> dict:
    fix = None
    if finding.fix:
        fix = {
            "safety": finding.fix.safety,
            "message": finding.fix.description,
            "edits": [
                {"line": e.line, "end_line": e.end_line, "start": e.start, "end": e.end, "content": e.text}
                for e in finding.fix.edits
            ],
        }
    return {
        "code": finding.code,
        "name": finding.name,
        "path": finding.path,
        "line": finding.span.line,
        "column": finding.span.column,
        "end_line": finding.span.end_line,
        "end_column": finding.span.end_column,
        "message": finding.message,
        "severity": finding.severity,
        "fix": fix,
        "related": [
            {"path": r.path, "line": r.span.line, "column": r.span.column, "message": r.message}
            for r in finding.related
        ],
        "url": rule_url(finding.code),
    }


def render(findings: list[Finding], ctx: ReportContext) -> str:
    return json.dumps([finding_dict(f) for f in findings], indent=2, ensure_ascii=False) + "\n"
