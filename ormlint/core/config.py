"""Configuration: ``[tool.ormlint]`` in pyproject.toml (or ``--config``), validated strictly."""

from __future__ import annotations

import difflib
import hashlib
import json
import re
import sys
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

from ormlint.core.roles import ROLES, unknown_roles


class ConfigError(Exception):
    """A configuration problem; the message names the file and the key."""


DEFAULT_EXCLUDE = (
    ".git", ".hg", ".svn", ".venv", "venv", ".env", "env", "node_modules", "build", "dist",
    "__pycache__", ".tox", ".nox", "site-packages", ".mypy_cache", ".pytest_cache",
    ".ruff_cache", ".ormlint_cache", ".eggs", "*.egg-info",
)
DEFAULT_TEST_PATHS = (
    "tests/", "test/", "unittests/", "testing/", "fixtures/", "test_*.py", "*_test.py", "*_tests.py", "tests.py",
    "test.py", "testing.py", "conftest.py", "mocks/", "*_mock/", "*_mocks/",  # stand-ins of services the tests talk to
    "pytest_*/",  # a pytest plugin package of the project's own test suite (its fixtures, its test data)
)
DEFAULT_TEST_SETTINGS_PATHS = (
    "settings/test*.py", "settings/ci.py", "config/test*.py", "configs/test*.py", "conf/test*.py",
    "settings_test*.py", "test_settings*.py", "testsettings.py", "configuration_test*.py",
)
DEFAULT_DEV_DATA_PATHS = (
    "seed.py", "seeds.py", "seed_*.py", "seed/", "seeds/", "localdev/", "*_dev_*.py", "dev_data*.py", "dev/",
    "populate*.py", "reset_db*.py", "reset_database*.py", "reset_demo*.py", "commands/reset.py", "*random_data*.py",
    "sample_data*.py", "sample_data/", "demo/", "demo_*.py", "*_demo.py", "fake.py", "fake_*.py", "fakedata*.py",
    "*dummy_data*.py", "*test_data*.py", "*fake_data*.py", "*demo_data*.py", "load_*fixtures*.py",
    "create_test_*.py", "*locust*.py", "*load_test*.py",  # load tests and the data they generate
)
# Django management commands: run by an operator, against production data.
DEFAULT_COMMAND_PATHS = ("management/commands/",)
# ... and a management command named for a data migration (``migrate_subscriptions``): run once, by hand.
DEFAULT_SCRIPT_PATHS = ("scripts/", "bin/", "/tools/", "benchmarks/", "manage.py", "noxfile.py", "fabfile.py",
                        "setup.py",  # packaging, or a set-up command line (pgAdmin's setup.py add-user/load-users)
                        "commands/migrate_*.py")
# Not docs/ itself: a project may well have a Django app named docs.
DEFAULT_EXAMPLE_PATHS = ("docs/conf.py", "docs_src/", "examples/", "example/", "samples/", "/sandbox/",
                         "*_example.py", "*.example.py")  # settings_example.py: a template to copy and fill
DEFAULT_MIGRATION_PATHS = ("migrations/", "*_migrations/", "alembic/versions/", "versions/")
# Larger files are not checked: checking one file must not take more than about 1 GiB.
# The measurements behind these numbers are in README's "Memory" section and
# ormlint/engine/limits.py.
DEFAULT_MAX_FILE_BYTES = 10 * 1024 * 1024
DEFAULT_MAX_FILE_TOKENS = 200_000


@dataclass(frozen=True)
class Config:
    select: tuple[str, ...] = ("ALL",)
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    extend_exclude: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    test_paths: tuple[str, ...] = DEFAULT_TEST_PATHS
    script_paths: tuple[str, ...] = DEFAULT_SCRIPT_PATHS
    command_paths: tuple[str, ...] = DEFAULT_COMMAND_PATHS
    migration_paths: tuple[str, ...] = DEFAULT_MIGRATION_PATHS
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    max_file_tokens: int = DEFAULT_MAX_FILE_TOKENS
    test_settings_paths: tuple[str, ...] = DEFAULT_TEST_SETTINGS_PATHS
    dev_data_paths: tuple[str, ...] = DEFAULT_DEV_DATA_PATHS
    example_paths: tuple[str, ...] = DEFAULT_EXAMPLE_PATHS
    orm_source_paths: tuple[str, ...] | None = None  # None: the top packages of the ORMs ormlint knows
    # rule selector (code, prefix, name) -> roles where it does not report, replacing its default
    skip_roles: tuple[tuple[str, tuple[str, ...]], ...] = ()
    since: str = ""  # a git revision: migrations added since then are linted as well as the heads
    all_migrations: bool = False  # lint every migration, shipped ones too
    # Files named on the command line or added since ``since`` (display paths): still open to change.
    open_paths: frozenset[str] = frozenset()
    # rule name -> option name -> value
    rule_options: tuple[tuple[str, tuple[tuple[str, Any], ...]], ...] = ()
    baseline: str = ""  # a baseline file, relative to the configuration file's directory
    root: str = ""  # the project root ("": none known); fixes read its import-sorting settings
    source: str = ""  # the file the configuration came from, for messages

    def options_for(self, rule_name: str) -> dict[str, Any]:
        for name, values in self.rule_options:
            if name == rule_name:
                return dict(values)
        return {}

    def digest(self) -> str:
        """What the cache's key holds of the configuration. Not ``open_paths``: the files a run names
        change from run to run (pre-commit's staged files), and they only change the findings of those
        files, whose cached findings are keyed by it (ormlint.engine.runner)."""
        payload = repr(tuple((f.name, getattr(self, f.name)) for f in fields(self)
                             if f.name not in ("source", "baseline", "open_paths")))
        return hashlib.sha256(payload.encode()).hexdigest()[:16]


_LIST_KEYS = {
    "select": "select",
    "ignore": "ignore",
    "extend-select": "extend_select",
    "exclude": "exclude",
    "extend-exclude": "extend_exclude",
    "test-paths": "test_paths",
    "script-paths": "script_paths",
    "command-paths": "command_paths",
    "migration-paths": "migration_paths",
    "test-settings-paths": "test_settings_paths",
    "dev-data-paths": "dev_data_paths",
    "example-paths": "example_paths",
    "orm-source-paths": "orm_source_paths",
}
_INT_KEYS = {"max-file-bytes": "max_file_bytes", "max-file-tokens": "max_file_tokens"}
_TOP_KEYS = set(_LIST_KEYS) | set(_INT_KEYS) | {"per-file-ignores", "baseline", "skip-roles", "since", "all-migrations"}


def find_config(start: Path) -> Path | None:
    """The nearest pyproject.toml with a [tool.ormlint] table, walking up from ``start``."""
    start = start.resolve()
    for directory in [start, *start.parents] if start.is_dir() else start.parents:
        candidate = directory / "pyproject.toml"
        if candidate.is_file():
            try:
                text = candidate.read_text(encoding="utf-8")
                data = tomllib.loads(text)
            except (OSError, UnicodeDecodeError):
                continue
            except tomllib.TOMLDecodeError as exc:
                if re.search(r"^\s*\[\s*tool\s*\.\s*ormlint\b", text, re.MULTILINE):
                    raise ConfigError(f"{candidate}: invalid TOML: {exc}") from exc
                continue  # someone else's broken file: not ours to judge
            if "ormlint" in data.get("tool", {}):
                return candidate
    return None


def load_config(path: Path | None, rule_option_specs: dict[str, dict[str, Any]]) -> Config:
    """Read and validate a configuration file; ``None`` gives the defaults."""
    if path is None:
        return Config()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read configuration: {exc}") from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from exc
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("ormlint", {})
    else:  # a dedicated ormlint.toml / .ormlint.toml: either top level or [tool.ormlint]
        table = data.get("tool", {}).get("ormlint", data)
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.ormlint] must be a table")
    return parse_table(table, str(path), rule_option_specs, root=str(path.parent))


def _string_list(value: Any, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        raise ConfigError(f"{where} must be a list of strings, not a string (write [{json.dumps(value)}])")
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where} must be a list of strings")
    return tuple(value)


def parse_table(
    table: dict[str, Any], source: str, rule_option_specs: dict[str, dict[str, Any]], root: str = ""
) -> Config:
    """Validate a ``[tool.ormlint]`` table. ``rule_option_specs``: rule name → option name → Option."""
    config = Config(root=root, source=source)
    updates: dict[str, Any] = {}
    rule_options: list[tuple[str, tuple[tuple[str, Any], ...]]] = []
    for key, value in table.items():
        where = f"{source}: [tool.ormlint] {key}"
        if key in _LIST_KEYS:
            updates[_LIST_KEYS[key]] = _string_list(value, where)
        elif key in _INT_KEYS:
            if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
                raise ConfigError(f"{where} must be a positive integer")
            updates[_INT_KEYS[key]] = value
        elif key == "per-file-ignores":
            if not isinstance(value, dict):
                raise ConfigError(f"{where} must be a table of glob = [codes]")
            updates["per_file_ignores"] = tuple(
                (glob, _string_list(codes, f"{where}.{glob}")) for glob, codes in value.items()
            )
        elif key == "baseline":
            if not isinstance(value, str) or not value:
                raise ConfigError(f"{where} must be a file name (a string)")
            updates["baseline"] = value
        elif key == "skip-roles":
            updates["skip_roles"] = _skip_roles(value, where)
        elif key == "since":
            if not isinstance(value, str) or not value.strip():
                raise ConfigError(f"{where} must be a git revision (a string, e.g. \"origin/main\")")
            updates["since"] = value.strip()
        elif key == "all-migrations":
            if not isinstance(value, bool):
                raise ConfigError(f"{where} must be true or false")
            updates["all_migrations"] = value
        elif key in rule_option_specs:
            rule_options.append((key, _rule_options(key, value, rule_option_specs[key], source)))
        else:
            raise ConfigError(f"{where}: unknown key{_did_you_mean(key, [*_TOP_KEYS, *rule_option_specs])}")
    if rule_options:
        updates["rule_options"] = tuple(rule_options)
    return replace(config, **updates)


def _skip_roles(value: Any, where: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """``{selector = [roles]}``; the selectors are checked against the rules by the engine."""
    if not isinstance(value, dict):
        raise ConfigError(f"{where} must be a table of rule = [roles]")
    result = []
    for selector, roles in value.items():
        roles = _string_list(roles, f"{where}.{selector}")
        unknown = unknown_roles(roles)
        if unknown:
            raise ConfigError(
                f"{where}.{selector}: unknown role {unknown[0]!r}{_did_you_mean(unknown[0], list(ROLES))} "
                f"(roles: {', '.join(ROLES)})"
            )
        result.append((selector, roles))
    return tuple(result)


def _rule_options(rule: str, value: Any, specs: dict[str, Any], source: str) -> tuple[tuple[str, Any], ...]:
    where = f"{source}: [tool.ormlint.{rule}]"
    if not isinstance(value, dict):
        raise ConfigError(f"{where} must be a table of options")
    result = []
    for key, item in value.items():
        if key not in specs:
            raise ConfigError(f"{where} {key}: unknown option{_did_you_mean(key, list(specs))}")
        kind = specs[key].kind
        if kind is list:
            item = _string_list(item, f"{where} {key}")
        elif kind is bool and not isinstance(item, bool) or kind is not bool and not isinstance(item, kind):
            raise ConfigError(f"{where} {key} must be a {kind.__name__}")
        result.append((key, item))
    return tuple(result)


def _did_you_mean(key: str, candidates: list[str]) -> str:
    close = difflib.get_close_matches(key, candidates, n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def with_overrides(config: Config, **overrides: Any) -> Config:
    """CLI flags override the file; ``None`` means "not given"."""
    return replace(config, **{k: v for k, v in overrides.items() if v is not None})
