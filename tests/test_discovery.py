import os
import time
from pathlib import Path

import pytest

from ormlint.core.config import Config
from ormlint.engine.discovery import discover, display_path, matches_any, path_roles


def make(tmp_path: Path, *names: str) -> None:
    for name in names:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x = 1\n")


def test_default_excludes(tmp_path):
    make(tmp_path, "app/models.py", ".venv/lib/x.py", "node_modules/a.py", "build/b.py", "app/__pycache__/c.py",
         ".tox/py/d.py", "lib/site-packages/e.py", "app/readme.txt", "pkg.egg-info/f.py")
    files, problems = discover([tmp_path], Config(), tmp_path)
    assert [display_path(f, tmp_path) for f in files] == ["app/models.py"]
    assert problems == []


def test_configured_excludes_and_explicit_files(tmp_path):
    make(tmp_path, "app/models.py", "legacy/old.py", "app/generated/g.py")
    config = Config(extend_exclude=("legacy/", "app/generated"))
    files, _ = discover([tmp_path], config, tmp_path)
    assert [display_path(f, tmp_path) for f in files] == ["app/models.py"]
    explicit, _ = discover([tmp_path / "legacy" / "old.py"], config, tmp_path)
    assert explicit == [tmp_path / "legacy" / "old.py"]


def test_missing_path_is_a_problem(tmp_path):
    files, problems = discover([tmp_path / "nope"], Config(), tmp_path)
    assert files == [] and "nope" in problems[0] and "no such file" in problems[0]


def test_path_roles_defaults():
    config = Config()
    assert path_roles("tests/test_models.py", config) == {"test"}
    assert path_roles("app/test_models.py", config) == {"test"}
    assert path_roles("app/models_test.py", config) == {"test"}
    assert path_roles("conftest.py", config) == {"test"}
    assert path_roles("profiles/community/github_mock/flaskapp.py", config) == {"test"}  # a fake service
    assert path_roles("app/mocks/payments.py", config) == {"test"}
    assert path_roles("app/mock.py", config) == frozenset()
    assert path_roles("shop/migrations/0001_initial.py", config) == {"migration"}
    assert path_roles("alembic/versions/abc_add.py", config) == {"migration"}
    assert path_roles("scripts/deploy.py", config) == {"script"}
    assert path_roles("scripts/seed.py", config) == {"script", "dev-data"}
    assert path_roles("app/main.py", config) == frozenset()
    assert path_roles("app/contest.py", config) == frozenset()
    # a file no import can name only runs as a script; Alembic loads revisions by path
    assert path_roles("tools/privacyidea-migrate-linotp.py", config) == {"script"}
    assert path_roles("bin-tools/run_job.py", config) == frozenset()
    assert path_roles("gunicorn.conf.py", config) == frozenset()  # loaded by path in the server
    assert path_roles("tools/schema_fingerprint.py", config) == {"script"}
    assert path_roles("shop/tools/pricing.py", config) == frozenset()  # a package's module named tools
    assert path_roles("alembic/versions/2024-01-02_add-index.py", config) == {"migration"}


@pytest.mark.parametrize(("path", "roles"), [
    # tests and fixtures
    ("unittests/dojo_test_case.py", {"test"}),
    ("app/views_tests.py", {"test"}),
    ("src/prefect/testing/utilities.py", {"test"}),
    ("indico/testing/fixtures/user.py", {"test"}),
    ("app/testing.py", {"test"}),
    ("manila/test.py", {"test"}),  # the base classes of a package's unit tests
    # settings of the test run
    ("pretalx/common/settings/test_settings.py", {"test", "test-settings"}),
    ("shop/settings/test.py", {"test", "test-settings"}),
    ("shop/settings/testing_postgres.py", {"test-settings"}),
    ("netbox/configuration_testing.py", {"test-settings"}),
    ("weblate/settings_test.py", {"test", "test-settings"}),
    ("flaskbb/configs/testing.py", {"test", "test-settings"}),
    ("shop/settings/production.py", frozenset()),
    # seed, demo and fake data
    ("babybuddy/management/commands/fake.py", {"dev-data", "command"}),
    ("babybuddy/management/commands/reset.py", {"dev-data", "command"}),
    ("taiga/projects/management/commands/sample_data.py", {"dev-data", "command"}),
    ("weblate/trans/management/commands/import_demo.py", {"dev-data", "command"}),
    ("pretalx/common/management/commands/create_test_event.py", {"dev-data", "command"}),
    ("app/management/commands/seed_db.py", {"dev-data", "command"}),
    ("app/management/commands/load_dev_users.py", {"dev-data", "command"}),
    ("app/management/commands/populate_demo.py", {"dev-data", "command"}),
    ("app/management/commands/create_dummy_data.py", {"dev-data", "command"}),
    ("app/bgtasks/dummy_data_task.py", {"dev-data"}),
    ("home/management/commands/generate_test_data.py", {"dev-data", "command"}),
    ("app/management/commands/load_demo_data.py", {"dev-data", "command"}),
    ("app/management/commands/load_initial_fixtures.py", {"dev-data", "command"}),
    ("mealie/dev/code-generation/main.py", {"dev-data"}),
    ("mealie/services/scheduler/tasks/reset_locked_users.py", frozenset()),  # a production task
    ("app/management/commands/reset_password.py", {"command"}),  # an operator's command
    # a command named for a data migration is run once, by hand; Django's own migrate command is not one
    ("zds/notification/management/commands/migrate_subscriptions.py", {"script", "command"}),
    ("app/management/commands/migrate.py", {"command"}),
    ("app/services/migrate_users.py", frozenset()),
    ("app/services/demographics.py", frozenset()),
    # examples and documentation
    ("docs/conf.py", {"example"}),
    ("docs_src/tutorial/main.py", {"example"}),
    ("docs/views.py", frozenset()),  # a Django app may be called docs
    ("examples/fastapi_app/main.py", {"example"}),
    ("sandbox/settings.py", {"example"}),
    ("payments/sandbox/client.py", frozenset()),
    ("onadata/settings/staging_example.py", {"example"}),  # a settings template to copy and fill
    ("config.example.py", {"example"}),
    ("pytest_pootle/env.py", {"test"}),
    ("fecfiler/devops/utils/locust_data_generator.py", {"dev-data"}),  # a load test's data
    ("performance-testing/locust_run.py", {"dev-data"}),
    ("app/services/blocking.py", frozenset()),  # the project's pytest plugin: fixtures and test data
    ("app/examples_api.py", frozenset()),
    # the ORM's own source: its top package, at the root or under src/ or lib/
    ("django/db/models/base.py", {"orm-source"}),
    ("django/contrib/auth/models.py", {"orm-source"}),
    ("lib/sqlalchemy/orm/session.py", {"orm-source"}),
    ("tortoise/contrib/fastapi/__init__.py", {"orm-source"}),
    ("peewee.py", {"orm-source"}),
    ("playhouse/signals.py", {"orm-source"}),
    ("src/flask_sqlalchemy/extension.py", {"orm-source"}),
    ("alembic/operations/ops.py", {"orm-source"}),
    ("sentry_sdk/integrations/django/__init__.py", frozenset()),  # an integration, not Django
    ("myapp/peewee.py", frozenset()),
    ("alembic/env.py", frozenset()),  # a project's Alembic environment
    ("alembic/versions/abc_add.py", {"migration"}),
    # migrations
    ("dojo/db_migrations/0064_jira_refactor_populate.py", {"migration"}),
    ("app/south_migrations/0001_initial.py", {"migration"}),
])
def test_path_roles_contexts(path, roles):
    assert path_roles(path, Config()) == roles


def test_path_roles_are_configurable():
    config = Config(dev_data_paths=("fixtures_gen/",), example_paths=(), orm_source_paths=("/vendor/orm/",))
    assert path_roles("fixtures_gen/make.py", config) == {"dev-data"}
    assert path_roles("docs/conf.py", config) == frozenset()
    assert path_roles("vendor/orm/models.py", config) == {"orm-source"}
    assert path_roles("django/db/models/base.py", config) == frozenset()
    assert path_roles("x/vendor/orm/models.py", config) == frozenset()  # anchored at the root


def test_orm_named_project_folder_is_not_the_orm(tmp_path):
    """A monorepo's django/ folder holding its own site (manage.py, no __init__.py) is the project's code;
    Django's own checkout has a django/ package."""
    (tmp_path / "django" / "shop").mkdir(parents=True)
    (tmp_path / "django" / "manage.py").write_text("")
    (tmp_path / "src" / "sqlalchemy" / "orm").mkdir(parents=True)
    (tmp_path / "src" / "sqlalchemy" / "__init__.py").write_text("")
    config = Config(root=str(tmp_path))
    assert path_roles("django/shop/models.py", config) == frozenset()
    assert path_roles("src/sqlalchemy/orm/session.py", config) == {"orm-source"}
    assert path_roles("peewee.py", config) == {"orm-source"}
    checkout = tmp_path / "checkout"
    (checkout / "django" / "db").mkdir(parents=True)
    (checkout / "django" / "__init__.py").write_text("")
    assert path_roles("django/db/models.py", Config(root=str(checkout))) == {"orm-source"}


def test_glob_forms():
    assert matches_any("django/db/models.py", ("/django/",))
    assert not matches_any("vendor/django/db/models.py", ("/django/",))
    assert matches_any("peewee.py", ("/peewee.py",)) and not matches_any("app/peewee.py", ("/peewee.py",))
    assert matches_any("src/pkg/x.py", ("/src/p*/",)) and not matches_any("src/pkg.py", ("/src/pkg/",))
    assert matches_any("a/b/c.py", ("b/",))
    assert not matches_any("a/bc/c.py", ("b/",))
    assert matches_any("src/gen/x.py", ("src/gen/*",))
    assert matches_any("deep/src/gen/x.py", ("src/gen/*",))
    assert matches_any("x/settings_dev.py", ("settings_*.py",))


def _age(*directories: Path, seconds: int = 60) -> None:
    """Set the directories' modification time well before now (not racy)."""
    past = time.time_ns() - seconds * 1_000_000_000
    for directory in directories:
        os.utime(directory, ns=(past, past))


def test_a_warm_process_reuses_a_walk_until_a_directory_it_read_changes(tmp_path, monkeypatch):
    """``keep_walks()`` (the warm process): the same walk is answered from memory while no directory it
    read changed; a file added changes its directory's mtime and is found."""
    from ormlint.engine import discovery
    monkeypatch.setattr(discovery, "_kept_walks", None)
    discovery.keep_walks()
    make(tmp_path, "app/models.py", "app/views.py")
    _age(tmp_path, tmp_path / "app")
    first, _ = discover([tmp_path], Config(), tmp_path)
    stamp = (tmp_path / "app").stat().st_mtime_ns
    (tmp_path / "app" / "views.py").unlink()
    os.utime(tmp_path / "app", ns=(stamp, stamp))  # the removal hidden from the stamps: the kept walk answers
    assert discover([tmp_path], Config(), tmp_path)[0] == first
    make(tmp_path, "app/tasks.py")  # a real change: the directory's mtime moves
    again, _ = discover([tmp_path], Config(), tmp_path)
    assert sorted(p.name for p in again) == ["models.py", "tasks.py"]


def test_a_walk_of_directories_changed_just_before_it_is_not_kept(tmp_path, monkeypatch):
    """A directory modified within the mtime tick of the walk may change again unseen: walk it again."""
    from ormlint.engine import discovery
    monkeypatch.setattr(discovery, "_kept_walks", None)
    discovery.keep_walks()
    make(tmp_path, "app/models.py")
    discover([tmp_path], Config(), tmp_path)
    stamp = (tmp_path / "app").stat().st_mtime_ns
    make(tmp_path, "app/views.py")
    os.utime(tmp_path / "app", ns=(stamp, stamp))  # same mtime as before: only a new walk sees the file
    found, _ = discover([tmp_path], Config(), tmp_path)
    assert sorted(p.name for p in found) == ["models.py", "views.py"]


def test_one_shot_runs_keep_no_walk(tmp_path, monkeypatch):
    from ormlint.engine import discovery
    monkeypatch.setattr(discovery, "_kept_walks", None)  # as in a process that never called keep_walks()
    make(tmp_path, "app/models.py")
    _age(tmp_path, tmp_path / "app")
    discover([tmp_path], Config(), tmp_path)
    assert discovery._kept_walks is None
