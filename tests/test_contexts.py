"""Where rules report: roles from paths, from the index and from the code, and their configuration."""

from __future__ import annotations

import textwrap

import libcst as cst
import pytest

from ormlint.core.config import Config, ConfigError, parse_table
from ormlint.core.roles import NON_PRODUCTION, ROLES
from ormlint.engine.contexts import reports_in, skipped_roles
from ormlint.engine.registry import all_rules, find_rule
from ormlint.rules.migrations.missing_down_migration import MissingDownMigration
from ormlint.rules.queries.query_in_loop import QueryInLoop
from ormlint.rules.schema.hardcoded_db_credentials import HardcodedDbCredentials
from ormlint.rules.schema.schema_sync_in_production import SchemaSyncInProduction
from ormlint.syntax.names import ImportTable
from ormlint.syntax.testcode import in_test_scope
from ormlint.syntax.walk import parent_map
from ormlint.testing import lint_source

# A rule without name heuristics of its own: what decides is the engine's context alone.
CONNECT = 'create_engine("postgresql://app:S3cret@db.internal/prod")'


def _credentials(body: str, path: str = "app/main.py", config: Config | None = None):
    code = "from sqlalchemy import create_engine\nimport pytest\nimport unittest\n\n"
    return lint_source(code + textwrap.dedent(body), HardcodedDbCredentials, path=path, config=config)


def test_application_code_is_reported():
    assert len(_credentials(f"def startup():\n    {CONNECT}\n")) == 1


@pytest.mark.parametrize("body", [
    f"@pytest.fixture\ndef db():\n    {CONNECT}\n    yield\n",
    f"@pytest.fixture(scope='session')\ndef db():\n    {CONNECT}\n",
    f"class ApiTestCase(unittest.TestCase):\n    def helper(self):\n        {CONNECT}\n",
    f"class Checks(unittest.TestCase):\n    def setUp(self):\n        {CONNECT}\n",
    f"class Base:\n    @classmethod\n    def setUpClass(cls):\n        {CONNECT}\n",
    f"def setup_module(module):\n    {CONNECT}\n",
    # factory_boy factories build test data wherever their module lives (core/factories.py)
    f"import factory.fuzzy\nclass UserFactory(factory.django.DjangoModelFactory):\n"
    f"    @factory.post_generation\n    def engine(self, create, extracted, **kwargs):\n        {CONNECT}\n",
    f"from factory.alchemy import SQLAlchemyModelFactory\nclass Base(SQLAlchemyModelFactory):\n    pass\n"
    f"class UserFactory(Base):\n    def make(self):\n        {CONNECT}\n",
    f"import factory\nclass Named:\n    pass\nclass UserFactory(Named, factory.Factory):\n"
    f"    def make(self):\n        {CONNECT}\n",  # a plain mixin first
    f"import factory\nclass ParentNode(factory.declarations.ParameteredAttribute):\n"
    f"    def evaluate(self, instance, step, extra):\n        {CONNECT}\n",
])
def test_test_code_in_any_file_is_not_reported(body):
    assert _credentials(body) == []


@pytest.mark.parametrize("body", [
    f"def test_connection():\n    {CONNECT}\n",  # pytest collects test_* only from test files
    f"class TestConnectionView:\n    def get(self):\n        {CONNECT}\n",  # a view, not a test case
    f"@app.fixture\ndef db():\n    {CONNECT}\n",  # not pytest's fixture
    # an application's own factories: a project module named factory, a class named ...Factory
    f"from app import factory\nclass AppFactory(factory.Base):\n    def build(self):\n        {CONNECT}\n",
    f"class EngineFactory(Base):\n    def build(self):\n        {CONNECT}\n",
    f"class A(B):\n    pass\nclass B(A):\n    def build(self):\n        {CONNECT}\n",  # a cycle ends
])
def test_test_like_names_in_application_code_are_reported(body):
    assert len(_credentials(body)) == 1


def test_in_test_scope_reads_imports():
    module = cst.parse_module("from pytest import fixture as fx\n@fx\ndef db():\n    x = 1\n")
    imports = ImportTable.from_module(module, "app.conftest_like", False)
    parents = parent_map(module)
    node = next(n for n in parents if isinstance(n, cst.Integer))
    chain = []
    while node in parents:
        node = parents[node]
        chain.append(node)
    assert in_test_scope(chain, imports)


@pytest.mark.parametrize(("path", "reported"), [
    ("app/main.py", True),
    ("tests/test_main.py", False),
    ("app/management/commands/seed_db.py", False),
    ("scripts/bootstrap.py", False),
    ("web/setup.py", False),  # a set-up command line (add a user, load users)
    ("localdev/seed/api.py", False),  # local-development seed data
    ("app/seed/loader.py", False),
    ("app/seeding.py", True),
    ("examples/app.py", False),
    ("sqlalchemy/engine/create.py", False),  # the linted project is SQLAlchemy itself
    ("app/migrations/0002_data.py", False),
])
def test_path_roles_decide(path, reported):
    assert bool(_credentials(f"def startup():\n    {CONNECT}\n", path=path)) is reported


def test_skip_roles_configured_per_rule_replaces_the_default():
    config = Config(skip_roles=(("hardcoded-db-credentials", ("migration",)),))
    assert len(_credentials(f"def startup():\n    {CONNECT}\n", path="tests/test_main.py", config=config)) == 1
    # and test code inside another file is reported too, once "test" is no longer skipped
    body = f"class Checks(unittest.TestCase):\n    def setUp(self):\n        {CONNECT}\n"
    assert len(_credentials(body, config=config)) == 1


def test_most_specific_skip_roles_selector_wins():
    config = Config(skip_roles=(("ORM5", ()), ("ORM502", ("test",)), ("ALL", ("script",))))
    assert skipped_roles(SchemaSyncInProduction, config) == {"test"}
    assert skipped_roles(HardcodedDbCredentials, config) == frozenset()
    assert skipped_roles(QueryInLoop, config) == {"script"}
    assert skipped_roles(QueryInLoop, Config()) == QueryInLoop.skip_roles


def test_later_selector_of_equal_specificity_wins():
    config = Config(skip_roles=(("ORM502", ("test",)), ("schema-sync-in-production", ("script",))))
    assert skipped_roles(SchemaSyncInProduction, config) == {"script"}


def test_migration_rules_report_only_in_migrations_that_can_change():
    assert reports_in(MissingDownMigration, frozenset({"migration"}), Config())
    assert not reports_in(MissingDownMigration, frozenset(), Config())
    assert not reports_in(MissingDownMigration, frozenset({"migration", "shipped-migration"}), Config())
    assert not reports_in(MissingDownMigration, frozenset({"migration", "test"}), Config())


def test_credentials_rule_skips_test_settings():
    code = 'DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": "db.internal", ' \
           '"PASSWORD": "hunter2-prod"}}\n'
    assert lint_source(code, HardcodedDbCredentials, path="shop/settings/production.py")
    assert lint_source(code, HardcodedDbCredentials, path="shop/settings/test.py") == []
    assert lint_source(code, HardcodedDbCredentials, path="netbox/configuration_testing.py") == []


def test_every_rule_declares_known_roles():
    for rule in all_rules():
        assert set(rule.skip_roles) | set(rule.only_roles) <= set(ROLES), rule.code
        assert NON_PRODUCTION <= rule.skip_roles, f"{rule.code} reports in tests, scripts or examples by default"


# -- configuration ------------------------------------------------------------------


def _parse(table):
    return parse_table(table, "pyproject.toml", {})


def test_config_reads_roles_keys():
    config = _parse({
        "dev-data-paths": ["seeders/"], "example-paths": [], "test-settings-paths": ["ci_settings.py"],
        "orm-source-paths": ["/vendor/orm/"], "skip-roles": {"ORM102": ["migration"], "ORM6": []},
        "since": "origin/main", "all-migrations": True,
    })
    assert config.dev_data_paths == ("seeders/",) and config.example_paths == ()
    assert config.orm_source_paths == ("/vendor/orm/",) and config.test_settings_paths == ("ci_settings.py",)
    assert config.skip_roles == (("ORM102", ("migration",)), ("ORM6", ()))
    assert config.since == "origin/main" and config.all_migrations is True


@pytest.mark.parametrize(("table", "message"), [
    ({"skip-roles": {"ORM102": ["tests"]}}, "unknown role 'tests' (did you mean 'test'?)"),
    ({"skip-roles": {"ORM102": "test"}}, "must be a list of strings, not a string"),
    ({"skip-roles": ["ORM102"]}, "must be a table of rule = [roles]"),
    ({"since": ""}, "must be a git revision"),
    ({"all-migrations": "yes"}, "must be true or false"),
    ({"dev-data-path": []}, "did you mean 'dev-data-paths'?"),
])
def test_config_errors_name_the_key(table, message):
    with pytest.raises(ConfigError) as caught:
        _parse(table)
    assert message in str(caught.value) and "pyproject.toml" in str(caught.value)


def test_find_rule_still_finds_every_rule_of_the_tables():
    assert find_rule("ORM601") is MissingDownMigration
