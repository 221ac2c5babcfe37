"""Roles: the contexts a file (or a piece of code) plays, which decide where a rule reports.

A file gets its roles from its path (``test-paths``, ``dev-data-paths``, ... in the
configuration), from what the index knows of it (a migration, and whether that migration
can still change) and, for tests, from the code itself (a test function or fixture in any
file). Each rule declares the roles where it does not report (``Rule.skip_roles``) and,
for rules that only make sense in one context, the roles it needs (``Rule.only_roles``);
``[tool.ormlint.skip-roles]`` overrides the first per rule.
"""

from __future__ import annotations

ROLES: dict[str, str] = {
    "test": "tests and fixtures: test files and helpers, test functions and classes, pytest fixtures, "
            "setUp/tearDown",
    "test-settings": "settings files of the test run (settings/test.py, configuration_testing.py)",
    "dev-data": "seed, demo and fake data, and commands that only make sense on a developer database",
    "script": "one-off scripts and developer tooling (scripts/, bin/, a top-level tools/, manage.py, noxfile.py)",
    "command": "management commands an operator runs by hand or on a schedule (management/commands/), "
               "against production data",
    "example": "examples and documentation (docs/, examples/, a demo sandbox)",
    "orm-source": "the ORM's or migration tool's own source (the linted project is Django, SQLAlchemy, ...)",
    "migration": "migrations (Alembic revisions, Django migrations, yoyo steps), by path or by content",
    "shipped-migration": "a migration that can no longer change: not a head/leaf of its graph, not added "
                         "since --since, not named on the command line",
}

# Code that never runs against a production database on a user's behalf.
NON_PRODUCTION = frozenset({"test", "test-settings", "dev-data", "script", "example", "orm-source"})


def unknown_roles(roles: tuple[str, ...]) -> list[str]:
    return [role for role in roles if role not in ROLES]
