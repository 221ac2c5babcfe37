"""ORM502 schema-sync-in-production: what is recognised, severities, path roles and guards."""

from __future__ import annotations

import json
from dataclasses import replace

import libcst as cst
import pytest
from ormlint.rules.schema.schema_sync_in_production import (
    SchemaSyncInProduction,
    polarity,
)

from ormlint.core.config import Config
from ormlint.engine.discovery import path_roles
from ormlint.testing import lint_source


def findings(code: str, **kwargs):
    return lint_source(code, SchemaSyncInProduction, **kwargs)


def test_create_all_is_a_warning_and_drop_all_an_error_reported_at_the_call():
    result = findings("""
        from app.models import Base
        from app.db import engine

        def reset():
            Base.metadata.drop_all(bind=engine)
            Base.metadata.create_all(bind=engine)
    """)
    assert [(f.line, f.column, f.severity) for f in result] == [(5, 5, "error"), (6, 5, "warning")]
    assert "drops tables" in result[0].message and "worse than creating them" in result[0].message
    assert "Alembic" in result[1].message


@pytest.mark.parametrize("code", [
    # a MetaData bound in the module under any name
    """
    from sqlalchemy import MetaData
    meta = MetaData()
    meta.create_all(engine)
    """,
    # metadata imported from elsewhere
    """
    from app.db import metadata
    metadata.create_all(engine)
    """,
    # the method passed by reference
    """
    from app.models import Base

    async def init(engine):
        async with engine.begin() as conn:
            await conn.run_sync(Base.metadata.create_all)
    """,
    # Flask-SQLAlchemy under another name
    """
    from flask_sqlalchemy import SQLAlchemy
    database = SQLAlchemy()
    database.create_all()
    """,
    # Peewee list of models without a peewee import in this file
    """
    from app.models import database, User, Tweet
    database.create_tables([User, Tweet])
    """,
    # Peewee star import
    """
    from peewee import *
    db = SqliteDatabase("app.db")
    db.drop_tables([User])
    """,
    # a Peewee model of a star-importing module
    """
    from peewee import *
    db = SqliteDatabase("app.db")

    class User(Model):
        name = CharField()

    User.create_table()
    """,
    # Tortoise context manager
    """
    from tortoise.contrib.fastapi import RegisterTortoise

    async def lifespan(app):
        async with RegisterTortoise(app, config=CONFIG, generate_schemas=True):
            yield
    """,
    # Tortoise dropping its databases
    """
    from tortoise import Tortoise

    async def reset():
        await Tortoise._drop_databases()
    """,
    # Django management command through the module
    """
    from django.core import management

    def wipe():
        management.call_command("flush", interactive=False)
    """,
    # a click command in the application package is production code, unless the schema operation is its purpose
    """
    import click
    from app.models import Base

    @click.command()
    def serve():
        Base.metadata.create_all(engine)
        run_server()
    """,
])
def test_reported(code):
    assert [f.code for f in findings(code)] == ["ORM502"]


@pytest.mark.parametrize("code", [
    # unrelated create_all/create/create_table receivers
    """
    from app.services import bulk
    bulk.create_all(rows)
    """,
    """
    from app.models import Order
    Order.objects.create(total=1)
    """,
    """
    from alembic import op
    op.create_table("t")
    """,
    """
    from pynamodb.models import Model

    class Thread(Model):
        pass

    Thread.create_table(read_capacity_units=1)
    """,
    # guards
    """
    from django.conf import settings
    from app.models import Base
    if settings.DEBUG:
        Base.metadata.create_all(engine)
    """,
    """
    import os
    from app.models import Base
    if os.environ.get("APP_ENV", "production") != "production":
        Base.metadata.drop_all(engine)
    """,
    """
    from app.models import Base
    def init(app):
        if app.config["TESTING"] and not app.config.get("SKIP_DB"):
            Base.metadata.create_all(engine)
    """,
    """
    from app.models import Base
    def init(settings):
        if settings.environment == "production":
            raise RuntimeError("use migrations")
        Base.metadata.create_all(engine)
    """,
    # a TestCase set-up method and a test helper module inside the package
    """
    import unittest
    from app.models import Base

    class ModelTest(unittest.TestCase):
        def setUp(self):
            Base.metadata.create_all(engine)
    """,
])
def test_not_reported(code):
    assert findings(code) == []


def test_tables_created_in_an_in_memory_database_are_left_alone():
    """``create_all(engine)`` on ``create_engine("sqlite://")`` or a ``":memory:"`` database the function opens:
    a new database each time, with no tables to keep in step; the same on a file database is reported."""
    code = """
        from sqlalchemy import create_engine
        from sqlalchemy.orm import Session
        from app.models import Base, make_engine

        def scratch_session():
            engine = make_engine(":memory:", echo=False)
            Base.metadata.create_all(engine)
            return Session(engine)

        def scratch():
            engine = create_engine("sqlite://")
            Base.metadata.create_all(bind=engine)

        def stored(path):
            engine = create_engine(f"sqlite:///{path}")
            Base.metadata.create_all(engine)
    """
    assert [f.line for f in findings(code, path="app/storage.py")] == [16]


def test_test_support_module_inside_the_package_is_left_alone():
    code = """
        from app.models import Base
        Base.metadata.create_all(engine)
    """
    assert findings(code, path="app/testing.py") == []
    assert findings(code, path="app/test_utils/db.py") == []
    assert len(findings(code, path="app/contest.py")) == 1


@pytest.mark.parametrize("path", [
    "tests/test_app.py", "conftest.py", "app/tests/factories.py", "scripts/seed.py", "manage.py",
    "alembic/versions/0001_init.py", "shop/migrations/0001_initial.py",
])
def test_path_roles_skip_the_rule(path):
    roles = path_roles(path, Config())
    assert SchemaSyncInProduction.skip_roles & roles


def test_configured_script_paths_are_honoured():
    config = replace(Config(), script_paths=("devtools/",))
    assert SchemaSyncInProduction.skip_roles & path_roles("devtools/reset.py", config)
    assert not SchemaSyncInProduction.skip_roles & path_roles("app/reset.py", config)


@pytest.mark.parametrize("condition, expected", [
    ("settings.DEBUG", "dev"),
    ("not settings.DEBUG", "prod"),
    ("app.testing", "dev"),
    ('os.environ.get("ENV") in ("dev", "test")', "dev"),
    ('ENV == "production"', "prod"),
    ('ENV != "production"', "dev"),
    ("settings.DEBUG is False", "prod"),
    ("settings.DEBUG or settings.TESTING", "dev"),
    ("tables_missing", None),
    ('url.startswith("sqlite")', "dev"),
    ('engine.dialect.name != "sqlite"', "prod"),
    ('url.startswith("postgresql")', None),
])
def test_condition_polarity(condition, expected):
    assert polarity(cst.parse_expression(condition)) == expected


def test_main_guard_is_script_usage_but_the_module_level_call_is_not():
    code = """
        from app.models import Base

        Base.metadata.create_all(engine)

        if __name__ == "__main__":
            Base.metadata.drop_all(engine)
    """
    assert [f.line for f in findings(code)] == [3]


def test_noqa_on_the_call_suppresses():
    code = """
        from app.models import Base
        Base.metadata.create_all(engine)  # noqa: ORM502
    """
    assert findings(code) == []


SCRIPT = """
    from sqlmodel import SQLModel
    from app.db import engine

    def create_db_and_tables():
        SQLModel.metadata.create_all(engine)

    def main():
        create_db_and_tables()

    if __name__ == "__main__":
        main()
"""


def test_functions_only_the_main_block_runs_are_script_usage():
    assert findings(SCRIPT) == []


def test_a_startup_hook_calling_the_same_function_is_reported():
    code = SCRIPT + """
    @app.on_event("startup")
    def on_startup():
        create_db_and_tables()
    """
    assert [f.line for f in findings(code)] == [5]


def test_syncdb_flag_and_model_list_constants():
    result = findings("""
        from django.core.management import call_command
        from app.models import db, MODELS

        def boot():
            call_command("migrate", "--run-syncdb")
            db.create_tables(MODELS)
    """)
    assert [(f.line, f.severity) for f in result] == [(5, "warning"), (6, "warning")]


def test_demo_projects(cli, fixture_copy):
    root = fixture_copy(".")
    result = cli("check", "--no-cache", "--select", "ORM502", "--format", "json", ".", cwd=root)
    found = sorted((f["path"], f["line"], f["severity"]) for f in json.loads(result.output))
    assert found == [
        ("django_shop/shop/demo.py", 10, "error"),
        ("flask_blog/blog/app.py", 13, "warning"),
        ("sqlmodel_api/app/main.py", 13, "warning"),
    ]


# -- operator-run code: bootstraps, confirmations, dev commands, operation methods -----------------

@pytest.mark.parametrize("code", [
    # Alembic's documented bootstrap of an empty database: create the tables, stamp them as head
    """
    import click
    from alembic import command
    from alembic.config import Config
    from app.models import Base

    @click.command("create-db")
    def create_db():
        Base.metadata.create_all(engine)
        command.stamp(Config("alembic.ini"), "head")
    """,
    """
    from flask_migrate import stamp
    from app.extensions import db

    def create_latest_db(target="default@head"):
        db.create_all()
        stamp(target=target)
    """,
    # a project helper whose name says it stamps (Kotti's ``stamp_heads()``, before creating the tables of
    # a fresh database)
    """
    from app.migrate import stamp_heads
    from app.orm import metadata

    def initialize_sql(engine):
        if not engine.table_names():
            stamp_heads()
        metadata.create_all(engine)
    """,
    # the stamp (or the check that stamps an empty database) in a function of the module
    """
    import alembic.command
    from sqlalchemy import create_engine
    from app.orm import Base

    def check_db_revision(engine):
        if not engine.dialect.has_table(engine.connect(), "users"):
            alembic.command.stamp(config, "head")
            return
        ensure_head(engine)

    def new_session_factory(url):
        engine = create_engine(url)
        check_db_revision(engine)
        Base.metadata.create_all(engine)
    """,
    # a migration system of the project's own: new tables created, existing ones migrated
    """
    from app.models import ModelBase

    def init_db(engine):
        ModelBase.metadata.create_all(engine)
        check_migrate(engine, decl_base=ModelBase)

    def migrate_pairlocks_table(engine, decl_base):
        engine.execute("alter table pairlocks rename to pairlocks_bak")
        decl_base.metadata.create_all(engine)
        engine.execute("insert into pairlocks select * from pairlocks_bak")
    """,
    # a step that only the project's own migration calls
    """
    from app.models import ArchivedBook

    def add_missing_tables(engine):
        if not engine.dialect.has_table(engine.connect(), "archived_book"):
            ArchivedBook.__table__.create(bind=engine)

    def migrate_database(engine):
        add_missing_tables(engine)
        engine.execute("alter table users add column theme integer")
    """,
    # a MetaData of the function's own: the tables it builds at run time (or none)
    """
    from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine

    def create_user_table(uri, name):
        engine = create_engine(uri)
        metadata = MetaData()
        Table(f"users_{name}", metadata, Column("id", Integer, primary_key=True), Column("name", String(40)))
        metadata.create_all(engine)

    def clean_up(uri):
        engine = create_engine(uri)
        metadata = MetaData()
        metadata.create_all(engine)
    """,
    # the operator confirms the drop first
    """
    import click
    from app.extensions import db

    @click.command()
    @click.option("--force", is_flag=True)
    def install(force):
        if force or click.confirm("Delete the existing database?"):
            db.drop_all()
    """,
    """
    from rich.prompt import Confirm
    from app.models import Base

    async def reset(engine, yes=False):
        if not yes and not Confirm.ask("Drop every table?"):
            raise SystemExit(1)
        Base.metadata.drop_all(engine)
    """,
    # commands for a developer's database
    """
    import click
    from app.extensions import db

    @click.command()
    @click.option("--force", is_flag=True)
    def populate(force):
        if force:
            db.drop_all()
        db.create_all()
    """,
    """
    import typer
    from app.models import Base

    app = typer.Typer()

    @app.command("seed-demo-data")
    def seed():
        Base.metadata.create_all(engine)
    """,
    # a method that is the operation itself: its caller decides when it runs
    """
    import sqlalchemy as sa

    class PostgresConfiguration:
        async def create_db(self, connection, base_metadata: sa.MetaData) -> None:
            await connection.run_sync(base_metadata.create_all)

        async def drop_db(self, connection, base_metadata: sa.MetaData) -> None:
            await connection.run_sync(base_metadata.drop_all)
    """,
])
def test_operator_run_schema_changes_are_not_production_paths(code):
    assert findings(code) == []


@pytest.mark.parametrize("code", [
    # commands whose whole purpose is the schema operation, the group defined here or imported
    """
    import click
    from app.models import Base

    @click.command("init-db")
    def init_db():
        Base.metadata.create_all(engine)
    """,
    """
    from app.cli import cli
    from app.extensions import db

    @cli.command()
    def drop_tables():
        db.drop_all()

    @cli.command("createdb")
    def make():
        db.create_all()
    """,
    """
    from myapp.commands import db_cli
    from app.extensions import db

    @db_cli.command("create")
    def create():
        db.create_all()
    """,
    # a module function that only operator commands run
    """
    import click
    from app.extensions import db

    def init_db():
        db.drop_all()
        db.create_all()

    @click.command("init-db")
    def init_db_command():
        init_db()
        click.echo("Initialized the database.")

    def init_app(app):
        app.cli.add_command(init_db_command)
    """,
    # a fallback for a local single-file or in-memory database
    """
    from app.extensions import db

    def create_app(app):
        if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
            db.create_all()
    """,
    """
    from app.models import Base

    def init(engine):
        if engine.dialect.name != "sqlite":
            return
        Base.metadata.create_all(engine)
    """,
    # tables created once, in a database that does not exist yet
    """
    import os
    from app.models import Base

    def init(engine, db_file):
        if not os.path.exists(db_file):
            Base.metadata.create_all(engine)
    """,
    """
    from pathlib import Path
    from sqlalchemy_utils import create_database, database_exists
    from app.models import Base

    def init(engine, settings):
        if database_exists(engine.url):
            upgrade()
        else:
            create_database(engine.url)
            Base.metadata.create_all(engine)
    """,
    # the application's schema created where it does not exist yet (the driver upgrades it otherwise)
    """
    from app.models import METADATA
    from app.schema import has_schema

    def ensure_db(engine):
        c = engine.connect()
        if not has_schema(engine):
            METADATA.create_all(c)
    """,
])
def test_operator_commands_and_new_or_local_databases_are_left_alone(code):
    assert findings(code) == []


def test_dev_management_commands_are_not_production_paths():
    code = """
        from django.core.management import call_command
        from django.core.management.base import BaseCommand

        class Command(BaseCommand):
            def handle(self, *args, **options):
                call_command("flush", interactive=False)
    """
    assert findings(code, path="shop/management/commands/reset_dev_db.py") == []
    assert findings(code, path="shop/management/commands/populate_demo.py") == []
    assert [f.line for f in findings(code, path="shop/management/commands/deploy.py")] == [6]


@pytest.mark.parametrize("code", [
    # a command that does more than the schema operation, named for something else
    """
    import click
    from app.models import Base

    @click.command("start")
    def init_db():
        Base.metadata.create_all(engine)
        start_workers()
    """,
    # the helper of an operator command, called by the application factory too
    """
    import click
    from flask import Flask
    from app.extensions import db

    def init_db():
        db.create_all()

    @click.command("init-db")
    def init_db_command():
        init_db()

    def create_app():
        app = Flask(__name__)
        init_db()
        return app
    """,
    # a web application factory and a Django AppConfig.ready(): every process start
    """
    from flask import Flask
    from app.extensions import db

    def create_app():
        app = Flask(__name__)
        db.init_app(app)
        with app.app_context():
            db.create_all()
        return app
    """,
    """
    from django.apps import AppConfig
    from django.db import connection

    class ShopConfig(AppConfig):
        def ready(self):
            with connection.schema_editor() as editor:
                editor.create_model(Cache)
    """,
    # a table checked, not the database: create_all's own check, every start
    """
    from sqlalchemy import inspect
    from app.models import Base

    def init(engine):
        if not inspect(engine).has_table("users"):
            Base.metadata.create_all(engine)
    """,
    # the database exists already: the tables are created in a live database
    """
    import os
    from app.models import Base

    def init(engine, path):
        if os.path.exists(path):
            Base.metadata.create_all(engine)
    """,
    # a drop is not made safe by the database being new
    """
    from sqlalchemy_utils import database_exists
    from app.models import Base

    def init(engine):
        if not database_exists(engine.url):
            Base.metadata.drop_all(engine)
    """,
    # a condition on another database than SQLite
    """
    from app.models import Base

    def init(engine, url):
        if url.startswith("postgresql"):
            Base.metadata.create_all(engine)
    """,
    # a flag alone is not a confirmation; a command not named for development
    """
    import click
    from app.extensions import db

    @click.command()
    @click.option("--force", is_flag=True)
    def install(force):
        if force:
            db.drop_all()
    """,
    # a module function named for the operation, called at start-up
    """
    from fastapi import FastAPI
    from sqlmodel import SQLModel

    def create_db_and_tables():
        SQLModel.metadata.create_all(engine)

    app = FastAPI()

    @app.on_event("startup")
    def on_startup():
        create_db_and_tables()
    """,
    # a helper that checks a revision without stamping is no bootstrap; a drop is never one
    """
    from fastapi import FastAPI
    from app.orm import Base

    def log_revision(engine):
        log.info("revision %s", current_revision(engine))

    def on_startup(engine):
        log_revision(engine)
        Base.metadata.create_all(engine)
    """,
    """
    from app.orm import Base

    def reset_and_migrate(engine):
        Base.metadata.drop_all(engine)
        run_migrations(engine)
    """,
    # a MetaData of the function's own that reflects the database: every table in it
    """
    from sqlalchemy import MetaData

    def wipe(engine):
        metadata = MetaData()
        metadata.reflect(bind=engine)
        metadata.drop_all(engine)
    """,
    # a helper that the migration calls, and start-up code too
    """
    from app.models import Base

    def ensure_tables(engine):
        Base.metadata.create_all(engine)

    def migrate_database(engine):
        ensure_tables(engine)

    def on_startup(engine):
        ensure_tables(engine)
    """,
    # a confirmation about something else, before the drop and not guarding it
    """
    import click
    from app.extensions import db

    def wipe():
        if click.confirm("Send a report?"):
            send_report()
        db.drop_all()
    """,
])
def test_production_paths_stay_reported(code):
    assert [f.code for f in findings(code)] == ["ORM502"]


# -- Django migrations run at start-up, per request, per task ------------------------------------

@pytest.mark.parametrize("path, code, where", [
    ("shop/wsgi.py", """
        import os
        from django.core.management import call_command
        from django.core.wsgi import get_wsgi_application

        application = get_wsgi_application()
        call_command("migrate", interactive=False)
    """, "at start-up (wsgi.py)"),
    ("shop/apps.py", """
        from django.apps import AppConfig
        from django.core import management

        class ShopConfig(AppConfig):
            name = "shop"

            def ready(self):
                management.call_command("migrate")
    """, "in AppConfig.ready(), at every start-up"),
    ("gunicorn.conf.py", """
        from django.core.management import call_command

        def on_starting(server):
            call_command("migrate", "--noinput")
    """, "in the gunicorn server hook on_starting()"),
    ("shop/views.py", """
        from django.core.management import call_command
        from django.http import HttpResponse

        def upgrade(request):
            call_command("migrate")
            return HttpResponse("ok")
    """, "in the view upgrade(), on every request"),
    ("shop/tasks.py", """
        from celery import shared_task
        from django.core.management import call_command

        @shared_task
        def nightly():
            call_command("migrate")
    """, "in the task nightly()"),
])
def test_migrate_at_start_up_per_request_or_per_task(path, code, where):
    [finding] = findings(code, path=path)
    assert 'call_command("migrate") runs migrations ' + where + ":" in finding.message
    assert "manage.py migrate" in finding.message


@pytest.mark.parametrize("path, code", [
    # a deploy command, a script, a test: migrate is how the schema is meant to change
    ("shop/management/commands/deploy.py", """
        from django.core.management import call_command
        from django.core.management.base import BaseCommand

        class Command(BaseCommand):
            def handle(self, *args, **options):
                call_command("migrate")
    """),
    ("scripts/bootstrap.py", """
        from django.core.management import call_command
        call_command("migrate")
    """),
    ("shop/tests/test_migrations.py", """
        from django.core.management import call_command

        def test_migrates(request):
            call_command("migrate", "shop", "zero")
    """),
    ("shop/setup.py", """
        from django.core.management import call_command

        def prepare():
            call_command("migrate")
    """),
    # a dev command flushing in AppConfig-free code; another command at start-up
    ("shop/apps.py", """
        from django.apps import AppConfig
        from django.core.management import call_command

        class ShopConfig(AppConfig):
            def ready(self):
                call_command("check")
    """),
])
def test_migrate_elsewhere_is_not_reported(path, code):
    assert findings(code, path=path) == []


def test_flush_at_start_up_is_an_error():
    [finding] = findings("""
        from django.core.management import call_command
        from django.core.wsgi import get_wsgi_application

        call_command("flush", interactive=False)
        application = get_wsgi_application()
    """, path="shop/wsgi.py")
    assert finding.severity == "error" and 'call_command("flush") drops tables' in finding.message


def test_a_peewee_temporary_table_is_scratch_space_not_the_schema():
    """``create_table(temporary=True)`` makes a table that lives for one connection (a batch's
    scratch space); the plain form changes the database's schema."""
    result = findings("""
        from peewee import *
        db = SqliteDatabase("app.db")

        class Scratch(Model):
            key = CharField()

        def purge(keys):
            Scratch.create_table(temporary=True)
            Scratch.insert_many([{"key": k} for k in keys]).execute()

        def install():
            Scratch.create_table()
            Scratch.create_table(temporary=False)
    """)
    assert [f.line for f in result] == [12, 13]


def test_a_helper_only_tests_and_dev_scripts_call_is_no_production_path():
    """``register_models(engine)`` shipped in the models module, called only by the test suite's set-up and a
    dev script: not a production path. The same helper an application module also calls, or that nobody
    calls (a library's public function), is reported."""
    code = """
        from app.db import Base, engine

        def register_models(engine):
            Base.metadata.create_all(engine)

        def unregister_models(engine):
            Base.metadata.drop_all(engine)

        def rebuild(engine):
            Base.metadata.drop_all(engine)

        def public_reset(engine):
            Base.metadata.drop_all(engine)
    """
    files = {
        "tests/functional/test_db.py": """
            from app import models as db_models
            from app.db import engine

            def setUp():
                db_models.unregister_models(engine)
                db_models.register_models(engine)
                db_models.rebuild(engine)
        """,
        "scripts/seed.py": "from app.models import unregister_models\nunregister_models(None)\n",
        "app/service.py": "from app.models import rebuild\n\ndef go(engine):\n    rebuild(engine)\n",
    }
    found = findings(code, path="app/models.py", files=files)
    assert [f.line for f in found] == [10, 13]


def test_create_all_in_a_helper_every_caller_of_which_stamps_the_schema_is_the_bootstrap():
    """``db.create_all()`` whose only caller outside tests, an admin's ``create-db`` command in another module,
    stamps the new schema as the head revision right after (``command.stamp(cfg, "head")``): Alembic's bootstrap
    of an empty database, split in two functions. A caller that does not stamp (the web app's start-up) keeps
    the finding; so does a helper no file calls."""
    helper = """
        from app.models import Base

        def create_all(engine):
            Base.metadata.create_all(engine)
    """
    admin = """
        from alembic import command
        from alembic.config import Config
        from app.db import create_all

        class CreateDb:
            def execute(self, engine):
                create_all(engine)
                command.stamp(Config("alembic.ini"), "head")
    """
    a_test = "from app.db import create_all\ndef test_schema(engine):\n    create_all(engine)\n"
    files = {"app/admin.py": admin, "tests/test_db.py": a_test}
    assert findings(helper, path="app/db.py", files=files) == []
    startup = "from app.db import create_all\ndef on_startup(engine):\n    create_all(engine)\n"
    assert len(findings(helper, path="app/db.py", files={**files, "app/web.py": startup})) == 1
    assert len(findings(helper, path="app/db.py")) == 1
