"""Running rules on source strings: for rule tests and the documented examples."""

from __future__ import annotations

import textwrap
from dataclasses import replace
from typing import Any, Sequence

from ormlint.api import Example, Rule
from ormlint.core.config import Config
from ormlint.core.findings import Finding
from ormlint.engine.discovery import path_roles
from ormlint.engine.lint import ParsedFile, facts_of, fix_parsed, lint_parsed, parse
from ormlint.index import ProjectIndex


def _parse(path: str, code: str, config: Config) -> ParsedFile:
    parsed = parse(path, code, path_roles(path, config), config)
    if isinstance(parsed, Finding):
        raise AssertionError(f"{path} does not parse: {parsed.message}")
    return parsed


def build_index(files: dict[str, str], config: Config | None = None) -> ProjectIndex:
    config = config or Config()
    facts = []
    for path, code in files.items():
        parsed = _parse(path, textwrap.dedent(code).lstrip("\n"), config)
        facts.append(facts_of(parsed))
    return ProjectIndex.build(facts)


def _setup(code: str, path: str, rules: Sequence[type[Rule]], files: dict[str, str] | None,
           options: dict[str, Any] | None, config: Config | None = None):
    config = config or Config()
    if options:
        config = replace(config, rule_options=tuple(
            (rule.name, tuple(options.items())) for rule in rules
        ))
    config = replace(config, open_paths=frozenset({path}))  # as if named on the command line
    code = textwrap.dedent(code).lstrip("\n")
    index = build_index({**(files or {}), path: code}, config)
    return _parse(path, code, config), index, config


def lint_source(code: str, rules: Sequence[type[Rule]] | type[Rule], path: str = "app/module.py",
                files: dict[str, str] | None = None, options: dict[str, Any] | None = None,
                config: Config | None = None) -> list[Finding]:
    """Findings of ``rules`` on ``code`` (dedented), with ``files`` as the rest of the project.

    The file is checked as if named on the command line: a migration in it is checked even
    when it is no longer a head of its graph."""
    rules = [rules] if isinstance(rules, type) else list(rules)
    parsed, index, config = _setup(code, path, rules, files, options, config)
    return lint_parsed(parsed, rules, index, config)


def fix_source(code: str, rules: Sequence[type[Rule]] | type[Rule], path: str = "app/module.py",
               files: dict[str, str] | None = None, options: dict[str, Any] | None = None,
               unsafe: bool = True) -> str:
    """The source after applying every fix of ``rules`` (unsafe ones too by default)."""
    rules = [rules] if isinstance(rules, type) else list(rules)
    parsed, index, config = _setup(code, path, rules, files, options)
    outcome = fix_parsed(parsed, rules, index, config, unsafe)
    if outcome.problems:
        raise AssertionError("; ".join(outcome.problems))
    return outcome.text


def example(case: str | Example) -> Example:
    return case if isinstance(case, Example) else Example(case)
