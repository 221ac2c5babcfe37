"""GitLab Code Quality: the JSON list that a ``codequality`` report artifact holds.

Severities: ``error`` → ``critical``, ``warning`` → ``major``, ``info`` → ``info``
(``blocker`` is left for nothing ormlint can know: whether a merge must be refused is a
project's choice, made with ``--select``). Fingerprints are the SARIF ones, stable
across edits that only move a finding.
"""

from __future__ import annotations

import json

from ormlint.core.findings import Finding
from ormlint.engine.report import ReportContext
from ormlint.engine.report.sarif import stable_fingerprints

SEVERITIES = {"error": "critical", "warning": "major", "info": "info"}


def render(findings: list[Finding], ctx: ReportContext) -> str:
    issues = [
        {
            "type": "issue",
            "engine_name": "ormlint",
            "check_name": f"{finding.code} {finding.name}",
            "description": f"{finding.code} {finding.message}",
            "categories": ["Bug Risk"],
            "fingerprint": fingerprint,
            "severity": SEVERITIES[finding.severity],
            "location": {
                "path": finding.path,
                "lines": {"begin": finding.span.line, "end": max(finding.span.end_line, finding.span.line)},
            },
        }
        for finding, fingerprint in zip(findings, stable_fingerprints(findings, ctx))
    ]
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"
