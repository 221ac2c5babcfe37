"""Checking one file: parse, run the rules, place findings, apply suppressions and fixes."""

from __future__ import annotations

import ast
import difflib
import re
import sys
import warnings
from dataclasses import dataclass, replace
from typing import Sequence

import libcst as cst
from libcst.metadata import PositionProvider

from ormlint.api import CstFix, FileContext, ImportSpec, PendingReport, Rule
from ormlint.core.config import Config
from ormlint.core.findings import Finding, Fix, RelatedLocation, Span, TextEdit
from ormlint.engine.contexts import file_roles, reports_in, runs_only_where_skipped, skipped_roles
from ormlint.engine.discovery import matches_any, path_roles
from ormlint.engine.finding_keys import normalise_code
from ormlint.engine.limits import Refusal, survey
from ormlint.engine.noqa import suppress
from ormlint.engine.registry import ENGINE_CODES, is_enabled
from ormlint.index import ProjectIndex, extract_facts
from ormlint.index.facts import FileFacts
from ormlint.orms import orm_packages, star_exports
from ormlint.syntax.names import ImportTable, module_name_for
from ormlint.syntax.walk import Dispatcher, prepared

MAX_FIX_ROUNDS = 10
# Deeply nested expressions (long string concatenations) need more than Python's default.
RECURSION_LIMIT = 20_000
SYNTAX_ERROR = ("ORM001", ENGINE_CODES["ORM001"])
STAR_EXPORTS = star_exports()  # what ``from peewee import *`` and the like bind
ORM_PACKAGES = orm_packages()  # top packages of the ORMs: a project folder so named is not one unless a package


@dataclass
class ParsedFile:
    path: str  # repo-relative display path
    text: str
    module: cst.Module
    module_name: str
    imports: ImportTable
    roles: frozenset[str]
    tokens: int  # as ormlint.engine.limits.token_count counts them
    statement_lines: tuple[int, ...]  # first line of every statement in source order (may be empty)


def parse(path: str, text: str, roles: frozenset[str], config: Config = Config()) -> ParsedFile | Finding:
    """Parse a file; a syntax error, or a file the parser cannot take (too large, too deep: see
    ormlint.engine.limits), becomes an ORM001 finding."""
    if sys.getrecursionlimit() < RECURSION_LIMIT:
        sys.setrecursionlimit(RECURSION_LIMIT)
    checked = survey(text, config)
    if isinstance(checked, Refusal):
        return not_checked(path, checked.reason, checked.line, checked.column)
    try:
        module = cst.parse_module(text)
    except cst.ParserSyntaxError as exc:
        line, column, message = _python_syntax_error(text) or (max(exc.raw_line, 1), exc.raw_column + 1, exc.message)
        return not_checked(path, f"syntax error: {message}", line, column)
    except (RecursionError, MemoryError, ValueError) as exc:  # pathological input
        return not_checked(path, f"not checked: the parser failed ({type(exc).__name__})")
    module_name = _module_name(path, roles)
    imports = ImportTable.from_module(module, module_name, path.endswith("__init__.py"), STAR_EXPORTS)
    return ParsedFile(path, text, module, module_name, imports, roles, checked.tokens, checked.statement_lines)


def _module_name(path: str, roles: frozenset[str]) -> str:
    """The file's module name; below a top folder named like an ORM's package that is not the ORM's own source
    (a monorepo's ``django/`` holding its site and ``manage.py``), as Python imports it there: without that folder
    (``django/shop/models.py`` is ``shop.models``, not a module of Django)."""
    name = module_name_for(path)
    top, _, rest = name.partition(".")
    return rest if rest and top in ORM_PACKAGES and "orm-source" not in roles else name


def facts_of(parsed: ParsedFile) -> FileFacts:
    """The file's facts for the project index."""
    with prepared(parsed.module):
        return extract_facts(parsed.path, parsed.module_name, parsed.module, parsed.imports, parsed.statement_lines)


def not_checked(path: str, reason: str, line: int = 1, column: int = 1) -> Finding:
    """The ORM001 finding for a file that was not checked: a syntax error, or input ormlint cannot take."""
    return Finding(
        code=SYNTAX_ERROR[0], name=SYNTAX_ERROR[1], path=path, span=Span(line, column, line, column + 1),
        message=reason, severity="error", statement_lines=(line, line),
    )


_TEMPLATE_LINE = re.compile(r"^[ \t]*(?:\{%|\{\{|\{#)", re.MULTILINE)  # a line that opens with a tag
_TEMPLATE_TAG = re.compile(r"\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\}")  # a tag anywhere: from.{{ version }}.client


def template_line(text: str, error_line: int) -> int | None:
    """The line that shows a file that does not parse is a Jinja/Django template rendering to
    Python (project generators, SDK templates): the syntax error's own line when it holds a
    template tag (``{% ... %}``, ``{{ ... }}``, ``{# ... #}``), else the first line that opens with
    one; None when neither, for a plain syntax error."""
    lines = text.splitlines()
    if 0 < error_line <= len(lines) and _TEMPLATE_TAG.search(lines[error_line - 1]):
        return error_line
    found = _TEMPLATE_LINE.search(text)
    return text.count("\n", 0, found.start()) + 1 if found else None


_SHEBANG = re.compile(r"#!\s*(\S+)(?:\s+(\S+))?")


def foreign_interpreter(text: str) -> str | None:
    """``bash`` for a file whose first line names another interpreter (``#!/bin/bash``, ``#!/usr/bin/env
    node``): a script in another language that only bears a ``.py`` name; None for Python or no such line."""
    found = _SHEBANG.match(text.split("\n", 1)[0])
    if found is None:
        return None
    program = found.group(1).rsplit("/", 1)[-1]
    if program == "env" and found.group(2):
        program = found.group(2).rsplit("/", 1)[-1]
    return None if program.startswith(("python", "pypy")) or program == "env" else program


# What Python 3 says of the statements only Python 2 has: ``print "x"``, ``exec code``, ``0777``
_PYTHON2_ERRORS = re.compile(r"Missing parentheses in call to '(?:print|exec)'|leading zeros in decimal integer")
# Python 2 spellings Python 3 calls plain invalid syntax, on the line of the error: ``ur"x"``, ``a <> b``,
# backquotes, ``raise E, "message"``
_PYTHON2_SPELLINGS = re.compile(r"""(?<![\w'"])[uU][rR]['"]|<>|`|^\s*raise\s+[\w.]+\s*,""")


def python2_syntax(text: str, message: str, error_line: int) -> bool:
    """A syntax error (its message as ``parse`` words it, on line ``error_line`` of ``text``) in syntax only Python 2
    has: a file of a Python 2 code base, which Python 3 does not run either."""
    if _PYTHON2_ERRORS.search(message):
        return True
    lines = text.splitlines()
    line = lines[error_line - 1] if 0 < error_line <= len(lines) else ""
    return message.endswith("invalid syntax") and _PYTHON2_SPELLINGS.search(line) is not None


def _python_syntax_error(text: str) -> tuple[int, int, str] | None:
    """Python's own position and message for a syntax error (more precise than LibCST's)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compile(text, "<ormlint>", "exec", flags=ast.PyCF_ONLY_AST, dont_inherit=True)
    except SyntaxError as exc:
        return max(exc.lineno or 1, 1), max(exc.offset or 1, 1), exc.msg
    except (ValueError, RecursionError, MemoryError):
        return None
    return None


def rules_for_file(rules: Sequence[type[Rule]], path: str, text: str, roles: frozenset[str], config: Config,
                   index: ProjectIndex):
    """The rules that can report on the file: its roles, per-file-ignores and prefilters allow them."""
    ignored = _per_file_ignores(path, config)
    for rule in rules:
        if not reports_in(rule, roles, config):
            continue
        if ignored and is_enabled(rule.code, rule.name, ignored, (), ()):
            continue
        if rule.prefilter and not any(token in text for token in rule.prefilter) and not any(
                token in text for table in rule.prefilter_tables for token in index.derived(table).hints):
            continue
        yield rule


def _per_file_ignores(path: str, config: Config) -> tuple[str, ...]:
    codes: list[str] = []
    for glob, ignored in config.per_file_ignores:
        if matches_any(path, (glob,)):
            codes.extend(ignored)
    return tuple(codes)


def lint_parsed(parsed: ParsedFile, rules: Sequence[type[Rule]], index: ProjectIndex, config: Config,
                fix_edits: bool = True) -> list[Finding]:
    """Findings of ``rules`` on one parsed file. Without ``fix_edits`` a fix keeps only its
    safety and description (computing its edits costs a codegen; text output needs none)."""
    with prepared(parsed.module):
        return _lint_prepared(parsed, rules, index, config, fix_edits)


def _lint_prepared(parsed: ParsedFile, rules: Sequence[type[Rule]], index: ProjectIndex, config: Config,
                   fix_edits: bool) -> list[Finding]:
    roles = file_roles(parsed.path, parsed.roles, index, config)
    ctx = FileContext(parsed.path, parsed.text, parsed.module, parsed.module_name, parsed.imports, roles, index, config,
                      lambda path: file_roles(path, path_roles(path, config), index, config))
    active = [rule_cls(ctx) for rule_cls in rules_for_file(rules, parsed.path, parsed.text, roles, config, index)]
    if not active:
        return []
    stack: list[cst.CSTNode] = []
    for rule in active:
        rule.ancestors = stack
    Dispatcher(active, stack).run(parsed.module)
    unique: dict[tuple[str, int, str], tuple[type[Rule], PendingReport]] = {}
    for rule in active:  # one finding per rule, node and message: a rule reaching it twice says it once
        skipped = skipped_roles(type(rule), config)
        for report in rule.reports:
            if not ("test" in skipped and ctx.in_test_code(report.node)
                    or runs_only_where_skipped(ctx, report.node, skipped)):
                unique.setdefault((rule.code, id(report.node), report.message), (type(rule), report))
    pending = list(unique.values())
    if not pending:
        return []
    positions = ctx.metadata(PositionProvider)
    findings = [_place(ctx, positions, rule_cls, report, fix_edits) for rule_cls, report in pending]
    return suppress(findings, parsed.text)


def _span(positions, node: cst.CSTNode) -> Span:
    rng = positions[node]
    return Span(rng.start.line, rng.start.column + 1, rng.end.line, rng.end.column + 1)


def _place(ctx: FileContext, positions, rule: type[Rule], report: PendingReport, fix_edits: bool) -> Finding:
    span = _span(positions, report.node)
    statement = next(
        (a for a in ctx.ancestors(report.node) if isinstance(a, (cst.SimpleStatementLine, cst.BaseCompoundStatement))),
        None,
    )
    if isinstance(statement, cst.SimpleStatementLine):
        stmt_span = _span(positions, statement)
        lines = (stmt_span.line, stmt_span.end_line)
    elif statement is not None:  # a compound statement: only its header counts
        lines = (_span(positions, statement).line, span.end_line)
    else:
        lines = (span.line, span.end_line)
    anchor = statement if statement is not None else report.node
    if rule.reports_secrets:
        anchor = anchor.visit(_MaskStrings())
    statement_text = normalise_code(_header_code(ctx.module, anchor))
    fix = None
    if report.fix is not None:
        fix = to_text_fix(ctx, positions, report.fix) if fix_edits else Fix(report.fix.safety, report.fix.description, ())
    related = tuple(RelatedLocation(ctx.path, _span(positions, r.node), r.message) for r in report.related)
    return Finding(
        code=rule.code, name=rule.name, path=ctx.path, span=span, message=report.message,
        severity=report.severity, fix=fix, related=related, statement_lines=lines, statement_text=statement_text,
        secret=rule.reports_secrets,
    )


class _MaskStrings(cst.CSTTransformer):
    """Every string literal becomes ``"***"``: statement texts of secret findings carry no secret."""

    def leave_SimpleString(self, original_node, updated_node):
        return cst.SimpleString('"***"')

    def leave_FormattedString(self, original_node, updated_node):
        return cst.SimpleString('"***"')


def _header_code(module: cst.Module, node: cst.CSTNode) -> str:
    """The statement's code without comments or body, for fingerprints that survive edits."""
    if isinstance(node, cst.BaseCompoundStatement) and hasattr(node, "body"):
        node = node.with_changes(body=cst.SimpleStatementSuite(body=[cst.Pass()]))
    if hasattr(node, "leading_lines"):
        node = node.with_changes(leading_lines=())
    if isinstance(node, cst.SimpleStatementLine):
        node = node.with_changes(trailing_whitespace=cst.TrailingWhitespace())
    try:
        return module.code_for_node(node)
    except Exception:  # noqa: BLE001 - a fingerprint must never break a run
        return ""


# -- fixes ---------------------------------------------------------------------------


class _Replacer(cst.CSTTransformer):
    def __init__(self, replacements) -> None:
        super().__init__()
        self.replacements = dict(replacements)

    def on_leave(self, original_node, updated_node):
        return self.replacements.get(original_node, updated_node)


def to_text_fix(ctx: FileContext, positions, fix: CstFix) -> Fix | None:
    """Express a CST fix as line-granular text edits of the file.

    Replaced one-line expressions are spliced in by position (their code is exact on its
    own); other replacements go through a transform of the whole module. Imports come from
    LibCST's ``AddImportsVisitor``, computed once per file and set of imports.
    """
    edits = _expression_splices(ctx, positions, fix.replacements)
    if fix.imports and edits is not None:
        import_edits = _import_edits(ctx, tuple(fix.imports))
        if any(_overlaps(a, b) for a in import_edits for b in edits):
            edits = None
        else:
            edits = edits + list(import_edits)
    if edits is not None:
        new_text = apply_edits(ctx.source, edits)
    else:
        new_module = ctx.module.visit(_Replacer(fix.replacements)) if fix.replacements else ctx.module
        if fix.imports:
            new_module = _add_imports(ctx, new_module, tuple(fix.imports))
        new_text = new_module.code
    line_edits = diff_edits(ctx.source, new_text)
    return Fix(fix.safety, fix.description, line_edits) if line_edits else None


def _expression_splices(ctx: FileContext, positions, replacements) -> list[TextEdit] | None:
    starts = ctx.line_starts
    edits = []
    for old, new in replacements:
        if not isinstance(old, cst.BaseExpression) or not isinstance(new, cst.BaseExpression) or old not in positions:
            return None
        code = ctx.module.code_for_node(new)
        if "\n" in code or "\r" in code:  # continuation lines take the enclosing block's indent
            return None
        rng = positions[old]
        start = starts[rng.start.line - 1] + rng.start.column
        end = starts[rng.end.line - 1] + rng.end.column
        edits.append(TextEdit(start, end, code))
    return edits


def _import_edits(ctx: FileContext, imports: tuple[ImportSpec, ...]) -> tuple[TextEdit, ...]:
    if imports not in ctx.import_edits:
        ctx.import_edits[imports] = diff_edits(ctx.source, _add_imports(ctx, ctx.module, imports).code)
    return ctx.import_edits[imports]


def _add_imports(ctx: FileContext, module: cst.Module, imports: tuple[ImportSpec, ...]) -> cst.Module:
    # Deferred for start-up time, not a cycle: LibCST's codemods and matchers take about half
    # a second to import, and only a fix that adds imports needs them.
    from ormlint.engine.imports import add_imports, style_for

    return add_imports(module, imports, style_for(ctx.config.root), ctx.path)


def diff_edits(old: str, new: str) -> tuple[TextEdit, ...]:
    old_lines = old.splitlines(keepends=True)
    new_lines = new.splitlines(keepends=True)
    offsets = [0]
    for line in old_lines:
        offsets.append(offsets[-1] + len(line))
    edits = []
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            edits.append(TextEdit(offsets[i1], offsets[i2], "".join(new_lines[j1:j2]), i1 + 1, i2 + 1))
    return tuple(edits)


def apply_edits(text: str, edits: Sequence[TextEdit]) -> str:
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        text = text[: edit.start] + edit.text + text[edit.end :]
    return text


def _overlaps(a: TextEdit, b: TextEdit) -> bool:
    if a.start == a.end == b.start == b.end:
        return True
    return a.start < b.end and b.start < a.end or a.start == b.start


def choose_fixes(findings: Sequence[Finding], unsafe: bool) -> list[Finding]:
    """Fixable findings whose edits do not overlap any edit already chosen."""
    chosen: list[Finding] = []
    taken: list[TextEdit] = []
    for finding in sorted(findings, key=lambda f: (f.fix.edits[0].start if f.fix else 0)):
        fix = finding.fix
        if fix is None or (fix.safety == "unsafe" and not unsafe):
            continue
        if any(_overlaps(e, t) for e in fix.edits for t in taken):
            continue
        chosen.append(finding)
        taken.extend(fix.edits)
    return chosen


@dataclass
class FixOutcome:
    text: str
    findings: list[Finding]
    fixed: list[Finding]
    problems: list[str]


def fix_parsed(parsed: ParsedFile, rules, index: ProjectIndex, config: Config, unsafe: bool) -> FixOutcome:
    """Apply fixes round after round until nothing changes; every round must re-parse."""
    fixed: list[Finding] = []
    problems: list[str] = []
    current = parsed
    findings = lint_parsed(current, rules, index, config)
    for _ in range(MAX_FIX_ROUNDS):
        chosen = choose_fixes(findings, unsafe)
        if not chosen:
            break
        new_text = apply_edits(current.text, [e for f in chosen for e in f.fix.edits])
        reparsed = parse(current.path, new_text, current.roles, config)
        if isinstance(reparsed, Finding):
            codes = ", ".join(sorted({f.code for f in chosen}))
            problems.append(f"{current.path}: fixes for {codes} produced code that does not parse ({reparsed.message}); "
                            "left the file untouched")
            return FixOutcome(parsed.text, lint_parsed(parsed, rules, index, config), [], problems)
        fixed.extend(replace(f, fixed=True) for f in chosen)
        current = reparsed
        findings = lint_parsed(current, rules, index, config)
    return FixOutcome(current.text, findings, fixed, problems)
