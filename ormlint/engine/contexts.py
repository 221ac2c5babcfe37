"""Where each rule reports: a file's roles, and each rule's roles from its declaration or the configuration.

A file's roles come from its path (``discovery.path_roles``) and from the index: a file
the index reads as a migration has the ``migration`` role wherever it lives, and one that
can no longer change also ``shipped-migration`` (see :func:`migration_roles`). Test code
is also recognised inside any file (``ormlint.syntax.testcode``): a rule that skips
``test`` drops its findings there. A module function every known caller of which is a file with a role the
rule skips (a helper only commands call) plays those roles too (:func:`runs_only_where_skipped`).
"""

from __future__ import annotations

from functools import lru_cache

from ormlint.api import Rule
from ormlint.core.config import Config
from ormlint.engine.registry import specificity
from ormlint.index import ProjectIndex
from ormlint.index.call_sites import CallingFiles


def file_roles(path: str, path_roles: frozenset[str], index: ProjectIndex, config: Config) -> frozenset[str]:
    """The path's roles plus what the index knows of the file."""
    return path_roles | migration_roles(path, index, config)


def migration_roles(path: str, index: ProjectIndex, config: Config) -> frozenset[str]:
    """``migration`` for a migration file; ``shipped-migration`` too when it can no longer
    change: it is not a head/leaf of its graph, was not added since ``config.since`` and
    was not named on the command line (``config.open_paths``), unless ``all_migrations``. A helper
    module of a Django migrations folder (``_rbac.py``) ships with the migrations that import it."""
    fact = index.migrations.get(path)
    opened = config.all_migrations or path in config.open_paths
    if fact is None:
        helper = not opened and index.migrations.is_django_helper(path)
        return frozenset({"migration", "shipped-migration"}) if helper else frozenset()
    if opened or index.migrations.is_head(fact):
        return frozenset({"migration"})
    return frozenset({"migration", "shipped-migration"})


def skipped_roles(rule: type[Rule], config: Config) -> frozenset[str]:
    """The rule's ``skip_roles``, or those the most specific ``skip-roles`` selector gives it."""
    return _skipped_roles(rule, config.skip_roles)


@lru_cache(maxsize=256)
def _skipped_roles(rule: type[Rule], configured: tuple[tuple[str, tuple[str, ...]], ...]) -> frozenset[str]:
    best, chosen = -1, rule.skip_roles
    for selector, roles in configured:  # the most specific selector wins; a later one wins a tie
        rank = specificity(selector, rule.code, rule.name)
        if rank >= 0 and rank >= best:
            best, chosen = rank, frozenset(roles)
    return chosen


def reports_in(rule: type[Rule], roles: frozenset[str], config: Config) -> bool:
    """Whether the rule reports in a file with these roles."""
    if rule.only_roles and not rule.only_roles & roles:
        return False
    return not skipped_roles(rule, config) & roles


def runs_only_where_skipped(ctx, node, skipped: frozenset[str]) -> bool:
    """Whether ``node`` sits in an undecorated module function every known caller of which is a file where
    the rule does not report (a role in ``skipped``): a helper that only management commands, tests or data
    migrations call runs only there. A function no file calls, or one a decorator registers with a framework
    (a route, a task, a receiver), keeps the finding."""
    function = ctx.module_function(node)
    if function is None or function.decorators or not skipped:
        return False
    qualified = f"{ctx.module_name}.{function.name.value}" if ctx.module_name else function.name.value
    callers = ctx.index.derived(CallingFiles).callers_of(qualified)
    return bool(callers) and all(ctx.roles_of(path) & skipped for path in callers)
