"""SARIF 2.1.0, shaped for GitHub code scanning.

``tool.driver.rules`` lists every known rule (plus the engine's ``ORM001``), not only
the ones that fired: rule indexes then stay stable between runs, and code scanning
shows the documentation of every rule a project could meet. Paths are repo-relative
URIs under ``%SRCROOT%``; columns count Unicode code points (end exclusive);
``partialFingerprints["ormlint/v1"]`` hashes the rule, the path and the reported
statement's normalised text (plus its occurrence among identical ones), so an alert
keeps its identity when unrelated edits move it to another line. With a baseline, every
result has a ``baselineState``: ``new``, or ``unchanged`` for the baseline's findings,
which are listed too (the other formats leave them out).
"""

from __future__ import annotations

import hashlib
import json
import textwrap
from pathlib import PurePosixPath
from urllib.parse import quote

from ormlint import __version__
from ormlint.api import Rule
from ormlint.core.findings import Finding, Fix, Span
from ormlint.engine.finding_keys import finding_keys
from ormlint.engine.registry import ENGINE_RULES, EngineCode, all_rules
from ormlint.engine.report import DOCS_URL, ReportContext, rule_url

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = DOCS_URL.split("/rules/")[0] + "/"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "ormlint/v1"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
# GitHub ranks security alerts by this score (critical >= 9.0, high >= 7.0, medium >= 4.0).
SECURITY_SEVERITY = {"error": "8.0", "warning": "5.5", "info": "3.0"}
DOC_HEADINGS = ("What it does", "Why is this bad?", "Example", "Use instead", "Fix safety", "Options", "References")


def stable_fingerprints(findings: list[Finding], ctx: ReportContext) -> list[str]:
    """One sha256 per finding, independent of its line number: a hash of its
    :class:`~ormlint.engine.finding_keys.FindingKey`. Occurrences are numbered among the
    findings of the whole run, those hidden by a baseline included, so a fingerprint does
    not depend on whether a baseline was given."""
    given = {id(f) for f in findings}
    hidden = [f for f in ctx.unchanged or () if id(f) not in given]
    everything = sorted([*findings, *hidden], key=Finding.sort_key)
    keys = {id(f): key for f, key in zip(everything, finding_keys(everything, ctx.line_of))}
    result = []
    for finding in findings:
        payload = "\0".join(map(str, keys[id(finding)]))
        result.append(hashlib.sha256(payload.encode("utf-8", "surrogatepass")).hexdigest())
    return result


def is_security_rule(rule: type[Rule]) -> bool:
    return rule.family == "raw-sql" or "credential" in rule.name


def render(findings: list[Finding], ctx: ReportContext) -> str:
    rules = _rule_descriptors()
    index = {descriptor["id"]: i for i, descriptor in enumerate(rules)}
    fingerprints = stable_fingerprints(findings, ctx)
    results = [_result(f, index, fp, ctx) for f, fp in zip(findings, fingerprints)]
    if ctx.unchanged is not None:  # a baseline was given: list its findings too, by state
        for result in results:
            result["baselineState"] = "new"
        known = stable_fingerprints(ctx.unchanged, ctx)
        results.extend({**_result(f, index, fp, ctx), "baselineState": "unchanged"} for f, fp in zip(ctx.unchanged, known))
    run = {
        "tool": {
            "driver": {
                "name": "ormlint",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": INFORMATION_URI,
                "rules": rules,
            }
        },
        "originalUriBaseIds": {SRCROOT: {"uri": _root_uri(ctx)}},
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    log = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


# -- rules ---------------------------------------------------------------------------


def _rule_descriptors() -> list[dict]:
    descriptors = [_engine_descriptor(engine) for engine in ENGINE_RULES]
    descriptors.extend(_rule_descriptor(rule) for rule in all_rules())
    return descriptors


def _engine_descriptor(engine: EngineCode) -> dict:
    return {
        "id": engine.code,
        "name": engine.name,
        "shortDescription": {"text": engine.summary},
        "fullDescription": {"text": _first_paragraph(engine.doc())},
        "help": {"text": engine.doc(), "markdown": _markdown(engine.doc())},
        "helpUri": rule_url(engine.code),
        "defaultConfiguration": {"level": "error"},
        "properties": {"tags": ["ormlint", "engine"]},
    }


def _rule_descriptor(rule: type[Rule]) -> dict:
    doc = rule.doc() or rule.summary
    tags = ["ormlint", rule.family, *rule.orms]
    properties: dict = {"tags": tags}
    if is_security_rule(rule):
        tags.insert(1, "security")
        properties["security-severity"] = SECURITY_SEVERITY[rule.severity]
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary or rule.name},
        "fullDescription": {"text": _first_paragraph(doc) or rule.summary or rule.name},
        "help": {"text": doc, "markdown": _markdown(doc)},
        "helpUri": rule_url(rule.code),
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": properties,
    }


def _first_paragraph(doc: str) -> str:
    """The text under the first heading ("What it does"), as one line."""
    words: list[str] = []
    for line in doc.splitlines():
        if _heading(line) is not None or set(line.strip()) <= set("-="):
            if words:
                break
            continue
        words.extend(line.split())
    return " ".join(words)


def _heading(line: str) -> str | None:
    text = line.strip().lstrip("#").strip().rstrip(":").strip()
    return text if text in DOC_HEADINGS else None


def _markdown(doc: str) -> str:
    """The docstring as Markdown: bare section titles become headings, section bodies are
    dedented (an indented paragraph would otherwise render as a code block)."""
    lines = doc.splitlines()
    out: list[str] = []
    body: list[str] = []

    def flush() -> None:
        out.extend(textwrap.dedent("\n".join(body)).split("\n") if body else [])
        body.clear()

    for number, line in enumerate(lines):
        heading = _heading(line)
        if heading is None or line.startswith((" ", "\t")):
            body.append(line)
            continue
        flush()
        following = lines[number + 1].strip() if number + 1 < len(lines) else ""
        underlined = bool(following) and set(following) <= set("-=")
        out.append(line if line.startswith("#") or underlined else f"## {heading}")
    flush()
    return "\n".join(out)


# -- results -------------------------------------------------------------------------


def _result(finding: Finding, index: dict[str, int], fingerprint: str, ctx: ReportContext) -> dict:
    result: dict = {
        "ruleId": finding.code,
        "level": LEVELS[finding.severity],
        "message": {"text": finding.message},
        "locations": [_location(finding.path, finding.span)],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
    }
    if finding.code in index:
        result["ruleIndex"] = index[finding.code]
    if finding.related:
        result["relatedLocations"] = [
            {"id": number, **_location(related.path, related.span), "message": {"text": related.message}}
            for number, related in enumerate(finding.related, start=1)
        ]
    if finding.fix is not None and finding.fix.edits:  # no edits: held back (a secret) or not computed
        result["fixes"] = [_fix(finding.path, finding.fix, ctx)]
    return result


def _artifact(path: str) -> dict:
    posix = PurePosixPath(path)
    if posix.is_absolute():
        return {"uri": "file://" + quote(path)}
    return {"uri": quote(path), "uriBaseId": SRCROOT}


def _location(path: str, span: Span) -> dict:
    return {
        "physicalLocation": {
            "artifactLocation": _artifact(path),
            "region": {
                "startLine": span.line,
                "startColumn": span.column,
                "endLine": max(span.end_line, span.line),
                "endColumn": max(span.end_column, 1),
            },
        }
    }


def _fix(path: str, fix: Fix, ctx: ReportContext) -> dict:
    """Each edit replaces whole lines ``line``..``end_line - 1`` (an insertion when equal)."""
    lines = ctx.lines(path)
    open_end = lines[-1] != ""  # the last line has no line break
    replacements = []
    for edit in fix.edits:
        if open_end and edit.end_line > len(lines) and edit.end_line > edit.line:
            # The edit runs to the end of a file without a final newline: end after the last character.
            region = {"startLine": edit.line, "startColumn": 1, "endLine": len(lines), "endColumn": len(lines[-1]) + 1}
        else:
            region = {"startLine": edit.line, "startColumn": 1, "endLine": edit.end_line, "endColumn": 1}
        replacements.append({"deletedRegion": region, "insertedContent": {"text": edit.text}})
    return {
        "description": {"text": f"{fix.description} ({fix.safety} fix)"},
        "artifactChanges": [{"artifactLocation": _artifact(path), "replacements": replacements}],
    }


def _root_uri(ctx: ReportContext) -> str:
    uri = ctx.root.resolve().as_uri()
    return uri if uri.endswith("/") else uri + "/"
