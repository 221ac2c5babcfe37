"""Imports a fix adds, placed in the project's style: with their peers, sorted as isort/ruff would.

LibCST's ``AddImportsVisitor`` decides what is missing, merges names into an existing
``from`` import and puts new statements after the leading import block. :func:`add_imports`
then arranges what it added the way Ruff's isort rules (``I001``) and isort order a clean
file: sections (future, standard library, third party, first party, local folder) separated
by one blank line; in a section ``import x`` lines before ``from x import y`` lines (or
together with ``force-sort-within-sections``), each ordered by module name (case-insensitive,
numbers compared as numbers), and the names of a ``from`` import ordered constants, classes,
then the rest (``order-by-type``); a statement longer than the line length is wrapped one
name per line in parentheses with a trailing comma.

The settings come from the project root: ``[tool.ruff]`` / ``[tool.ruff.lint.isort]`` of
pyproject.toml, ``ruff.toml`` / ``.ruff.toml``, else ``[tool.isort]``, setup.cfg's
``[isort]`` or ``.isort.cfg``: known-first-party, known-third-party, known-local-folder,
extra-standard-library, force-sort-within-sections, force-single-line, case-sensitive,
order-by-type, line length and source roots. A module is first party when a setting says
so, when it is in the package of the file being fixed, or when its path exists under a
source root (the project root and ``src/`` by default), as Ruff decides.
"""

from __future__ import annotations

import configparser
import fnmatch
import os
import re
import sys
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Sequence

import libcst as cst
import libcst.matchers as m
from libcst.codemod import CodemodContext
from libcst.codemod.visitors import AddImportsVisitor

from ormlint.api import ImportSpec

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

SECTIONS = ("future", "stdlib", "third-party", "first-party", "local-folder")
_EMPTY = cst.Module([])


@dataclass(frozen=True)
class ImportStyle:
    known_first_party: tuple[str, ...] = ()
    known_third_party: tuple[str, ...] = ()
    known_local_folder: tuple[str, ...] = ()
    extra_standard_library: tuple[str, ...] = ()
    force_sort_within_sections: bool = False
    force_single_line: bool = False
    case_sensitive: bool = False
    order_by_type: bool = True
    line_length: int = 88
    root: str = ""  # the project root ("" for none: no source root is looked at)
    src: tuple[str, ...] = (".", "src")  # source roots, relative to the root

    def section(self, module: str, level: int, path: str) -> str:
        """The section of ``from <level dots><module> import ...`` in the file at ``path`` (root-relative)."""
        if level:
            return "local-folder"
        if module == "__future__":
            return "future"
        for section, patterns in (("first-party", self.known_first_party), ("third-party", self.known_third_party),
                                  ("local-folder", self.known_local_folder), ("stdlib", self.extra_standard_library)):
            if any(_matches(module, p) for p in patterns):
                return section
        top = module.split(".")[0]
        if top in sys.stdlib_module_names:
            return "stdlib"
        if self.root and (top == _package_of(self.root, path) or self._under_a_source_root(module)):
            return "first-party"
        return "third-party"

    def _under_a_source_root(self, module: str) -> bool:
        relative = module.replace(".", os.sep)
        return any(_exists(os.path.join(self.root, src, relative)) for src in self.src)


def _matches(module: str, pattern: str) -> bool:
    """A known-* pattern names a module and everything below it (``app`` matches ``app.models``)."""
    parts = module.split(".")
    return any(fnmatch.fnmatchcase(".".join(parts[:n]), pattern) for n in range(1, len(parts) + 1))


@lru_cache(maxsize=4096)
def _exists(base: str) -> bool:
    return os.path.isdir(base) or os.path.isfile(base + ".py") or os.path.isfile(base + ".pyi")


@lru_cache(maxsize=4096)
def _package_of(root: str, path: str) -> str | None:
    """The top-level package holding ``path``: its directory and every parent with an ``__init__.py``."""
    directory = Path(root, path).parent
    top = None
    while (directory / "__init__.py").is_file():
        top = directory.name
        directory = directory.parent
    return top


# -- settings --------------------------------------------------------------------------------


@lru_cache(maxsize=64)
def style_for(root: str) -> ImportStyle:
    """The import style of the project at ``root`` (the defaults of Ruff when nothing is configured)."""
    style = ImportStyle(root=root)
    if not root:
        return style
    pyproject = _read_toml(Path(root, "pyproject.toml"))
    tool = pyproject.get("tool", {}) if isinstance(pyproject.get("tool"), dict) else {}
    ruff = next((t for t in (_read_toml(Path(root, "ruff.toml")), _read_toml(Path(root, ".ruff.toml"))) if t),
                tool.get("ruff") if isinstance(tool.get("ruff"), dict) else {})
    if ruff:
        lint = ruff.get("lint", {}) if isinstance(ruff.get("lint"), dict) else {}
        isort = lint.get("isort", ruff.get("isort", {}))
        return _apply(style, {**ruff, **(isort if isinstance(isort, dict) else {})}, "-")
    isort = tool.get("isort")
    if not isinstance(isort, dict):
        isort = _read_ini(Path(root, ".isort.cfg"), ("settings", "isort")) or _read_ini(Path(root, "setup.cfg"), ("isort",))
    return _apply(style, _isort_profile(isort) | isort, "_") if isort else style


def _read_toml(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return {}


def _read_ini(path: Path, sections: tuple[str, ...]) -> dict:
    parser = configparser.ConfigParser()
    try:
        parser.read(path, encoding="utf-8")
    except (configparser.Error, UnicodeDecodeError):
        return {}
    section = next((s for s in sections if parser.has_section(s)), None)
    return dict(parser.items(section)) if section else {}


def _isort_profile(settings: dict) -> dict:
    profile = settings.get("profile")
    return {"black": {"line_length": 88}, "django": {"line_length": 79},
            "google": {"force_single_line": True, "force_sort_within_sections": True, "order_by_type": False},
            }.get(profile, {})


def _apply(style: ImportStyle, settings: dict[str, Any], sep: str) -> ImportStyle:
    """Settings read from a file (Ruff's ``known-first-party`` or isort's ``known_first_party``)."""
    changes: dict[str, Any] = {}
    for name in ("known_first_party", "known_third_party", "known_local_folder", "extra_standard_library"):
        value = settings.get(name.replace("_", sep))
        if isinstance(value, str):
            value = [v.strip() for v in value.split(",") if v.strip()]
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            changes[name] = tuple(value)
    for name in ("force_sort_within_sections", "force_single_line", "case_sensitive", "order_by_type"):
        value = settings.get(name.replace("_", sep))
        if isinstance(value, str) and value.lower() in ("true", "false"):
            value = value.lower() == "true"
        if isinstance(value, bool):
            changes[name] = value
    length = settings.get("line-length" if sep == "-" else "line_length")
    if isinstance(length, str) and length.isdigit():
        length = int(length)
    if isinstance(length, int) and not isinstance(length, bool) and length > 0:
        changes["line_length"] = length
    src = settings.get("src" if sep == "-" else "src_paths")
    if isinstance(src, list) and all(isinstance(v, str) for v in src):
        changes["src"] = tuple(src)
    return replace(style, **changes)


# -- ordering --------------------------------------------------------------------------------


def _natural(text: str) -> tuple:
    """Natural order: ``a9`` < ``a10``; other characters by their code point."""
    return tuple((48, int(chunk)) if chunk.isdigit() else (ord(chunk),) for chunk in re.findall(r"\d+|\D", text))


def _member_key(name: str, asname: str | None, style: ImportStyle) -> tuple:
    kind = 2
    if style.order_by_type:
        if len(name) > 1 and name.upper() == name and name.lower() != name:
            kind = 0  # CONSTANT
        elif name[:1].isupper():
            kind = 1  # Class
    folded = name if style.case_sensitive else name.lower()
    return kind, _natural(folded), _natural(name), asname or ""


def _module_key(module: str, style: ImportStyle) -> tuple:
    return _natural(module if style.case_sensitive else module.lower()), _natural(module)


@dataclass(frozen=True)
class _Import:
    """What the ordering needs of one import line."""

    module: str  # dotted, without the leading dots
    level: int  # relative import dots
    is_from: bool
    first_name: str = ""

    @classmethod
    def of(cls, statement: cst.CSTNode) -> _Import | None:
        if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
            return None
        node = statement.body[0]
        if isinstance(node, cst.Import):
            return cls(_EMPTY.code_for_node(node.names[0].name), 0, False)
        if isinstance(node, cst.ImportFrom):
            module = _EMPTY.code_for_node(node.module) if node.module is not None else ""
            first = "*" if isinstance(node.names, cst.ImportStar) else _EMPTY.code_for_node(node.names[0].name)
            return cls(module, len(node.relative), True, first)
        return None

    def key(self, style: ImportStyle) -> tuple:
        kind = 0 if style.force_sort_within_sections else int(self.is_from)
        return kind, -self.level, _module_key(self.module, style), int(self.is_from), \
            _member_key(self.first_name, None, style) if self.first_name else ()


# -- placing ---------------------------------------------------------------------------------


def add_imports(module: cst.Module, imports: Sequence[ImportSpec], style: ImportStyle, path: str) -> cst.Module:
    """``module`` with ``imports`` added (those it lacks) where the project's import sorting puts them."""
    context = CodemodContext()
    for spec in imports:
        AddImportsVisitor.add_needed_import(context, spec.module, spec.name, spec.asname)
    added = AddImportsVisitor(context).transform_module(module)
    count = len(added.body) - len(module.body)
    if added is module or any(spec.module == "__future__" for spec in imports):
        return added  # nothing added, or a __future__ import: AddImportsVisitor's place is the right one
    start, end = _leading_block(module)
    block = [_merged(old, new, style) for old, new in zip(module.body[start:end], added.body[start:end])]
    fresh = list(added.body[end:end + count])
    if style.force_single_line:
        block, fresh = _split_merged(module.body[start:end], block, fresh)
    rest = list(added.body[end + count:])
    for statement in fresh:
        block = _place(block, _wrapped(statement, style), style, path)
    if start == end and rest:
        rest[0] = _blank_lines_after_imports(rest[0])
    return added.with_changes(body=[*added.body[:start], *block, *rest])


def _leading_block(module: cst.Module) -> tuple[int, int]:
    """The import lines AddImportsVisitor adds to: after a docstring (or ``__strict__``), up to the first
    other statement. Its new statements follow them."""
    start = 0
    if module.body and m.matches(module.body[0], m.SimpleStatementLine(body=[
            m.Expr(value=m.SimpleString()) | m.Assign(targets=[m.AssignTarget(target=m.Name("__strict__"))])])):
        start = 1
    end = start
    while end < len(module.body) and _Import.of(module.body[end]) is not None:
        end += 1
    return start, end


def _place(block: list, statement: cst.SimpleStatementLine, style: ImportStyle, path: str) -> list:
    """``block`` with ``statement`` inserted among its peers."""
    facts = _Import.of(statement)
    section = SECTIONS.index(style.section(facts.module, facts.level, path))
    placed = [(s, _Import.of(s)) for s in block]
    sections = [SECTIONS.index(style.section(i.module, i.level, path)) for _, i in placed]
    key = facts.key(style)
    peers = [n for n, s in enumerate(sections) if s == section]
    if peers:
        after = [n for n in peers if placed[n][1].key(style) > key]
        if not after:
            return [*block[:peers[-1] + 1], statement.with_changes(leading_lines=()), *block[peers[-1] + 1:]]
        at = after[0]
        if at != peers[0]:
            return [*block[:at], statement.with_changes(leading_lines=()), *block[at:]]
        head, attached = _split_leading(block[at].leading_lines)
        return [*block[:at], statement.with_changes(leading_lines=head), block[at].with_changes(leading_lines=attached),
                *block[at + 1:]]
    later = [n for n, s in enumerate(sections) if s > section]
    if not later:
        return [*block, statement.with_changes(leading_lines=(cst.EmptyLine(),) if block else ())]
    at = later[0]
    head, attached = _split_leading(block[at].leading_lines)
    separated = block[at].with_changes(leading_lines=(cst.EmptyLine(), *attached))
    return [*block[:at], statement.with_changes(leading_lines=head), separated, *block[at + 1:]]


def _split_leading(lines: Sequence[cst.EmptyLine]) -> tuple[tuple, tuple]:
    """A statement's leading lines: the part up to its last blank line, and the comments attached to it."""
    last_blank = max((n for n, line in enumerate(lines) if line.comment is None), default=-1)
    return tuple(lines[:last_blank + 1]), tuple(lines[last_blank + 1:])


def _blank_lines_after_imports(following: cst.CSTNode) -> cst.CSTNode:
    """A new import block ends with one blank line, two before a class or function."""
    wanted = 2 if isinstance(following, (cst.FunctionDef, cst.ClassDef)) else 1
    lines = list(following.leading_lines)
    blank = next((n for n, line in enumerate(lines) if line.comment is not None), len(lines))
    if blank < wanted:
        lines[:blank] = [cst.EmptyLine()] * wanted
    return following.with_changes(leading_lines=lines)


def _merged(old: cst.CSTNode, new: cst.CSTNode, style: ImportStyle) -> cst.CSTNode:
    """An existing ``from`` import AddImportsVisitor prepended names to, with the names in order."""
    if new.deep_equals(old) or not isinstance(new.body[0], cst.ImportFrom) or isinstance(old.body[0].names, cst.ImportStar):
        return old
    names = list(old.body[0].names)
    keys = [_alias_key(a, style) for a in names]
    for alias in new.body[0].names[:len(new.body[0].names) - len(names)]:
        key = _alias_key(alias, style)
        at = next((n for n, k in enumerate(keys) if k > key), len(names)) if keys == sorted(keys) else len(names)
        names, keys = _insert_alias(old.body[0], names, alias, at), [*keys[:at], key, *keys[at:]]
    statement = old.with_changes(body=[old.body[0].with_changes(names=names)])
    return _wrapped(statement, style)


def _alias_key(alias: cst.ImportAlias, style: ImportStyle) -> tuple:
    asname = _EMPTY.code_for_node(alias.asname.name) if alias.asname else None
    return _member_key(_EMPTY.code_for_node(alias.name), asname, style)


def _insert_alias(statement: cst.ImportFrom, names: list[cst.ImportAlias], alias: cst.ImportAlias,
                  at: int) -> list[cst.ImportAlias]:
    """Insert keeping the layout: the separators of a one-line or of a one-name-per-line import."""
    between = _separator(statement, names)
    if at < len(names):
        return [*names[:at], alias.with_changes(comma=between), *names[at:]]
    return [*names[:-1], names[-1].with_changes(comma=between), alias.with_changes(comma=names[-1].comma)]


def _separator(statement: cst.ImportFrom, names: list[cst.ImportAlias]) -> cst.Comma:
    """The comma between two names of this import (without a comment one may carry: ``Name,  # noqa``)."""
    if len(names) > 1 and isinstance(names[0].comma, cst.Comma):
        comma = names[0].comma
    elif statement.lpar is not None and isinstance(statement.lpar.whitespace_after, cst.ParenthesizedWhitespace):
        comma = cst.Comma(whitespace_after=statement.lpar.whitespace_after)  # one name per line
    else:
        comma = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
    if isinstance(comma.whitespace_after, cst.ParenthesizedWhitespace):
        comma = comma.with_changes(whitespace_after=comma.whitespace_after.with_changes(
            first_line=cst.TrailingWhitespace(), empty_lines=()))
    return comma


def _wrapped(statement: cst.SimpleStatementLine, style: ImportStyle) -> cst.SimpleStatementLine:
    """A one-line ``from`` import longer than the line length, one name per line in parentheses."""
    node = statement.body[0]
    code = _EMPTY.code_for_node(statement.with_changes(leading_lines=()))
    if not isinstance(node, cst.ImportFrom) or isinstance(node.names, cst.ImportStar) or "\n" in code.rstrip("\n") \
            or len(code.rstrip("\n")) <= style.line_length:
        return statement
    line = cst.ParenthesizedWhitespace(first_line=cst.TrailingWhitespace(), indent=True,
                                       last_line=cst.SimpleWhitespace("    "))
    last = cst.ParenthesizedWhitespace(first_line=cst.TrailingWhitespace(), indent=True, last_line=cst.SimpleWhitespace(""))
    names = [a.with_changes(comma=cst.Comma(whitespace_after=line if n < len(node.names) - 1 else last))
             for n, a in enumerate(node.names)]
    return statement.with_changes(body=[node.with_changes(
        names=names, lpar=cst.LeftParen(whitespace_after=line), rpar=cst.RightParen())])


def _split_merged(old_block: Sequence, block: list, fresh: list) -> tuple[list, list]:
    """force-single-line: names AddImportsVisitor merged into a ``from`` import become their own statements."""
    kept = []
    for old, merged in zip(old_block, block):
        if merged is old or isinstance(old.body[0].names, cst.ImportStar):
            kept.append(merged)
            continue
        kept.append(old)
        present = {_EMPTY.code_for_node(a) for a in old.body[0].names}
        for alias in merged.body[0].names:
            if _EMPTY.code_for_node(alias.with_changes(comma=cst.MaybeSentinel.DEFAULT)) not in present:
                fresh.append(old.with_changes(leading_lines=(), body=[old.body[0].with_changes(
                    names=[alias.with_changes(comma=cst.MaybeSentinel.DEFAULT)], lpar=None, rpar=None)]))
    return kept, fresh
