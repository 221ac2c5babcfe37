"""Human output: ``path:line:col: CODE message``, the source line with a marker, a summary."""

from __future__ import annotations

from collections import Counter

from ormlint.core.findings import Finding
from ormlint.engine.redact import redact
from ormlint.engine.report import ReportContext, plural

SECRET_MASK = '"***"'
_STYLES = {"bold": "1", "red": "31", "yellow": "33", "cyan": "36", "dim": "2", "green": "32"}


def _style(ctx: ReportContext, text: str, *styles: str) -> str:
    if not ctx.color:
        return text
    codes = ";".join(_STYLES[s] for s in styles)
    return f"\x1b[{codes}m{text}\x1b[0m"


def render(findings: list[Finding], ctx: ReportContext) -> str:
    out: list[str] = []
    secrets = _secret_spans(findings)
    for finding in findings:
        out.extend(_finding(finding, ctx, secrets.get((finding.path, finding.line), [])))
    if ctx.statistics and findings:
        out.append(_statistics(findings))
    out.append(_summary(findings, ctx))
    return "\n".join(out) + "\n"


def _finding(finding: Finding, ctx: ReportContext, secrets: list[tuple[int, int]]) -> list[str]:
    where = _style(ctx, f"{finding.path}:{finding.line}:{finding.column}:", "bold")
    colour = "red" if finding.severity == "error" else "yellow"
    lines = [f"{where} {_style(ctx, finding.code, colour, 'bold')} {finding.message}"]
    source = ctx.line_of(finding.path, finding.line)
    start = finding.column - 1
    end = finding.span.end_column - 1 if finding.span.end_line == finding.line else len(source)
    for secret_start, secret_end in sorted(secrets, reverse=True):  # never print a secret
        source = source[:secret_start] + SECRET_MASK + source[secret_end:]
        if finding.secret and secret_start == start:
            end = start + len(SECRET_MASK)
    masked = redact(source)
    if masked != source:  # keep the marker under the same code
        start, end = len(redact(source[:start])), len(redact(source[:end]))
        source = masked
    if source.strip():
        gutter = f"{finding.line:>5} | "
        # One column per character, so a tab shows as one space and the marker lines up.
        lines.append(_style(ctx, gutter, "dim") + source.replace("\t", " "))
        width = max(1, min(end, len(source)) - start)
        lines.append(" " * len(f"{finding.line:>5} ") + _style(ctx, "| ", "dim") + " " * start + _style(ctx, "^" * width, colour))
    for related in finding.related:
        lines.append(f"      = related: {related.path}:{related.span.line}:{related.span.column}: {related.message}")
    if finding.fix:
        flag = "--fix" if finding.fix.safety == "safe" else "--unsafe-fixes --fix"
        lines.append(_style(ctx, f"      = fix ({finding.fix.safety}, {flag}): {finding.fix.description}", "cyan"))
    lines.append("")
    return lines


def _secret_spans(findings: list[Finding]) -> dict[tuple[str, int], list[tuple[int, int]]]:
    """Columns (0-based, end exclusive) of secrets on each line, from findings that point at one."""
    spans: dict[tuple[str, int], list[tuple[int, int]]] = {}
    for finding in findings:
        if finding.secret:
            end = finding.span.end_column - 1 if finding.span.end_line == finding.line else 10**9
            spans.setdefault((finding.path, finding.line), []).append((finding.column - 1, end))
    return spans


def _statistics(findings: list[Finding]) -> str:
    counts = Counter((f.code, f.name) for f in findings)
    fixable = Counter(f.code for f in findings if f.fix)
    rows = [f"{n:>6}  {code}  {name}{'  [fixable]' if fixable[code] else ''}" for (code, name), n in counts.most_common()]
    return "\n".join(rows) + "\n"


def _summary(findings: list[Finding], ctx: ReportContext) -> str:
    checked = ctx.files - ctx.unreadable
    if ctx.files == 0:
        return _style(ctx, "No Python files found.", "yellow")
    if checked == 0:
        return _style(ctx, f"Nothing checked: 0 of {plural(ctx.files, 'file')} could be read.", "red")
    where = f"{plural(checked, 'file')} checked"
    if ctx.unreadable:
        where += f", {plural(ctx.unreadable, 'file')} could not be read"
    fixed = len(ctx.fixed)
    known = len(ctx.unchanged or ())
    baseline = f"; {known} known finding{'s' if known != 1 else ''} in the baseline" if known else ""
    if not findings:
        text = f"All checks passed ({where}{baseline})"
        if fixed:
            text = f"Fixed {plural(fixed, 'finding')}; no findings remain ({where})"
        return _style(ctx, text, "green")
    text = f"Found {plural(len(findings), 'finding')} in {where}"
    if known:
        text += f" ({known} more in the baseline)"
    if fixed:
        text += f" ({fixed} fixed)"
    safe = sum(1 for f in findings if f.fix and f.fix.safety == "safe")
    unsafe = sum(1 for f in findings if f.fix and f.fix.safety == "unsafe")
    hints = []
    if ctx.fix_hint and safe:
        hints.append(f"{safe} fixable with --fix")
    if ctx.fix_hint and unsafe:
        hints.append(f"{unsafe} more with --unsafe-fixes")
    if hints:
        text += ".\n" + "; ".join(hints)
    return text + "."
