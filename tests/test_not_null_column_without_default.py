"""ORM602 not-null-column-without-default."""

from __future__ import annotations

import textwrap

import pytest
from ormlint.rules.migrations.not_null_column_without_default import (
    NotNullColumnWithoutDefault,
)

from ormlint.testing import lint_source


def alembic(body: str) -> str:
    return (
        "from alembic import op\nimport sqlalchemy as sa\n\nrevision = 'b2'\ndown_revision = 'a1'\n\n\ndef upgrade():\n"
        + textwrap.indent(textwrap.dedent(body).strip("\n"), "    ") + "\n\n\ndef downgrade():\n"
        "    op.add_column('users', sa.Column('gone', sa.Integer(), nullable=False))\n"
    )


def django(operations: str) -> str:
    body = textwrap.indent(textwrap.dedent(operations).strip("\n"), " " * 8)
    return ("from django.db import migrations, models\n\n\nclass Migration(migrations.Migration):\n"
            f"    operations = [\n{body}\n    ]\n")


def lint(source: str, path: str = "migrations/versions/b2.py"):
    return lint_source(source, NotNullColumnWithoutDefault, path=path)


@pytest.mark.parametrize("statement", [
    "op.add_column('users', sa.Column('role', sa.String(20), nullable=False))",
    "op.add_column('users', sa.Column('role', sa.String(20), nullable=False, server_default=None))",
    "op.add_column(table_name='users', column=sa.Column('role', sa.String(20), nullable=False, default='user'))",
    "with op.batch_alter_table('users') as batch_op:\n    batch_op.add_column(sa.Column('role', sa.String(20), nullable=False))",
])
def test_alembic_not_null_column_without_server_default(statement):
    [finding] = lint(alembic(statement))
    assert "'role'" in finding.message and "server_default" in finding.message
    assert finding.line == 9 + statement.count("\n")
    if "default='user'" in statement:
        assert "on INSERT only" in finding.message


@pytest.mark.parametrize("statement", [
    "op.add_column('users', sa.Column('role', sa.String(20), nullable=False, server_default='user'))",
    "op.add_column('users', sa.Column('role', sa.String(20), nullable=False, server_default=sa.text('now()')))",
    "op.add_column('users', sa.Column('role', sa.String(20)))",
    "op.add_column('users', sa.Column('role', sa.String(20), nullable=True))",
    "op.add_column('users', sa.Column('total', sa.Integer(), sa.Computed('a + b'), nullable=False))",
    "op.create_table('tags', sa.Column('id', sa.Integer()))\nop.add_column('tags', sa.Column('label', sa.Text(), nullable=False))",
    "op.execute('CREATE TABLE tags (id INT)')\nop.add_column('tags', sa.Column('label', sa.Text(), nullable=False))",
    "op.add_column('users', role_column)",
])
def test_alembic_not_reported(statement):
    assert not lint(alembic(statement))


@pytest.mark.parametrize("operation", [
    "migrations.AddField('order', 'status', models.CharField(max_length=20)),",
    "migrations.AddField(model_name='order', name='status', field=models.IntegerField(blank=True)),",
    "migrations.AddField('order', 'customer', models.ForeignKey('shop.Customer', on_delete=models.CASCADE)),",
    "migrations.AddField('order', 'paid', models.BooleanField(null=False)),",
    "migrations.SeparateDatabaseAndState(database_operations=[migrations.AddField('order', 'x', models.UUIDField())]),",
])
def test_django_add_field_without_default(operation):
    [finding] = lint(django(operation), path="shop/migrations/0003_x.py")
    assert "AddField adds NOT NULL field" in finding.message and finding.line == 6


@pytest.mark.parametrize("operation", [
    "migrations.AddField('order', 'status', models.CharField(max_length=20, default='new'), preserve_default=False),",
    "migrations.AddField('order', 'status', models.CharField(max_length=20, db_default='new')),",
    "migrations.AddField('order', 'status', models.CharField(max_length=20, blank=True)),",
    "migrations.AddField('order', 'status', models.CharField(max_length=20, null=True)),",
    "migrations.AddField('order', 'created', models.DateTimeField(auto_now_add=True)),",
    "migrations.AddField('order', 'tags', models.ManyToManyField('shop.Tag')),",
    "migrations.AddField('order', 'body', wagtail.fields.StreamField([])),",
    "migrations.AddField('order', 'status', models.CharField(**options)),",
    "migrations.SeparateDatabaseAndState(state_operations=[migrations.AddField('order', 'x', models.UUIDField())]),",
    "migrations.CreateModel('Order', [('id', models.AutoField(primary_key=True))]),\n"
    "migrations.AddField('order', 'status', models.CharField(max_length=20)),",
])
def test_django_not_reported(operation):
    assert not lint(django(operation), path="shop/migrations/0003_x.py")


def test_alembic_branch_for_another_database_is_left_alone():
    source = alembic("""
        if op.get_bind().dialect.name == "postgresql":
            op.add_column('users', sa.Column('role', sa.String(20), nullable=False, server_default='x'))
        else:  # mysql fills an implicit default
            op.add_column('users', sa.Column('role', sa.String(20), nullable=False))
    """)
    assert not lint(source)


def test_django_first_install_split_is_left_alone():
    """makemigrations moves a first install's relations into a 0002 (marked ``initial`` since Django 1.9): left
    alone, as ``initial`` migrations are; a later migration, or another field in a 0002, is reported."""
    initial = django("migrations.CreateModel('Basket', [('id', models.AutoField(primary_key=True))]),")
    follow = django("migrations.AddField('basket', 'owner', models.ForeignKey('auth.User', on_delete=models.CASCADE)),")
    follow = follow.replace("class Migration(migrations.Migration):\n",
                            "class Migration(migrations.Migration):\n    dependencies = [('basket', '0001_initial')]\n")
    files = {"basket/migrations/0001_initial.py": initial}
    assert not lint_source(follow, NotNullColumnWithoutDefault, path="basket/migrations/0002_auto.py", files=files)
    later = follow.replace("0001_initial", "0004_more")
    files["basket/migrations/0004_more.py"] = initial
    assert lint_source(later, NotNullColumnWithoutDefault, path="basket/migrations/0005_owner.py", files=files)
    marked = follow.replace("    dependencies", "    initial = True\n    dependencies")
    assert not lint_source(marked, NotNullColumnWithoutDefault, path="basket/migrations/0002_auto.py")
    # a field of its own in a 0002 Django did not mark initial is no part of a split: the tables may hold rows
    own = follow.replace("models.ForeignKey('auth.User', on_delete=models.CASCADE)", "models.CharField(max_length=10)")
    assert lint_source(own, NotNullColumnWithoutDefault, path="basket/migrations/0002_code.py", files=files)


def test_another_apps_first_migration_does_not_make_the_tables_new():
    initial = django("migrations.CreateModel('Basket', [('id', models.AutoField(primary_key=True))]),")
    files = {"basket/migrations/0001_initial.py": initial, "basket/migrations/0002_more.py": initial}
    source = django("migrations.AddField('basket', 'owner', models.ForeignKey('auth.User', on_delete=models.CASCADE)),")
    source = source.replace("class Migration(migrations.Migration):\n", "class Migration(migrations.Migration):\n"
                            "    dependencies = [('basket', '0002_more'), ('users', '0001_initial')]\n")
    assert lint_source(source, NotNullColumnWithoutDefault, path="basket/migrations/0003_owner.py", files=files)


def test_a_model_the_apps_migrations_leave_unmanaged_gets_no_sql():
    """``options={"managed": False}`` on its CreateModel: Django runs no SQL for the model's operations
    (``allow_migrate_model``), so an AddField adds no column; a later ``AlterModelOptions`` without
    ``managed`` makes it managed again."""
    initial = django("migrations.CreateModel('Ticket', [('id', models.AutoField(primary_key=True))], "
                     "options={'db_table': 'ticket', 'managed': False}),")
    more = django("migrations.AlterModelOptions(name='ticket', options={'ordering': ['id']}),")
    source = django("migrations.AddField('ticket', 'owner', models.CharField(max_length=10)),")
    files = {"tracdb/migrations/0001_initial.py": initial,
             "tracdb/migrations/0002_more.py": initial.replace("models.AutoField", "models.BigAutoField")}
    assert not lint_source(source, NotNullColumnWithoutDefault, path="tracdb/migrations/0003_owner.py", files=files)
    files["tracdb/migrations/0002_more.py"] = more
    assert lint_source(source, NotNullColumnWithoutDefault, path="tracdb/migrations/0003_owner.py", files=files)
