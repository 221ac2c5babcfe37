"""ORM603 non-concurrent-index."""

from __future__ import annotations

import textwrap

import pytest
from ormlint.rules.migrations.non_concurrent_index import NonConcurrentIndex

from ormlint.testing import lint_source

PG_SETTINGS = {"config/settings.py": 'DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql"}}\n'}
PATH = "migrations/versions/b2.py"


def alembic(body: str, postgres: bool = True) -> str:
    imports = "from alembic import op\nimport sqlalchemy as sa\n"
    if postgres:
        imports += "from sqlalchemy.dialects import postgresql\n"
    return (imports + "\nrevision = 'b2'\ndown_revision = 'a1'\n\n\ndef upgrade():\n"
            + textwrap.indent(textwrap.dedent(body).strip("\n"), "    ") + "\n")


def django(operations: str, atomic: bool = True, imports: str = "") -> str:
    body = textwrap.indent(textwrap.dedent(operations).strip("\n"), " " * 8)
    head = "from django.db import migrations, models\n" + imports
    flag = "" if atomic else "    atomic = False\n"
    return f"{head}\n\nclass Migration(migrations.Migration):\n{flag}    operations = [\n{body}\n    ]\n"


def messages(source: str, path: str = PATH, files=None):
    return [(f.severity, f.message) for f in lint_source(source, NonConcurrentIndex, path=path, files=files)]


@pytest.mark.parametrize("statement", [
    "op.create_index('ix_user', 'orders', ['user_id'])",
    "op.create_index('ix_user', 'orders', ['user_id'], postgresql_concurrently=False)",
    "with op.batch_alter_table('orders') as batch_op:\n    batch_op.create_index('ix_user', ['user_id'])",
    "op.execute('CREATE UNIQUE INDEX ix_user ON orders (user_id)')",
])
def test_blocking_index_build_on_postgres(statement):
    [(severity, message)] = messages(alembic(statement))
    assert severity == "warning" and "'orders'" in message and "postgresql_concurrently=True" in message


@pytest.mark.parametrize("statement", [
    "op.create_index('ix_user', 'orders', ['user_id'], postgresql_concurrently=True)",
    "op.execute('CREATE INDEX CONCURRENTLY ix_user ON orders (user_id)')",
])
def test_concurrent_build_inside_the_transaction_is_an_error(statement):
    [(severity, message)] = messages(alembic(statement, postgres=False))
    assert severity == "error" and "cannot run inside a transaction block" in message


@pytest.mark.parametrize("source", [
    alembic("with op.get_context().autocommit_block():\n"
            "    op.create_index('ix_user', 'orders', ['user_id'], postgresql_concurrently=True)"),
    alembic("with op.get_context().autocommit_block():\n    op.execute('CREATE INDEX CONCURRENTLY ix ON orders (a)')"),
    alembic("op.create_table('tags', sa.Column('id', sa.Integer()))\nop.create_index('ix_tags_id', 'tags', ['id'])"),
    alembic("op.create_index('ix_user', 'orders', ['user_id'])", postgres=False),  # database unknown
    alembic("if op.get_bind().dialect.name == 'postgresql':\n    op.create_index('ix_user', 'orders', ['user_id'])"),
])
def test_alembic_not_reported(source):
    assert not messages(source)


def test_postgres_known_from_django_settings_or_postgres_imports():
    add_index = "migrations.AddIndex('order', models.Index(fields=['user'], name='order_user_idx')),"
    assert not messages(django(add_index), "shop/migrations/0004_i.py")
    [(severity, message)] = messages(django(add_index), "shop/migrations/0004_i.py", PG_SETTINGS)
    assert severity == "warning" and "AddIndexConcurrently" in message
    with_gin = django(add_index, imports="from django.contrib.postgres.indexes import GinIndex\n")
    assert len(messages(with_gin, "shop/migrations/0004_i.py")) == 1


@pytest.mark.parametrize("operations, atomic, expected", [
    ("AddIndexConcurrently('order', models.Index(fields=['user'], name='i')),", True, "error"),
    ("RemoveIndexConcurrently('order', 'i'),", True, "error"),
    ("migrations.RunSQL('CREATE INDEX CONCURRENTLY i ON shop_order (user_id)', 'DROP INDEX i'),", True, "error"),
    ("migrations.RunSQL('CREATE INDEX i ON shop_order (user_id)', 'DROP INDEX i'),", True, "warning"),
    ("AddIndexConcurrently('order', models.Index(fields=['user'], name='i')),", False, None),
    ("migrations.RunSQL('CREATE INDEX CONCURRENTLY i ON shop_order (user_id)', 'DROP INDEX i'),", False, None),
    ("migrations.CreateModel('Tag', []),\nmigrations.AddIndex('tag', models.Index(fields=['x'], name='i')),", True, None),
])
def test_django_operations(operations, atomic, expected):
    imports = "from django.contrib.postgres.operations import AddIndexConcurrently, RemoveIndexConcurrently\n"
    found = messages(django(operations, atomic, imports), "shop/migrations/0004_i.py", PG_SETTINGS)
    assert [severity for severity, _ in found] == ([expected] if expected else [])


@pytest.mark.parametrize("marker", ["    initial = True\n", "    replaces = [('shop', '0004_a'), ('shop', '0005_b')]\n"])
def test_django_migrations_on_fresh_tables_are_left_alone(marker):
    source = django("migrations.AddIndex('order', models.Index(fields=['user'], name='i')),").replace(
        "class Migration(migrations.Migration):\n", "class Migration(migrations.Migration):\n" + marker)
    assert not messages(source, "shop/migrations/0004_i.py", PG_SETTINGS)


def test_messages_name_the_table_and_the_cost_of_its_size():
    [(_, message)] = messages(alembic("op.create_index('ix_user', 'orders', ['user_id'])"))
    assert "existing table 'orders'" in message and "the build takes longer the more rows 'orders' holds" in message
    add_index = "migrations.AddIndex('order', models.Index(fields=['user'], name='order_user_idx')),"
    [(_, message)] = messages(django(add_index), "shop/migrations/0004_i.py", PG_SETTINGS)
    assert "(table 'shop_order')" in message and "the more rows it holds" in message
    models = {"shop/models.py": "from django.db import models\n\n\nclass Order(models.Model):\n"
                                "    class Meta:\n        db_table = 'orders'\n", **PG_SETTINGS}
    [(_, message)] = messages(django(add_index), "shop/migrations/0004_i.py", models)
    assert "(table 'orders')" in message
    run_sql = "migrations.RunSQL('CREATE INDEX i ON shop_order (user_id)', 'DROP INDEX i'),"
    [(_, message)] = messages(django(run_sql), "shop/migrations/0004_i.py", PG_SETTINGS)
    assert "CREATE INDEX on 'shop_order' without CONCURRENTLY" in message


@pytest.mark.parametrize("operations", [
    # the model and its index in one migration: the table is empty
    "migrations.CreateModel('Tag', []),\nmigrations.RunSQL('CREATE INDEX i ON shop_tag (x)', 'DROP INDEX i'),",
    "migrations.CreateModel('Tag', [], options={'db_table': 'tags'}),\n"
    "migrations.RunSQL('CREATE INDEX i ON tags (x)', 'DROP INDEX i'),",
    "migrations.RunSQL(['CREATE TABLE audit (id int)', 'CREATE INDEX i ON audit (id)']),",
    # a materialized view (re)created by the same SQL: no writer can be waiting on it
    "migrations.RunSQL('DROP MATERIALIZED VIEW IF EXISTS v; CREATE MATERIALIZED VIEW v AS SELECT a FROM t; "
    "CREATE UNIQUE INDEX ON v (a); REFRESH MATERIALIZED VIEW v;', 'DROP MATERIALIZED VIEW v'),",
])
def test_django_index_on_a_table_created_in_the_same_migration(operations):
    assert not messages(django(operations), "shop/migrations/0004_i.py", PG_SETTINGS)


def test_an_index_on_another_table_than_the_new_one_is_reported():
    operations = "migrations.CreateModel('Tag', []),\nmigrations.RunSQL('CREATE INDEX i ON shop_order (x)', 'DROP INDEX i'),"
    assert len(messages(django(operations), "shop/migrations/0004_i.py", PG_SETTINGS)) == 1


def test_a_migration_of_a_sqlite_environment_is_not_postgres():
    """Autogenerate copies postgresql_* options into the SQLite environment's revisions too."""
    sqlite = alembic("op.create_index('ix', 'flow_run', ['a'], postgresql_include=['id'])", postgres=False).replace(
        "import sqlalchemy as sa\n", "import sqlalchemy as sa\nfrom sqlalchemy.dialects import sqlite\n")
    assert not messages(sqlite, "versions/sqlite/b2.py")
    assert not messages(alembic("op.create_index('ix', 'flow_run', ['a'])"), "db/versions/sqlite/b2.py")


def test_an_index_on_a_model_the_apps_migrations_leave_unmanaged_is_not_built():
    """Django runs no SQL for an unmanaged model (``options={"managed": False}``): AddIndex builds nothing."""
    initial = django("migrations.CreateModel('Ticket', [('id', models.AutoField(primary_key=True))], "
                     "options={'managed': False}),")
    add_index = django("migrations.AddIndex('ticket', models.Index(fields=['id'], name='ticket_idx')),")
    files = {**PG_SETTINGS, "tracdb/migrations/0001_initial.py": initial,
             "tracdb/migrations/0002_more.py": initial.replace("Ticket", "Milestone")}
    assert not messages(add_index, "tracdb/migrations/0003_i.py", files)
    files["tracdb/migrations/0001_initial.py"] = initial.replace(", options={'managed': False}", "")
    assert len(messages(add_index, "tracdb/migrations/0003_i.py", files)) == 1


def test_an_index_added_in_a_0002_not_marked_initial_is_built_on_a_table_that_may_hold_rows():
    """A 0002 after the app's first install: makemigrations marks the migrations it splits a first install into
    ``initial`` (left alone); one that is not is a change of its own, and its AddIndex locks a table in use."""
    initial = django("migrations.CreateModel('Ticket', [('id', models.AutoField(primary_key=True))]),")
    add_index = django("migrations.AddIndex('ticket', models.Index(fields=['id'], name='ticket_idx')),").replace(
        "class Migration(migrations.Migration):\n",
        "class Migration(migrations.Migration):\n    dependencies = [('tracdb', '0001_initial')]\n")
    files = {**PG_SETTINGS, "tracdb/migrations/0001_initial.py": initial}
    assert len(messages(add_index, "tracdb/migrations/0002_ticket_idx.py", files)) == 1
    marked = add_index.replace("    dependencies", "    initial = True\n    dependencies")
    assert not messages(marked, "tracdb/migrations/0002_ticket_idx.py", files)
