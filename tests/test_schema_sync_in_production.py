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
    # a click command in the application package is production code
    """
    import click
    from app.models import Base

    @click.command()
    def init_db():
        Base.metadata.create_all(engine)
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
    ('url.startswith("sqlite")', None),
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
