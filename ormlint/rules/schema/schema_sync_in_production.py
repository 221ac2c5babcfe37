"""ORM502 schema-sync-in-production: tables created or dropped by application code at runtime."""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import Iterator, Sequence

import libcst as cst

from ormlint.analysis.entry_points import is_main_guard
from ormlint.analysis.money import name_tokens
from ormlint.api import Example, Rule
from ormlint.core.roles import NON_PRODUCTION
from ormlint.index.call_sites import SchemaStamps
from ormlint.orms import ORMS, spec_of
from ormlint.orms.django import DJANGO_EXTRAS
from ormlint.orms.migration_ops import MIGRATIONS
from ormlint.orms.peewee import PEEWEE
from ormlint.orms.pony import PONY
from ormlint.orms.spec import SchemaCall
from ormlint.orms.sqlalchemy import (
    FLASK_MIGRATE_ADVICE,
    FLASK_SCHEMA_SYNC,
    SA,
    SQLALCHEMY,
    flask_db_objects,
    is_flask_db,
    is_sqlalchemy,
)
from ormlint.orms.tortoise import TORTOISE_EXTRAS
from ormlint.syntax.literals import is_true, keyword, string_value
from ormlint.syntax.names import dotted_name, is_from
from ormlint.syntax.walk import descendants, statements, walk_scope

# Words in a condition that mean "only in development or tests" / "only in production".
DEV_WORDS = frozenset({"debug", "testing", "test", "tests", "dev", "develop", "development", "local", "ci",
                       "pytest", "unittest", "sandbox"})
# Words of a condition that holds only on a single-file or in-memory database (SQLite), where creating
# the tables is the documented fallback of a local install: counted with the development words.
LOCAL_DATABASE_WORDS = frozenset({"sqlite", "memory", "inmemory"})  # digits are dropped: sqlite3
# The address of an in-memory SQLite database (SQLAlchemy's URL, or the file name sqlite3 takes).
_IN_MEMORY_URL = re.compile(r"sqlite(\+\w+)?://(/:memory:)?(\?.*)?|:memory:")
PROD_WORDS = frozenset({"prod", "production", "live"})
TEST_WORDS = frozenset({"test", "tests", "testing", "mock", "mocks", "fake", "fakes", "dummy"})
TEST_CASE_BASES = ("TestCase", "TransactionTestCase", "SimpleTestCase", "LiveServerTestCase",
                   "IsolatedAsyncioTestCase", "AsyncTestCase")
TEST_METHODS = frozenset({"setUp", "setUpClass", "setUpTestData", "tearDown", "tearDownClass", "asyncSetUp",
                          "asyncTearDown", "setup_method", "teardown_method", "setup_class", "teardown_class"})

# Commands an operator runs on a developer's database (``populate``, ``seed_demo``, ``reset_db``): schema
# calls there are their purpose.
DEV_COMMAND_WORDS = frozenset({"populate", "seed", "demo", "sample", "fake", "dev", "develop", "development",
                               "reset", "recreate", "fixture", "fixtures", "test", "testdata", "dummy", "random"})
# Names of a function that is the schema operation itself (``create_db``, ``drop_tables``, ``reset_schema``).
OPERATION_VERBS = frozenset({"create", "drop", "init", "initialize", "reset", "recreate", "setup", "destroy",
                             "migrate", "upgrade", "sync", "rebuild", "wipe"})
OPERATION_OBJECTS = frozenset({"db", "database", "databases", "schema", "schemas", "table", "tables", "all",
                               "models", "metadata"})
# Calls that ask whether the database (its file) exists yet: ``os.path.exists(db_path)``,
# ``Path(db_file).is_file()``, SQLAlchemy-Utils ``database_exists(url)``; or the application's own schema in it
# (``has_schema(engine)``).
EXISTENCE_CHECKS = frozenset({"exists", "isfile", "is_file", "database_exists", "has_schema", "schema_exists"})
# Words of a function that runs schema migrations (``check_migrate``, ``run_migrations``, ``upgrade_db``).
MIGRATE_WORDS = frozenset({"migrate", "migration", "migrations", "upgrade"})
CONFIRMATIONS = frozenset({"confirm", "ask", "prompt", "input", "askyesno", "yes_no", "query_yes_no"})
CLI_DECORATORS = frozenset({"command"})  # click/typer/Flask CLI: @cli.command(), @app.cli.command("init-db")
TASK_DECORATORS = frozenset({"task", "shared_task", "periodic_task", "db_task", "actor", "job"})
GUNICORN_HOOKS = frozenset({"on_starting", "on_reload", "when_ready", "pre_fork", "post_fork", "post_worker_init",
                            "worker_int", "pre_exec", "pre_request", "post_request", "child_exit", "worker_exit"})
STARTUP_MODULES = frozenset({"wsgi", "asgi"})
STARTUP_EVENTS = frozenset({"startup", "lifespan", "on_startup", "before_first_request", "before_serving"})
CREATE, DROP, MIGRATE = "create", "drop", "migrate"
FLASK = "flask"  # the ORM label of Flask-SQLAlchemy's db.create_all()
# (ORM label, call) for every schema-changing call, Flask-SQLAlchemy's own first
SCHEMA_CALLS = tuple((FLASK, call) for call in FLASK_SCHEMA_SYNC) + tuple(
    (spec.name, call) for spec in ORMS for call in spec.schema_sync)
_METADATA_ACTIONS = {call.method: call.action for call in SQLALCHEMY.schema_sync if call.receiver == "metadata"}


def _flagged(call: cst.Call, flag: str) -> bool:
    """``flag=True`` given, or its command-line spelling (``call_command("migrate", "--run-syncdb")``)."""
    option = "--" + flag.replace("_", "-")
    return is_true(keyword(call, flag)) or any(string_value(a.value) == option for a in call.args)


def _advice(orm: str) -> str:
    return FLASK_MIGRATE_ADVICE if orm == FLASK else spec_of(orm).migrate_advice


def _words(expr: cst.CSTNode) -> set[str]:
    """Lower-case words of the names and strings in a condition."""
    words: set[str] = set()
    for node in (expr, *descendants(expr)):
        if isinstance(node, cst.Name):
            words.update(name_tokens(node.value))
        elif isinstance(node, cst.SimpleString):
            value = string_value(node)
            if value and len(value) < 40:
                words.update(name_tokens(value))
    return words


def _flip(polarity: str | None) -> str | None:
    return {"dev": "prod", "prod": "dev"}.get(polarity or "")


def polarity(test: cst.BaseExpression) -> str | None:
    """``dev`` when a condition holds only in development/tests, ``prod`` only in production."""
    if isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not):
        return _flip(polarity(test.expression))
    if isinstance(test, cst.BooleanOperation):
        sides = {polarity(test.left), polarity(test.right)} - {None}
        return sides.pop() if len(sides) == 1 else None
    if isinstance(test, cst.Comparison) and len(test.comparisons) == 1:
        target = test.comparisons[0]
        result = polarity(test.left) or polarity(target.comparator)
        if isinstance(target.operator, (cst.NotEqual, cst.IsNot, cst.NotIn)):
            result = _flip(result)
        if isinstance(target.comparator, cst.Name) and target.comparator.value in ("False", "None"):
            result = _flip(result)
        return result
    words = _words(test)
    dev, prod = bool(words & (DEV_WORDS | LOCAL_DATABASE_WORDS)), bool(words & PROD_WORDS)
    if dev != prod:
        return "dev" if dev else "prod"
    return None


class SchemaSyncInProduction(Rule):
    """
    ## What it does
    Finds schema creation and destruction called from production code:
    SQLAlchemy/SQLModel `metadata.create_all()`/`drop_all()` (`Base.metadata`,
    `SQLModel.metadata`, a `MetaData()`), also passed by reference as in
    `await conn.run_sync(Base.metadata.create_all)`; `Model.__table__.create()`
    and `Table.create()`/`drop()`; Flask-SQLAlchemy `db.create_all()`/
    `db.drop_all()`; Peewee `db.create_tables()`/`drop_tables()` and
    `Model.create_table()`/`drop_table()` (not `create_table(temporary=True)`, one
    connection's scratch table); Tortoise `Tortoise.generate_schemas()`,
    `register_tortoise(..., generate_schemas=True)`, ``RegisterTortoise(...,
    generate_schemas=True)`, `Tortoise._drop_databases()``; Pony
    `db.generate_mapping(create_tables=True)`, `db.create_tables()`,
    `db.drop_all_tables()`; Django `call_command("flush")`, ``call_command("migrate",
    run_syncdb=True)` and `schema_editor().create_model()/delete_model()``. A plain
    `call_command("migrate")` is how a Django schema is meant to change, and is reported
    only where it runs by itself: at start-up (`wsgi.py`/`asgi.py`, `AppConfig.ready()`,
    gunicorn server hooks in `gunicorn*.py`, startup/lifespan handlers), per request (a
    function taking `request`) or per task (`@shared_task`, `@task`, ...).

    Drops (`drop_all`, `drop_tables`, `flush`, ...) are errors; creates and start-up
    migrations are warnings. Calls are recognised by what they are: `create_all` on an
    object that is not a `MetaData`/Flask-SQLAlchemy `db` is left alone.

    Left alone: code under a development or test guard (`if settings.DEBUG:`, `if
    app.testing:`, ``if os.environ.get("ENV") in ("dev", "test"):`, `else` of `if ENV ==
    "production":`, after `if not DEBUG: return``) and a fallback for a local SQLite or
    in-memory database (`if url.startswith("sqlite"):`, after `if dialect.name != "sqlite":
    return`), tables created in an in-memory database the function opens (`engine =
    create_engine("sqlite://")` or `":memory:"`: new at every connection); the `if __name__ == "__main__":`
    block and module functions only it calls (the module is run as a script; a start-up
    hook calling the same function is still reported); pytest fixtures, `TestCase`
    set-up methods, functions and classes named for tests (`create_test_db`),
    test-support modules (`app/testing.py`, `mock_data.py`) and a module function of
    application code that only tests, seed or dev scripts call (`register_models(engine)`
    beside the models, called from the test suite's set-up; one no file calls is still
    reported). Code an operator runs on
    purpose is left alone too: a method that is the schema operation itself
    (`Database.create_db()`, `drop_tables()`: its caller decides when), a CLI command
    (`@cli.command(...)` of a group defined here or imported, a Django management command)
    named for a developer's database (`populate`, `seed-demo`, `reset_dev_db`) or for the
    schema operation itself, with its group's name (`init-db`, `drop_tables`, `migrate_db`,
    `@db_cli.command("create")`: the operator runs it for that) and module functions only
    such commands call (`init_db()` of `@click.command("init-db")`; one the application
    factory calls too is reported), a function that creates
    the tables and then stamps them as the head revision (`alembic stamp head`,
    Flask-Migrate `stamp()`: Alembic's documented bootstrap of an empty database; also
    through a function of the module that stamps, `check_db_revision(engine)`, or a project
    helper named for it, `stamp_heads()`; also a module function every caller of which, tests aside, stamps
    after calling it: `create_all()` of an admin's `create-db` command) or runs
    the project's migrations (`check_migrate(engine)`, `run_migrations()`), a migration
    step of the project's own (`migrate_pairlocks_table()`, or a module function only
    such steps call: `add_missing_tables()` of `migrate_database()`), a `MetaData()` of
    the function's own given nothing but the tables the function builds (`Table(f"users_{name}",
    metadata, ...)`, made at run time for data no model describes; one it reflects is
    still reported), tables
    created only in a database that does not exist yet (`if not os.path.exists(db_file):`,
    `if not database_exists(url):`, or whose schema does not: `if not has_schema(engine):`; a drop there
    is still reported), and a call under
    `if click.confirm(...)` or after `if not Confirm.ask(...): return`. Other CLI
    commands (`install --force`, `serve`) are reported: they run against the production
    database too, and do more than the schema change.

    ## Why is this bad?
    `create_all()` creates missing tables and never alters existing ones: a deploy
    that adds a column silently leaves the live table without it, and the schema has no
    migration history to upgrade, review or roll back. Run by every worker at start-up,
    it also races. `drop_all()`/`flush` erase every row: one wrong environment
    variable and production data is gone.

    ## Example
    ```python
    @app.on_event("startup")
    def on_startup():
        SQLModel.metadata.create_all(engine)
    ```

    ## Use instead
    ```python
    # alembic revision --autogenerate; `alembic upgrade head` as a release step
    # tests/conftest.py may still create and drop the test schema:
    @pytest.fixture(scope="session", autouse=True)
    def schema():
        Base.metadata.create_all(engine)
        yield
        Base.metadata.drop_all(engine)
    ```

    ## Fix safety
    No automatic fix: the replacement is a migration workflow, not an edit.

    ## Where it reports
    | context | reports | why |
    |---|---|---|
    | application code | yes | where requests, jobs and commands run against production data |
    | start-up, views, tasks (`call_command("migrate")`) | yes | every process runs the migrations at once |
    | operator-run code (schema and dev commands, bootstrap with stamp, confirmed) | no | the operator chose to run it |
    | a new database, or a local SQLite / in-memory one (creates) | no | no live table to leave unaltered |
    | `migration` | no | migrations are where the schema should change |
    | `shipped-migration` | no | a migration that shipped is never edited again |
    | `test` | no | tests and fixtures run against a throwaway database |
    | `test-settings` | no | settings of the test run |
    | `dev-data` | no | seed, demo and fake data only ever runs on a developer database |
    | `script` | no | a one-off script is run by hand, once |
    | `command` | yes | an operator's command runs against production data |
    | `example` | no | examples and documentation are not the project's running code |
    | `orm-source` | no | the ORM's own code implements what the rule checks; it does not misuse it |

    Roles are described in the README (Configuration); `[tool.ormlint.skip-roles]` changes
    this table per rule.

    ## References
    - [SQLAlchemy: `MetaData.create_all()`](https://docs.sqlalchemy.org/en/20/core/metadata.html#sqlalchemy.schema.MetaData.create_all)
    - [Alembic: Tutorial](https://alembic.sqlalchemy.org/en/latest/tutorial.html)
    - [Django: Migrations](https://docs.djangoproject.com/en/stable/topics/migrations/)
    - [Peewee: Schema migrations](https://docs.peewee-orm.com/en/latest/peewee/playhouse.html#schema-migrations)
    - [Tortoise ORM: Migrations (Aerich)](https://tortoise.github.io/migration.html)
    """

    code = "ORM502"
    name = "schema-sync-in-production"
    family = "schema"
    severity = "warning"
    orms = ("sqlalchemy", "sqlmodel", "peewee", "tortoise", "pony", "django")
    fix_safety = "none"
    summary = "Tables created or dropped at runtime (create_all, drop_all, generate_schemas, flush) outside migrations"
    prefilter = ("create_all", "drop_all", "create_table", "drop_table", "generate_schemas", "_drop_databases",
                 "generate_mapping", "call_command", "__table__", "Table(", "schema_editor")
    skip_roles = NON_PRODUCTION | {"migration"}

    VALID = [
        # Test, script and migration paths.
        Example(
            """
            import pytest
            from app.db import Base, engine

            @pytest.fixture(scope="session", autouse=True)
            def schema():
                Base.metadata.drop_all(engine)
                Base.metadata.create_all(engine)
                yield
            """,
            path="tests/conftest.py",
        ),
        Example(
            """
            from app.db import Base, engine

            Base.metadata.create_all(engine)
            """,
            path="scripts/init_db.py",
        ),
        Example(
            """
            from alembic import op
            from app.models import Base

            def upgrade():
                Base.metadata.create_all(bind=op.get_bind())
            """,
            path="alembic/versions/0001_initial.py",
        ),
        # Development and test guards.
        """
        import os
        from flask import Flask
        from flask_sqlalchemy import SQLAlchemy

        db = SQLAlchemy()

        def create_app():
            app = Flask(__name__)
            db.init_app(app)
            if app.testing:
                with app.app_context():
                    db.create_all()
            if os.environ.get("ENV") in ("dev", "test"):
                db.create_all()
            if os.environ.get("ENV") == "production":
                pass
            else:
                db.drop_all()
            return app
        """,
        """
        from django.conf import settings
        from app.db import Base, engine

        def init_db():
            if not settings.DEBUG:
                return
            Base.metadata.create_all(engine)
        """,
        # Run as a script.
        """
        from sqlmodel import SQLModel
        from app.db import engine

        if __name__ == "__main__":
            SQLModel.metadata.create_all(engine)
        """,
        # Helpers clearly for tests.
        """
        import pytest
        from app.db import Base, engine

        def create_test_database():
            Base.metadata.create_all(engine)

        @pytest.fixture
        def tables():
            Base.metadata.create_all(engine)
        """,
        # create_all on objects that are not SQLAlchemy metadata; alembic op; objects.create.
        """
        from alembic import op
        from app.client import api
        from app.models import Product

        def sync(items):
            api.create_all(items)
            Product.objects.create(name="x")
            op.create_table("t")
            op.drop_table("t")
        """,
        # Flags that are not True; management commands other than flush/syncdb.
        """
        from django.core.management import call_command
        from tortoise.contrib.fastapi import register_tortoise

        register_tortoise(app, db_url=DB_URL, modules={"models": ["app.models"]}, generate_schemas=False)

        def collect():
            call_command("collectstatic", interactive=False)
            call_command("migrate", interactive=False)
        """,
        # Alembic's own commands are not this rule's business.
        """
        from alembic.config import Config
        from alembic import command

        def upgrade():
            command.upgrade(Config("alembic.ini"), "head")
        """,
        # Alembic's documented bootstrap of an empty database: create the tables, stamp them as head.
        """
        import click
        from alembic import command
        from alembic.config import Config
        from app.models import Base
        from app.db import engine

        @click.command("init-db")
        def init_db():
            Base.metadata.create_all(engine)
            command.stamp(Config("alembic.ini"), "head")
        """,
    ]

    INVALID = [
        Example(
            """
            from fastapi import FastAPI
            from sqlmodel import SQLModel
            from app.db import engine

            app = FastAPI()

            @app.on_event("startup")
            def on_startup():
                SQLModel.metadata.create_all(engine)
            """,
            path="app/main.py",
            lines=(9,),
            message="SQLModel.metadata.create_all() creates tables at runtime",
        ),
        Example(
            """
            from contextlib import asynccontextmanager
            from app.models import Base
            from app.db import engine

            @asynccontextmanager
            async def lifespan(app):
                async with engine.begin() as conn:
                    await conn.run_sync(Base.metadata.drop_all)
                    await conn.run_sync(Base.metadata.create_all)
                yield
            """,
            lines=(8, 9),
            message="Base.metadata.drop_all() drops tables at runtime in",
        ),
        # Flask-SQLAlchemy at module level and in an app factory; imported db.
        Example("""
        from flask import Flask
        from flask_sqlalchemy import SQLAlchemy

        app = Flask(__name__)
        db = SQLAlchemy(app)
        with app.app_context():
            db.create_all()
        """, message="db.create_all() creates tables at runtime outside"),
        Example("""
        from blog.extensions import db

        def create_app(config):
            app = make_app(config)
            with app.app_context():
                db.create_all()
            return app
        """, message="db.create_all() creates tables at runtime outside"),
        # A MetaData instance and a table object.
        Example("""
        import sqlalchemy as sa

        metadata = sa.MetaData()
        users = sa.Table("users", metadata, sa.Column("id", sa.Integer, primary_key=True))

        def reset(engine):
            metadata.drop_all(engine)
            users.create(engine)
        """, message="metadata.drop_all() drops tables at runtime in production"),
        Example("""
        from app.models import Invoice

        def ensure(engine):
            Invoice.__table__.create(bind=engine, checkfirst=True)
        """, message="Invoice.__table__.create() creates tables at runtime"),
        # A production guard does not excuse it.
        Example("""
        import os
        from app.db import Base, engine

        if os.environ.get("ENV") == "production":
            Base.metadata.create_all(engine)
        """, message="Base.metadata.create_all() creates tables at runtime"),
        # Peewee
        Example("""
        from peewee import SqliteDatabase
        from app.models import Tweet, User

        db = SqliteDatabase("app.db")

        def init():
            db.connect()
            db.create_tables([User, Tweet])
        """, message="db.create_tables() creates tables at runtime outside"),
        Example(
            """
            from app.models import User

            def wipe():
                User.drop_table()
            """,
            files={"app/models.py": """
                import peewee

                class User(peewee.Model):
                    name = peewee.CharField()
                """},
            message="User.drop_table() drops tables at runtime in production",
        ),
        # Tortoise
        Example("""
        from tortoise import Tortoise
        from tortoise.contrib.fastapi import register_tortoise

        register_tortoise(app, db_url=DB_URL, modules={"models": ["app.models"]}, generate_schemas=True)

        async def init():
            await Tortoise.init(db_url=DB_URL, modules={"models": ["app.models"]})
            await Tortoise.generate_schemas()
        """, message="register_tortoise(generate_schemas=True) creates tables at"),
        # Pony
        Example("""
        from pony.orm import Database

        db = Database()
        db.bind(provider="postgres", dsn=DSN)
        db.generate_mapping(create_tables=True)

        def reset():
            db.drop_all_tables(with_all_data=True)
        """, message="db.generate_mapping(create_tables=True) creates tables at"),
        # Django
        Example("""
        from django.core.management import call_command

        def reset_demo(request):
            call_command("flush", interactive=False)
            call_command("migrate", run_syncdb=True)
        """, message='call_command("flush") drops tables at runtime in production'),
        Example("""
        from django.db import connection
        from shop.models import Report

        def install():
            with connection.schema_editor() as editor:
                editor.create_model(Report)
        """, message="editor.create_model() creates tables at runtime outside"),
        Example("""
        from django.apps import AppConfig
        from django.core.management import call_command

        class ShopConfig(AppConfig):
            name = "shop"

            def ready(self):
                call_command("migrate", interactive=False)
        """, path="shop/apps.py", message='call_command("migrate") runs migrations in AppConfig.ready()'),
    ]

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self._flask_db = flask_db_objects(ctx.module, ctx.imports)
        self._bound: dict[str, str] | None = None
        self._script_only: frozenset[str] | None = None
        # Test support shipped inside the package (``app/testing.py``, ``app/test_utils/``).
        self._test_module = any(
            TEST_WORDS & set(name_tokens(part)) for part in (PurePosixPath(ctx.path).stem, PurePosixPath(ctx.path).parent.name)
        )

    # -- what a name is bound to in this module ------------------------------------
    def _binding_kind(self, name: str) -> str | None:
        """``metadata`` / ``table`` for names assigned from SQLAlchemy's constructors in this module."""
        if self._bound is None:
            self._bound = {}
            assignments = [
                (target.target.value, statement.value)
                for statement in statements(self.ctx.module)
                if isinstance(statement, cst.Assign) and isinstance(statement.value, cst.Call)
                for target in statement.targets
                if isinstance(target.target, cst.Name)
            ]
            for target, call in assignments:
                qualified = self.ctx.imports.qualify(call.func)
                if is_sqlalchemy(qualified, *SA.metadata):
                    self._bound[target] = "metadata"
                elif is_sqlalchemy(qualified, *SA.table):
                    self._bound[target] = "table"
        return self._bound.get(name)

    def _is_metadata(self, node: cst.BaseExpression) -> bool:
        if isinstance(node, cst.Attribute) and node.attr.value == "metadata":
            return True
        if isinstance(node, cst.Call):
            return is_sqlalchemy(self.ctx.imports.qualify(node.func), *SA.metadata)
        if isinstance(node, cst.Name):
            if self._binding_kind(node.value) == "metadata" or "metadata" in node.value.lower():
                return True
            return (self.ctx.imports.qualify(node) or "").rsplit(".", 1)[-1].lower().endswith("metadata")
        return False

    def _holds_local_tables(self, receiver: cst.BaseExpression) -> bool:
        """``metadata = MetaData()`` in the function, given nothing but the tables the function builds
        (``Table(f"users_{name}", metadata, ...)``, a table per resolver made at run time): no model's
        schema, which migrations keep, is in it (with no table, the call creates nothing). One the function
        reflects (``metadata.reflect(engine)``) or hands on holds more."""
        function = self.enclosing(cst.FunctionDef)
        if function is None or not isinstance(receiver, cst.Name):
            return False
        bound = False
        for node, ancestors in walk_scope(function.body, into_scopes=True):
            if not (isinstance(node, cst.Name) and node.value == receiver.value) or not ancestors:
                continue
            parent = ancestors[-1]
            if isinstance(parent, cst.AssignTarget) and isinstance(ancestors[-2], cst.Assign):
                value = ancestors[-2].value
                bound = isinstance(value, cst.Call) and is_sqlalchemy(self.ctx.imports.qualify(value.func), *SA.metadata)
                if not bound:
                    return False
            elif isinstance(parent, cst.Attribute) and parent.value is node:
                if parent.attr.value not in _METADATA_ACTIONS:
                    return False
            elif not (isinstance(parent, cst.Arg) and isinstance(ancestors[-2], cst.Call)
                      and is_sqlalchemy(self.ctx.imports.qualify(ancestors[-2].func), *SA.table)):
                return False
        return bound

    def _model_orm(self, node: cst.BaseExpression) -> str | None:
        """The ORM of a model class named by ``node`` (imported or defined in this module)."""
        dotted = dotted_name(node)
        if dotted is None:
            return None
        ref = self.ctx.imports.qualify_dotted(dotted) or (
            f"{self.ctx.module_name}.{dotted}" if self.ctx.module_name else dotted
        )
        registry = self.ctx.index.models
        fact = registry.by_qualname.get(ref)
        if fact is None:
            return None
        if any(base.rsplit(".", 1)[-1] in PONY.model_bases[0].names for base in fact.bases):
            return PONY.name  # class Person(db.Entity): the Database object's base
        return registry.orm_of(fact)

    # -- classification -----------------------------------------------------------
    def _classify(self, call: cst.Call) -> tuple[str, str] | None:
        """(create|drop, orm) for a schema-changing call, else None."""
        func = call.func
        qualified = self.ctx.imports.qualify(func)
        for orm, schema_call in SCHEMA_CALLS:
            if schema_call.flag and not _flagged(call, schema_call.flag):
                continue
            if schema_call.unless and is_true(keyword(call, schema_call.unless)):
                continue
            if schema_call.at_startup and self._startup_context() is None:
                continue
            if schema_call.receiver in ("function", "command"):
                found = self._called(call, qualified, schema_call, orm)
            elif isinstance(func, cst.Attribute) and func.attr.value == schema_call.method:
                found = self._receiver(call, func.value, schema_call, orm)
            else:
                continue
            if found is not None:
                return schema_call.action, found
        return None

    def _called(self, call: cst.Call, qualified: str | None, schema_call: SchemaCall, orm: str) -> str | None:
        """A schema-changing function (``register_tortoise(...)``) or management command (``flush``)."""
        if schema_call.receiver == "function":
            return orm if schema_call.function is not None and schema_call.function.matches(qualified) else None
        if not DJANGO_EXTRAS.management.matches(qualified) or not call.args:
            return None
        return orm if string_value(call.args[0].value) == schema_call.method else None

    def _receiver(self, call: cst.Call, receiver: cst.BaseExpression, schema_call: SchemaCall, orm: str) -> str | None:
        """The ORM a schema-changing method belongs to, from what it is called on."""
        kind = schema_call.receiver
        if kind == "metadata":
            return orm if self._is_metadata(receiver) and not self._holds_local_tables(receiver) else None
        if kind == "flask_db":
            return orm if is_flask_db(receiver, self._flask_db) else None
        if kind == "table":
            is_table = (isinstance(receiver, cst.Attribute) and receiver.attr.value == "__table__") or (
                isinstance(receiver, cst.Name) and self._binding_kind(receiver.value) == "table")
            return orm if is_table else None
        if kind == "schema_editor":
            return orm if self._is_schema_editor(receiver) else None
        if kind == "orm":  # the ORM's own class: Tortoise.generate_schemas()
            return orm if TORTOISE_EXTRAS.tortoise.matches(self.ctx.imports.qualify(receiver)) else None
        if kind == "model":
            found = self._model_orm(receiver)
            if found is None and isinstance(receiver, cst.Name) and receiver.value[:1].isupper():
                # a class of a file that uses the ORM through ``import *``
                found = orm if self.ctx.imports.imports_from(*spec_of(orm).packages) else None
            return orm if found == orm else None
        if kind == "database":
            owners = {o for o, c in SCHEMA_CALLS if c.receiver == "database" and c.method == schema_call.method}
            return orm if len(owners) == 1 or self._database_orm(call) == orm else None
        return None

    def _passed_reference(self, call: cst.Call) -> tuple[str, str, cst.Attribute] | None:
        """``conn.run_sync(Base.metadata.create_all)``: the method passed, not called."""
        for arg in call.args:
            value = arg.value
            action = _METADATA_ACTIONS.get(value.attr.value) if isinstance(value, cst.Attribute) else None
            if action is not None and self._is_metadata(value.value):
                return (CREATE if action == "create" else DROP), SQLALCHEMY.name, value
        return None

    def _database_orm(self, call: cst.Call) -> str | None:
        """Peewee or Pony for ``db.create_tables(...)`` in a file using them or given model classes."""
        if self.ctx.imports.imports_from(*PEEWEE.packages):
            return PEEWEE.name
        if self.ctx.imports.imports_from(*PONY.packages):
            return PONY.name
        first = call.args[0].value if call.args else None
        if isinstance(first, cst.Name) and (first.value.isupper() or "model" in first.value.lower()):
            return PEEWEE.name  # db.create_tables(MODELS)
        if isinstance(first, (cst.List, cst.Tuple)) and first.elements and all(
            self._model_orm(e.value) == PEEWEE.name
            or (isinstance(e.value, cst.Name) and e.value.value[:1].isupper() and not e.value.value.isupper())
            for e in first.elements
        ):
            return PEEWEE.name  # a list of model classes: only Peewee's Database.create_tables takes one
        return None

    def _is_schema_editor(self, receiver: cst.BaseExpression) -> bool:
        if not isinstance(receiver, cst.Name):
            return False
        for node in self.ancestors:
            if isinstance(node, (cst.With,)):
                for item in node.items:
                    if (
                        isinstance(item.item, cst.Call)
                        and isinstance(item.item.func, cst.Attribute)
                        and item.item.func.attr.value == "schema_editor"
                        and item.asname is not None
                        and isinstance(item.asname.name, cst.Name)
                        and item.asname.name.value == receiver.value
                    ):
                        return True
        return False

    # -- guards ---------------------------------------------------------------------
    def _guarded(self) -> bool:
        if self._test_module:
            return True
        path = self.ancestors
        for i, node in enumerate(path[:-1]):
            child = path[i + 1]
            if isinstance(node, cst.If):
                if is_main_guard(node.test) and child is node.body:
                    return True
                side = polarity(node.test)
                if (child is node.body and side == "dev") or (child is node.orelse and side == "prod"):
                    return True
            elif isinstance(node, cst.FunctionDef):
                if self._is_test_function(node, path[:i]):
                    return True
                if isinstance(path[i - 1], cst.Module) and node.name.value in self._script_only_functions():
                    return True
            elif isinstance(node, cst.IndentedBlock) and isinstance(child, cst.BaseStatement):
                if any(_exits_outside_dev(stmt) for stmt in node.body[: _index(node.body, child)]):
                    return True
        return False

    # -- operator-run code and start-up code -----------------------------------------------
    def _operator_run(self, action: str) -> bool:
        """Code an operator runs on purpose: a method that is the schema operation itself (its caller
        decides), a command for a developer's database, the bootstrap of an empty database (tables
        created, then stamped as the head revision), or a call the operator confirmed first."""
        function = self.enclosing(cst.FunctionDef)
        if function is not None and self._is_method(function) \
                and _names_operation(set(name_tokens(function.name.value))):
            return True
        if _operator_command(self._command_name()):
            return True
        return (action == CREATE and (self._stamped(function) or self._stamped_by_callers(function)
                                      or self._on_new_database())) or self._confirmed()

    def _stamped_by_callers(self, function: cst.FunctionDef | None) -> bool:
        """A module function whose every caller in the project (tests aside) stamps the new schema as the head
        revision after it (``create_all()``, then ``command.stamp(cfg, "head")`` in an admin's ``create-db``
        command): Alembic's bootstrap of an empty database, split in two functions."""
        if function is None or not any(s is function for s in self.ctx.module.body):
            return False
        qualified = f"{self.ctx.module_name}.{function.name.value}" if self.ctx.module_name else function.name.value
        return self.ctx.index.derived(SchemaStamps).stamped_by_callers(
            qualified, lambda path: "test" in self.ctx.roles_of(path))

    def _is_method(self, function: cst.FunctionDef) -> bool:
        index = self.ancestors.index(function)
        return index >= 2 and isinstance(self.ancestors[index - 2], cst.ClassDef)

    def _command_name(self) -> set[str] | None:
        """The words of the CLI command the code belongs to: a function decorated as a command
        (``@cli.command("init-db")``, with its group's: ``@db_cli.command("create")``, the group
        defined here or imported), or a Django management command module; None outside commands."""
        path = PurePosixPath(self.ctx.path)
        if path.parent.name == "commands" and path.parent.parent.name == "management":
            return set(name_tokens(path.stem))
        for node in reversed(self.ancestors):
            words = _command_words(node) if isinstance(node, cst.FunctionDef) else None
            if words is not None:
                return words
        return None

    def _stamped(self, function: cst.FunctionDef | None) -> bool:
        """The function is a migration step of the project's own (``migrate_pairlocks_table()``, or a
        function of the module only such steps call), or also
        runs the migrations: it stamps the schema as the head revision (Alembic's documented way to create
        a new database from the models), or calls a function that does (``check_db_revision(engine)``) or
        whose name says it stamps or migrates (``stamp_heads()``, ``check_migrate(engine)``): new tables are
        created, the others migrated."""
        if function is None:
            return False
        if MIGRATE_WORDS & set(name_tokens(function.name.value)):
            return True
        local = {s.name.value: s for s in self.ctx.module.body if isinstance(s, cst.FunctionDef)}
        callers = [other for other in local.values() if other is not function and any(
            isinstance(call.func, cst.Name) and name == function.name.value for call, name in _called_names(other))]
        if callers and all(MIGRATE_WORDS & set(name_tokens(c.name.value)) for c in callers):
            return True  # ``add_missing_tables()``, a step of ``migrate_database()``
        for call, name in _called_names(function):
            tokens = set(name_tokens(name))
            if MIGRATIONS.stamp in tokens or MIGRATE_WORDS & tokens:  # stamp(...), stamp_heads(), migrate_db()
                return True
            callee = local.get(name) if isinstance(call.func, cst.Name) else None
            if callee is not None and callee is not function and any(
                    called == MIGRATIONS.stamp for _, called in _called_names(callee)):
                return True
        return False

    def _on_new_database(self) -> bool:
        """Under ``if not os.path.exists(db_file):`` or ``if not database_exists(url):`` (or in the
        ``else`` of the positive test): the tables are created once, in a database that is new."""
        path = self.ancestors
        for i, node in enumerate(path[:-1]):
            if isinstance(node, cst.If):
                missing = _asks_existence(node.test)
                if (missing is True and path[i + 1] is node.body) or (missing is False and path[i + 1] is node.orelse):
                    return True
        return False

    def _in_memory_engine(self, call: cst.Call) -> bool:
        """``create_all(engine)`` with ``engine = create_engine("sqlite://")`` (or ``":memory:"``) bound in the same
        function: an in-memory database, new at every connection, has no tables to keep in step."""
        function = self.enclosing(cst.FunctionDef)
        names = {dotted_name(a.value) for a in call.args if a.keyword is None or a.keyword.value == "bind"} - {None}
        if function is None or not names:
            return False
        values = [n.value for n in descendants(function.body) if isinstance(n, cst.Assign) and len(n.targets) == 1
                  and dotted_name(n.targets[0].target) in names]
        return bool(values) and all(isinstance(v, cst.Call) and any(
            _IN_MEMORY_URL.fullmatch(string_value(a.value) or "") for a in v.args if a.keyword is None) for v in values)

    def _confirmed(self) -> bool:
        """Under ``if click.confirm(...)``, or after ``if not Confirm.ask(...): return``."""
        path = self.ancestors
        for i, node in enumerate(path[:-1]):
            child = path[i + 1]
            if isinstance(node, cst.If) and child is node.body and _asks(node.test):
                return True
            if isinstance(node, cst.IndentedBlock) and isinstance(child, cst.BaseStatement):
                for stmt in node.body[: _index(node.body, child)]:
                    if isinstance(stmt, cst.If) and _asks(stmt.test) and _exits(stmt):
                        return True
        return False

    def _startup_context(self) -> str | None:
        """Where the code runs at start-up, per request or per task: ``in AppConfig.ready()``..."""
        path = PurePosixPath(self.ctx.path)
        if path.stem in STARTUP_MODULES:
            return f"at start-up ({path.name})"
        classes = [n for n in self.ancestors if isinstance(n, cst.ClassDef)]
        for function in (n for n in reversed(self.ancestors) if isinstance(n, cst.FunctionDef)):
            name = function.name.value
            if name == "ready" and classes and any(
                    is_from(self.ctx.imports.qualify(b.value), *DJANGO_EXTRAS.app_config.rsplit(".", 1))
                    for b in classes[-1].bases):
                return "in AppConfig.ready(), at every start-up"
            if path.name.startswith("gunicorn") and name in GUNICORN_HOOKS:
                return f"in the gunicorn server hook {name}()"
            for decorator in function.decorators:
                call = decorator.decorator
                target = call.func if isinstance(call, cst.Call) else call
                last = (dotted_name(target) or "").rsplit(".", 1)[-1]
                event = string_value(call.args[0].value) if isinstance(call, cst.Call) and call.args else None
                if last in TASK_DECORATORS:
                    return f"in the task {name}()"
                if last in STARTUP_EVENTS or event in STARTUP_EVENTS:
                    return f"at start-up in {name}()"
            if name in STARTUP_EVENTS:
                return f"at start-up in {name}()"
            if any(p.name.value == "request" for p in function.params.params):
                return f"in the view {name}(), on every request"
        return None

    def _script_only_functions(self) -> frozenset[str]:
        """Module-level functions run only from this module's ``if __name__ == "__main__":`` block
        or its operator commands."""
        if self._script_only is None:
            self._script_only = frozenset(_script_only(self.ctx.module))
        return self._script_only

    def _is_test_function(self, function: cst.FunctionDef, outer: Sequence[cst.CSTNode]) -> bool:
        if TEST_WORDS & set(name_tokens(function.name.value)):
            return True
        for decorator in function.decorators:
            target = decorator.decorator.func if isinstance(decorator.decorator, cst.Call) else decorator.decorator
            if is_from(self.ctx.imports.qualify(target), "pytest", "fixture"):
                return True
        classdef = next((n for n in reversed(outer) if isinstance(n, cst.ClassDef)), None)
        if classdef is None:
            return False
        if TEST_WORDS & set(name_tokens(classdef.name.value)):
            return True
        return function.name.value in TEST_METHODS and any(
            (dotted_name(base.value) or "").rsplit(".", 1)[-1] in TEST_CASE_BASES for base in classdef.bases
        )

    # -- visiting ---------------------------------------------------------------------
    def visit_Call(self, node: cst.Call) -> None:
        kind = self._classify(node)
        shown: cst.CSTNode = node.func
        if kind is None:
            reference = self._passed_reference(node)
            if reference is None:
                return
            kind, shown = reference[:2], reference[2]
        if self._guarded():
            return
        action, orm = kind
        if action != MIGRATE and self._operator_run(action):
            return
        if action == CREATE and self._in_memory_engine(node):
            return
        spelled = f"{self.ctx.module.code_for_node(shown)}({self._shown_arguments(node, shown)})"
        if action == MIGRATE:
            message = (f"{spelled} runs migrations {self._startup_context()}: every process that starts runs them "
                       f"at once, and a failing migration keeps the application from serving; {_advice(orm)}")
            self.report(node, message, severity="warning")
        elif action == DROP:
            message = (f"{spelled} drops tables at runtime in production code: every row is lost and there is no "
                       f"undo (error, worse than creating them); keep drops to tests and dev scripts and "
                       f"{_advice(orm)}")
            self.report(node, message, severity="error")
        else:
            message = (f"{spelled} creates tables at runtime outside migrations: existing tables are never "
                       f"altered and the schema has no history to upgrade or roll back; {_advice(orm)}")
            self.report(node, message, severity="warning")

    def _shown_arguments(self, call: cst.Call, shown: cst.CSTNode) -> str:
        """The arguments that make a call schema-changing: the command name, ``generate_schemas=True``."""
        if shown is not call.func:
            return ""
        flags = {c.flag for _, c in SCHEMA_CALLS if c.flag}
        if DJANGO_EXTRAS.management.matches(self.ctx.imports.qualify(call.func)):
            kept = [a for a in call.args if a is call.args[0] or (a.keyword and a.keyword.value in flags)]
        else:
            kept = [a for a in call.args if a.keyword and a.keyword.value in flags]
        return ", ".join(self.ctx.module.code_for_node(a.with_changes(comma=cst.MaybeSentinel.DEFAULT)) for a in kept)


def _called_names(function: cst.FunctionDef) -> Iterator[tuple[cst.Call, str]]:
    """The calls in ``function`` with the last name of what each calls (``alembic.command.stamp`` → ``stamp``)."""
    for node in descendants(function.body):
        if isinstance(node, cst.Call):
            yield node, (dotted_name(node.func) or "").rsplit(".", 1)[-1]


def _names_operation(tokens: set[str]) -> bool:
    """``create_db``, ``drop_all_tables``, ``reset_schema``, ``initdb``: words saying what the function or
    command does to the schema."""
    if tokens & OPERATION_VERBS and tokens & OPERATION_OBJECTS:
        return True
    return any(token.startswith(verb) and token[len(verb):] in OPERATION_OBJECTS
               for token in tokens for verb in OPERATION_VERBS)


def _asks_existence(test: cst.BaseExpression) -> bool | None:
    """True for ``not exists(...)`` (the database is missing), False for ``exists(...)``, else None."""
    negated = isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not)
    inner = test.expression if negated else test
    func = inner.func if isinstance(inner, cst.Call) else None
    called = func.attr.value if isinstance(func, cst.Attribute) else func.value if isinstance(func, cst.Name) else ""
    return negated if called in EXISTENCE_CHECKS else None


def _asks(test: cst.BaseExpression) -> bool:
    """A condition that asks the operator: ``click.confirm(...)``, ``Confirm.ask(...)``, ``input(...)``."""
    return any(isinstance(n, cst.Call) and (dotted_name(n.func) or "").rsplit(".", 1)[-1] in CONFIRMATIONS
               for n in (test, *descendants(test)))


def _exits(stmt: cst.If) -> bool:
    """The block leaves: return, raise, or a call to exit/abort."""
    last = stmt.body.body[-1] if stmt.body.body else None
    if not isinstance(last, cst.SimpleStatementLine):
        return False
    for small in last.body:
        if isinstance(small, (cst.Return, cst.Raise)):
            return True
        if isinstance(small, cst.Expr) and isinstance(small.value, cst.Call) and any(
                word in (dotted_name(small.value.func) or "").lower() for word in ("exit", "abort")):
            return True
    return False


def _index(body: Sequence[cst.BaseStatement], child: cst.CSTNode) -> int:
    for i, stmt in enumerate(body):
        if stmt is child:
            return i
    return 0


def _exits_outside_dev(stmt: cst.BaseStatement) -> bool:
    """``if not settings.DEBUG: return`` (or raise): what follows runs only in development."""
    if not isinstance(stmt, cst.If) or stmt.orelse is not None or polarity(stmt.test) != "prod":
        return False
    body = stmt.body.body
    last = body[-1] if body else None
    if isinstance(last, cst.SimpleStatementLine):
        return any(isinstance(s, (cst.Return, cst.Raise)) for s in last.body)
    return False


def _command_words(function: cst.FunctionDef) -> set[str] | None:
    """The words of the CLI command a function is (``@cli.command("init-db")``, with its group's:
    ``@db_cli.command("create")``, the group defined here or imported); None if it is not one."""
    for decorator in function.decorators:
        call = decorator.decorator
        target = call.func if isinstance(call, cst.Call) else call
        group, _, last = (dotted_name(target) or "").rpartition(".")
        if last in CLI_DECORATORS:
            named = string_value(call.args[0].value) if isinstance(call, cst.Call) and call.args else None
            return set(name_tokens(named or function.name.value)) | set(name_tokens(group))
    return None


def _operator_command(words: set[str] | None) -> bool:
    """A command run on a developer's database (``populate``) or for the schema operation (``init-db``)."""
    return words is not None and bool(DEV_COMMAND_WORDS & words or _names_operation(words))


def _script_only(module: cst.Module) -> set[str]:
    """Module-level functions reachable only from the ``if __name__ == "__main__":`` block or from
    operator commands (``@cli.command("init-db")`` calling ``init_db()``).

    References start from those, or from anywhere else: module code, classes, other
    decorated functions (start-up hooks and CLI commands are entry points of their own) and
    public functions the module never names (``create_app()``: called from other modules);
    an undecorated module function passes them on to the functions it names.
    """
    functions = {s.name.value for s in module.body if isinstance(s, cst.FunctionDef)}

    def named(node: cst.CSTNode) -> set[str]:
        return {n.value for n in descendants(node) if isinstance(n, cst.Name) and n.value in functions}

    edges: dict[str, set[str]] = {}
    main_roots: set[str] = set()
    other_roots: set[str] = set()
    for statement in module.body:
        if isinstance(statement, cst.FunctionDef) and not statement.decorators:
            edges[statement.name.value] = named(statement.body)
        elif isinstance(statement, cst.If) and is_main_guard(statement.test):
            main_roots |= named(statement.body)
            other_roots |= named(statement.orelse) if statement.orelse is not None else set()
        elif isinstance(statement, cst.FunctionDef) and _operator_command(_command_words(statement)):
            main_roots |= named(statement.body)
            other_roots |= {statement.name.value} | {n for d in statement.decorators for n in named(d)}
        else:
            other_roots |= named(statement)
            if isinstance(statement, cst.FunctionDef):
                other_roots.add(statement.name.value)
    referenced = main_roots | other_roots | {name for called in edges.values() for name in called}
    other_roots |= {name for name in edges if not name.startswith("_") and name not in referenced}

    def closure(roots: set[str]) -> set[str]:
        seen: set[str] = set()
        stack = list(roots)
        while stack:
            name = stack.pop()
            if name not in seen:
                seen.add(name)
                stack.extend(edges.get(name, ()))
        return seen

    return closure(main_roots) - closure(other_roots)
