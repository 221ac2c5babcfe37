"""Finding the rules (every module of ``ormlint.rules``) and selecting them."""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from functools import lru_cache

import ormlint.rules as rules_package
from ormlint.api import Rule


class RuleLoadError(Exception):
    """A rule module failed to import."""


@dataclass(frozen=True)
class EngineCode:
    """A code the engine itself reports; it behaves like a rule for selection, noqa and ``explain``."""

    code: str
    name: str
    summary: str
    documentation: str
    family: str = "engine"
    severity: str = "error"
    fix_safety: str = "none"
    orms: tuple[str, ...] = ()
    options: tuple = ()
    default_enabled: bool = True

    def doc(self) -> str:
        return self.documentation.strip("\n")


ENGINE_RULES = (
    EngineCode("ORM001", "syntax-error", "The file does not parse as Python, or could not be checked.", """\
What it does
------------
Reports a file that does not parse as Python, at the line and column Python gives, with
Python's own message (``'(' was never closed``, ``invalid syntax``). No rule runs on that
file, and the rest of the run goes on.

A file ormlint could not check is reported the same way, with a message that starts with
``not checked:`` and names the reason: larger than ``max-file-bytes`` or ``max-file-tokens``
(see Configuration), nested deeper than the parser can take, or its worker process died on
it (the signal is named). Raise the limit, exclude the file, or mark it ``# ormlint: skip-file``.

A file of the ``test`` role (see Configuration) that does not parse is named on standard error
instead, unless it was named on the command line: test suites keep files that must not parse
(fixtures of a loader's error path), and a test file broken by accident fails its own test run.

Why is this bad?
----------------
Nothing in the file can be checked, and the file cannot be imported either: often a merge
conflict left behind, a Python 2 file, or a template with a ``.py`` name.

Example
-------
```python
def broken(:
    pass
```

Use instead
-----------
```python
def fixed():
    pass
```

A file that is not meant to be Python can be excluded (``extend-exclude``) or marked
``# ormlint: skip-file``.

Fix safety
----------
No fix.
"""),
)
ENGINE_CODES = {engine.code: engine.name for engine in ENGINE_RULES}


@lru_cache(maxsize=1)
def all_rules() -> tuple[type[Rule], ...]:
    found: list[type[Rule]] = []
    for info in pkgutil.walk_packages(rules_package.__path__, prefix=f"{rules_package.__name__}."):
        try:
            module = importlib.import_module(info.name)
        except Exception as exc:  # an installation problem: name the module
            raise RuleLoadError(f"cannot load rule module {info.name}: {type(exc).__name__}: {exc}") from exc
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, Rule) and value is not Rule and value.code:
                if value.__module__ == module.__name__:
                    found.append(value)
    return tuple(sorted(found, key=lambda r: r.code))


def find_rule(code_or_name: str) -> type[Rule] | EngineCode | None:
    """The rule (or engine code) with this code or name."""
    key = code_or_name.strip()
    for rule in (*all_rules(), *ENGINE_RULES):
        if key.upper() == rule.code or key.lower() == rule.name:
            return rule
    return None


def matches(selector: str, code: str, name: str) -> bool:
    """A selector is ALL, a code, a code prefix (ORM3, ORM30) or a rule name."""
    selector = selector.strip()
    if selector.upper() == "ALL":
        return True
    if selector.lower() == name:
        return True
    return code.startswith(selector.upper()) and selector.upper().startswith("ORM")


def unknown_selectors(selectors: tuple[str, ...]) -> list[str]:
    known = [(r.code, r.name) for r in all_rules()] + list(ENGINE_CODES.items())
    return [s for s in selectors if not any(matches(s, c, n) for c, n in known)]


def is_enabled(code: str, name: str, select: tuple[str, ...], extend_select: tuple[str, ...], ignore: tuple[str, ...],
               default_enabled: bool = True) -> bool:
    """Ruff's rule: the most specific selector wins; ignore beats select at equal specificity.

    Specificity is the length of the code prefix a selector stands for: ``ALL`` is the least
    specific, ``ORM`` < ``ORM5`` < ``ORM50``, and a rule's name names exactly one rule, like
    its full code (so ``--select float-money --ignore ORM501`` ignores it). A rule that is off
    by default (``default_enabled = False``) is selected only by its full code or its name:
    ``ALL`` and prefixes leave it off, so a new opt-in rule never turns on by itself.
    """
    chosen = max((specificity(s, code, name) for s in select + extend_select), default=-1)
    ignored = max((specificity(s, code, name) for s in ignore), default=-1)
    if not default_enabled and chosen < len(code):
        return False
    return chosen >= 0 and chosen > ignored


def specificity(selector: str, code: str, name: str) -> int:
    """How specific ``selector`` is for the rule (see :func:`is_enabled`); -1: it does not match."""
    if not matches(selector, code, name):
        return -1
    selector = selector.strip()
    if selector.lower() == name:
        return len(code)
    return 0 if selector.upper() == "ALL" else len(selector)


def selected_rules(select, extend_select, ignore) -> tuple[type[Rule], ...]:
    return tuple(r for r in all_rules()
                 if is_enabled(r.code, r.name, select, extend_select, ignore, r.default_enabled))
