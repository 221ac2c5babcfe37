"""ORM604 drop-column-still-referenced."""

from __future__ import annotations

import textwrap

import pytest
from ormlint.rules.migrations.drop_column_still_referenced import (
    DropColumnStillReferenced,
)

from ormlint.testing import lint_source

SA_MODELS = '''
from sqlalchemy import Column, Integer, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id = Column(Integer, primary_key=True)
    legacy_code: Mapped[str] = mapped_column(String(20))
    email = Column(String(255))
'''

DJANGO_MODELS = '''
from django.db import models


class Customer(models.Model):
    name = models.CharField(max_length=20)


class Order(models.Model):
    coupon = models.CharField(max_length=20)
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE)
'''


def alembic(body: str, revision: str = "b2", down: str = "a1") -> str:
    return (f"from alembic import op\nimport sqlalchemy as sa\n\nrevision = '{revision}'\ndown_revision = '{down}'\n\n\n"
            "def upgrade():\n" + textwrap.indent(textwrap.dedent(body).strip("\n"), "    ") + "\n")


def django(operations: str) -> str:
    body = textwrap.indent(textwrap.dedent(operations).strip("\n"), " " * 8)
    return f"from django.db import migrations\n\n\nclass Migration(migrations.Migration):\n    operations = [\n{body}\n    ]\n"


def lint(source: str, path: str, files: dict[str, str]):
    return lint_source(source, DropColumnStillReferenced, path=path, files=files)


@pytest.mark.parametrize("statement, action", [
    ("op.drop_column('users', 'legacy_code')", "drops column 'legacy_code'"),
    ("with op.batch_alter_table('users') as batch_op:\n    batch_op.drop_column('legacy_code')", "drops column"),
    ("op.alter_column('users', 'email', new_column_name='email_address')", "renames column 'email' to 'email_address'"),
])
def test_alembic_drop_or_rename_of_a_mapped_column(statement, action):
    [finding] = lint(alembic(statement), "migrations/versions/b2.py", {"app/models.py": SA_MODELS})
    assert action in finding.message and "model User (app/models.py) still maps it as `" in finding.message
    assert ":0" not in finding.message


@pytest.mark.parametrize("statement, files", [
    ("op.drop_column('users', 'nickname')", {}),  # not mapped
    ("op.drop_column('accounts', 'legacy_code')", {}),  # another table
    ("op.alter_column('users', 'mail', new_column_name='email')", {}),  # renamed to what the model maps
    ("op.drop_column('users', 'legacy_code')\nop.add_column('users', sa.Column('legacy_code', sa.Text()))", {}),
    ("op.drop_column('users', 'legacy_code')",
     {"migrations/versions/c3.py": alembic("op.add_column('users', sa.Column('legacy_code', sa.Text()))", "c3", "b2")}),
])
def test_alembic_not_reported(statement, files):
    assert not lint(alembic(statement), "migrations/versions/b2.py", {"app/models.py": SA_MODELS, **files})


@pytest.mark.parametrize("operation", [
    "migrations.RemoveField(model_name='order', name='coupon'),",
    "migrations.RemoveField('order', 'customer'),",
    "migrations.RenameField('Order', 'coupon', 'voucher'),",
    "migrations.SeparateDatabaseAndState(database_operations=[migrations.RemoveField('order', 'coupon')]),",
])
def test_django_remove_or_rename_of_a_declared_field(operation):
    [finding] = lint(django(operation), "shop/migrations/0005_x.py", {"shop/models.py": DJANGO_MODELS})
    assert "model Order (shop/models.py) still maps it as `" in finding.message and finding.line == 6
    assert ":0" not in finding.message


@pytest.mark.parametrize("operation, files", [
    ("migrations.RemoveField('order', 'note'),", {}),
    ("migrations.RenameField('order', 'code', 'coupon'),", {}),
    ("migrations.SeparateDatabaseAndState(state_operations=[migrations.RemoveField('order', 'coupon')]),", {}),
    ("migrations.RemoveField('order', 'coupon'),", {"shop/migrations/0007_readd.py": django(
        "migrations.AddField('order', 'coupon', models.CharField(max_length=20, null=True)),")}),
    ("migrations.RemoveField('customer', 'name'),", {"shop/models.py": "", "blog/models.py": DJANGO_MODELS}),
    # the foreign key dropped and mapped again as a GenericForeignKey, which has no column of its own
    ("migrations.RemoveField('order', 'target'),", {"shop/models.py": DJANGO_MODELS + (
        "\n    target_type = models.ForeignKey('contenttypes.ContentType', on_delete=models.CASCADE, null=True)"
        "\n    target_id = models.PositiveIntegerField(null=True)"
        "\n    target = GenericForeignKey('target_type', 'target_id')\n").replace(
        "from django.db import models\n",
        "from django.contrib.contenttypes.fields import GenericForeignKey\nfrom django.db import models\n")}),
])
def test_django_not_reported(operation, files):
    project = {"shop/models.py": DJANGO_MODELS, **files}
    assert not lint(django(operation), "shop/migrations/0005_x.py", project)


def test_schema_must_match_and_frozen_models_in_migrations_do_not_count():
    models = SA_MODELS.replace('__tablename__ = "users"', '__tablename__ = "users"\n    __table_args__ = {"schema": "auth"}')
    files = {"app/models.py": models}
    assert not lint(alembic("op.drop_column('users', 'legacy_code')"), "migrations/versions/b2.py", files)
    assert not lint(alembic("op.drop_column('users', 'legacy_code', schema='other')"), "migrations/versions/b2.py", files)
    assert lint(alembic("op.drop_column('users', 'legacy_code', schema='auth')"), "migrations/versions/b2.py", files)
    frozen = alembic("op.execute('SELECT 1')", "a0", "z9") + SA_MODELS.replace("from sqlalchemy import", "from sqlalchemy import ")
    assert not lint(alembic("op.drop_column('users', 'legacy_code')"), "migrations/versions/b2.py",
                    {"migrations/versions/a0.py": frozen})


# -- columns mapped under another attribute name; the model of the table today -------------

RENAMED_ATTRIBUTES = '''
from sqlalchemy import Column, Integer, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id = Column(Integer, primary_key=True)
    code = Column("legacy_code", String(20))
    email: Mapped[str] = mapped_column("email_address", String(255))
'''


def test_a_column_is_matched_by_its_name_not_by_the_attribute():
    files = {"app/models.py": RENAMED_ATTRIBUTES}
    [finding] = lint(alembic("op.drop_column('users', 'legacy_code')"), "migrations/versions/b2.py", files)
    assert "still maps it as `code`" in finding.message
    # the attribute `code` maps legacy_code: a column named code is not the model's
    assert lint(alembic("op.drop_column('users', 'code')"), "migrations/versions/b2.py", files) == []
    assert lint(alembic("op.drop_column('users', 'email')"), "migrations/versions/b2.py", files) == []
    renamed = "op.alter_column('users', 'email_address', new_column_name='email')"
    assert len(lint(alembic(renamed), "migrations/versions/b2.py", files)) == 1


def test_a_django_db_column_does_not_change_what_remove_field_names():
    models = DJANGO_MODELS.replace("coupon = models.CharField(max_length=20)",
                                   "coupon = models.CharField(max_length=20, db_column='coupon_code')")
    source = django("migrations.RemoveField(model_name='order', name='coupon'),")
    assert len(lint(source, "shop/migrations/0005_x.py", {"shop/models.py": models})) == 1


def test_a_table_renamed_or_dropped_later_is_not_todays_table():
    files = {"app/models.py": SA_MODELS}
    drop = alembic("op.drop_column('users', 'legacy_code')")
    files["migrations/versions/c3.py"] = alembic("op.rename_table('users', 'old_users')", "c3", "b2")
    assert lint(drop, "migrations/versions/b2.py", files) == []
    files["migrations/versions/c3.py"] = alembic("op.drop_table('users')", "c3", "b2")
    assert lint(drop, "migrations/versions/b2.py", files) == []
    files["migrations/versions/c3.py"] = alembic("op.rename_table('accounts', 'old_accounts')", "c3", "b2")
    assert len(lint(drop, "migrations/versions/b2.py", files)) == 1


def test_a_django_model_renamed_or_deleted_later_is_another_model():
    files = {"shop/models.py": DJANGO_MODELS}
    remove = django("migrations.RemoveField(model_name='order', name='coupon'),")
    files["shop/migrations/0006_rename.py"] = django("migrations.RenameModel(old_name='Order', new_name='Purchase'),")
    assert lint(remove, "shop/migrations/0005_x.py", files) == []
    files["shop/migrations/0006_rename.py"] = django("migrations.DeleteModel(name='Order'),")
    assert lint(remove, "shop/migrations/0005_x.py", files) == []
    files["shop/migrations/0006_rename.py"] = django("migrations.DeleteModel(name='Customer'),")
    assert len(lint(remove, "shop/migrations/0005_x.py", files)) == 1


def test_a_model_of_another_app_is_not_the_migrations_model():
    files = {"billing/models.py": DJANGO_MODELS}
    remove = django("migrations.RemoveField(model_name='order', name='coupon'),")
    assert lint(remove, "shop/migrations/0005_x.py", files) == []


# -- drops written as SQL: op.execute() and RunSQL -----------------------------------------

@pytest.mark.parametrize("statement", [
    "op.execute('ALTER TABLE users DROP COLUMN legacy_code')",
    "op.execute(sa.text('ALTER TABLE users DROP COLUMN IF EXISTS email, DROP COLUMN legacy_code'))",
])
def test_alembic_execute_of_a_drop_column_statement(statement):
    findings = lint(alembic(statement), "migrations/versions/b2.py", {"app/models.py": SA_MODELS})
    assert findings and all("execute() drops column '" in f.message and "model User" in f.message for f in findings)


@pytest.mark.parametrize("statement", [
    "op.execute('ALTER TABLE users DROP COLUMN nickname')",  # not mapped
    "op.execute('ALTER TABLE users DROP CONSTRAINT legacy_code')",  # a constraint, not a column
    "op.execute('UPDATE users SET legacy_code = NULL')",  # rows, not the schema
    ("op.execute('ALTER TABLE users DROP COLUMN legacy_code')\n"
     "op.add_column('users', sa.Column('legacy_code', sa.Text()))"),  # added back
])
def test_alembic_execute_not_reported(statement):
    assert not lint(alembic(statement), "migrations/versions/b2.py", {"app/models.py": SA_MODELS})


DJANGO_TABLES = DJANGO_MODELS + '''

class Refund(models.Model):
    reference = models.CharField(max_length=40, db_column="legacy_ref")

    class Meta:
        db_table = "payments_refund"
'''


@pytest.mark.parametrize("sql, field", [
    ("ALTER TABLE shop_order DROP COLUMN coupon", "coupon"),
    ("ALTER TABLE shop_order DROP COLUMN customer_id", "customer"),  # a foreign key's column
    ("ALTER TABLE payments_refund DROP COLUMN legacy_ref", "reference"),  # Meta.db_table, db_column
])
def test_django_run_sql_dropping_a_mapped_column(sql, field):
    [finding] = lint(django(f"migrations.RunSQL({sql!r}),"), "shop/migrations/0005_x.py",
                     {"shop/models.py": DJANGO_TABLES})
    assert finding.message.startswith("RunSQL drops column") and f"still maps it as `{field}`" in finding.message


@pytest.mark.parametrize("operation", [
    "migrations.RunSQL('ALTER TABLE shop_order DROP COLUMN note'),",  # not mapped
    "migrations.RunSQL('ALTER TABLE shop_refund DROP COLUMN legacy_ref'),",  # not the table of Refund
    "migrations.RunSQL('ALTER TABLE payments_refund DROP COLUMN reference'),",  # the field's column is legacy_ref
    # the drop is the reverse: it runs only when migrating backwards, after the column was added
    ("migrations.RunSQL('ALTER TABLE shop_order ADD COLUMN coupon varchar(20)',"
     " reverse_sql='ALTER TABLE shop_order DROP COLUMN coupon'),"),
    ("migrations.SeparateDatabaseAndState(state_operations=["
     "migrations.RunSQL('ALTER TABLE shop_order DROP COLUMN coupon')]),"),
])
def test_django_run_sql_not_reported(operation):
    assert not lint(django(operation), "shop/migrations/0005_x.py", {"shop/models.py": DJANGO_TABLES})


def test_a_field_removed_from_a_model_the_apps_migrations_leave_unmanaged_drops_no_column():
    initial = django("migrations.CreateModel('Order', [('id', models.AutoField(primary_key=True))], "
                     "options={'managed': False}),")
    files = {"shop/models.py": DJANGO_MODELS, "shop/migrations/0001_initial.py": initial,
             "shop/migrations/0002_more.py": initial.replace("Order", "Customer")}
    remove = django("migrations.RemoveField('order', 'coupon'),")
    assert not lint(remove, "shop/migrations/0005_x.py", files)
    files["shop/migrations/0001_initial.py"] = initial.replace(", options={'managed': False}", "")
    assert len(lint(remove, "shop/migrations/0005_x.py", files)) == 1


@pytest.mark.parametrize("model, reported", [
    ("class Customer(SQLModel, table=True):\n    id: int | None = Field(default=None, primary_key=True)\n"
     "    nickname: str | None = None\n", True),
    ("class Customer(SQLModel, table=True):\n    __tablename__ = 'clients'\n"
     "    id: int | None = Field(default=None, primary_key=True)\n    nickname: str | None = None\n", False),
    ("class Customer(SQLModel):\n    nickname: str | None = None\n", False),  # a schema, no table
    ("class Base(SQLModel):\n    @declared_attr\n    def __tablename__(cls):\n        return cls.__name__ + 's'\n\n\n"
     "class Customer(Base, table=True):\n    id: int | None = Field(default=None, primary_key=True)\n"
     "    nickname: str | None = None\n", False),  # named by its base
])
def test_a_sqlmodel_table_without_a_tablename_is_named_after_its_class(model, reported):
    """SQLModel names a table model's table after the class, in lower case, unless it or a base declares one."""
    models = "from sqlalchemy.orm import declared_attr\nfrom sqlmodel import Field, SQLModel\n\n\n" + model
    found = lint(alembic("op.drop_column('customer', 'nickname')"), "migrations/versions/b2.py",
                 {"app/models.py": models})
    assert bool(found) is reported


def test_a_model_a_script_or_a_test_declares_for_the_table_does_not_count():
    """``OldMessage`` in ``tools/migrate-to-timescaledb.py`` maps the table of another (source) database; a test's
    model is a fixture: neither is the application's model. The application's own model still counts."""
    script_model = SA_MODELS.replace("class User(Base)", "class OldUser(Base)")
    migration = alembic("op.alter_column('users', 'email', new_column_name='email_address')")
    path = "app/alembic/versions/b2_rename.py"
    assert lint(migration, path, {"tools/migrate-to-timescaledb.py": script_model}) == []
    assert lint(migration, path, {"tests/test_users.py": script_model}) == []
    assert len(lint(migration, path, {"app/models.py": SA_MODELS})) == 1
