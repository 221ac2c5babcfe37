"""Finding the rules (every module of ``ormlint.rules``) and selecting them."""

from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache

import ormlint.rules as rules_package
from ormlint.api import Rule


class RuleLoadError(Exception):
    """A rule module failed to import."""


# Codes the engine itself reports; they behave like rules for selection and noqa.
ENGINE_CODES = {"ORM001": "syntax-error"}


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


def find_rule(code_or_name: str) -> type[Rule] | None:
    key = code_or_name.strip()
    for rule in all_rules():
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


def is_enabled(code: str, name: str, select: tuple[str, ...], extend_select: tuple[str, ...], ignore: tuple[str, ...]) -> bool:
    """Ruff's rule: the most specific selector wins; ignore beats select at equal specificity."""
    def specificity(selectors: tuple[str, ...]) -> int:
        best = -1
        for s in selectors:
            if matches(s, code, name):
                best = max(best, 99 if s.lower() == name else (0 if s.upper() == "ALL" else len(s)))
        return best

    chosen = specificity(select + extend_select)
    ignored = specificity(ignore)
    return chosen >= 0 and chosen > ignored


def selected_rules(select, extend_select, ignore) -> tuple[type[Rule], ...]:
    return tuple(r for r in all_rules() if is_enabled(r.code, r.name, select, extend_select, ignore))
