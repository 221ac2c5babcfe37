"""The migration index: Alembic/Django/yoyo facts, the revision graph, the project's database."""

from __future__ import annotations

from ormlint.testing import build_index

REV_A = '''
from alembic import op
import sqlalchemy as sa

revision = "a1"
down_revision = None


def upgrade():
    op.create_table("users", sa.Column("id", sa.Integer()), sa.Column("code", sa.String(10)))


def downgrade():
    op.drop_table("users")
'''

REV_B = '''
from alembic import op
import sqlalchemy as sa

revision: str = "b2"
down_revision: str | None = "a1"


def upgrade():
    with op.batch_alter_table("users") as batch_op:
        batch_op.add_column(sa.Column("age", sa.Integer(), nullable=False, server_default="0"))
        batch_op.alter_column("code", new_column_name="ref")
    op.drop_column("users", "legacy")
'''

REV_C = '''
from alembic import op
import sqlalchemy as sa

revision = "c3"
down_revision = ("b2", "x9")


def upgrade():
    op.add_column("users", sa.Column("legacy", sa.Text()))
'''


def test_alembic_facts_wherever_the_revision_lives():
    index = build_index({"db/a1.py": REV_A, "somewhere/else/b2.py": REV_B, "app/notes.py": "revision = 1\n"})
    a1 = index.migrations.get("db/a1.py")
    b2 = index.migrations.get("somewhere/else/b2.py")
    assert index.migrations.get("app/notes.py") is None
    assert (a1.framework, a1.revision, a1.down_revision) == ("alembic", "a1", ())
    assert [(op.name, op.direction, op.table, op.columns) for op in a1.operations] == [
        ("create_table", "up", "users", ("id", "code")),
        ("drop_table", "down", "users", ()),
    ]
    assert b2.down_revision == ("a1",)
    ops = [(op.name, op.table, op.column, op.new_name, op.order) for op in b2.operations]
    assert ops == [
        ("batch_alter_table", "users", None, None, 0),
        ("add_column", "users", "age", None, 1),
        ("alter_column", "users", "code", "ref", 2),
        ("drop_column", "users", "legacy", None, 3),
    ]
    assert ("server_default", '"0"') not in b2.operations[1].args  # Column keywords stay in the Column


def test_revision_graph_and_restored_columns():
    index = build_index({"v/a1.py": REV_A, "v/b2.py": REV_B, "v/c3.py": REV_C})
    registry = index.migrations
    a1, b2, c3 = (registry.get(f"v/{name}.py") for name in ("a1", "b2", "c3"))
    assert {m.path for m in registry.later(a1)} == {"v/b2.py", "v/c3.py"}
    assert registry.later(c3) == []
    assert c3.down_revision == ("b2", "x9")
    assert registry.restored_later(b2, "users", "legacy", after=3)  # c3 adds it back
    assert not registry.restored_later(b2, "users", "code", after=2)
    assert registry.restored_later(a1, "users", "code", after=-1)


DJANGO_0002 = '''
from django.db import migrations, models
from django.contrib.postgres.operations import AddIndexConcurrently


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("shop", "0001_initial")]
    operations = [
        migrations.RemoveField("order", "coupon"),
        migrations.RenameField(model_name="Order", old_name="ref", new_name="reference"),
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.RemoveField("order", "note")],
            database_operations=[migrations.RunSQL("SELECT 1", migrations.RunSQL.noop)],
        ),
        migrations.CreateModel("Tag", [("id", models.AutoField(primary_key=True)), ("label", models.TextField())]),
    ]
'''


def test_django_facts():
    index = build_index({"shop/migrations/0002_changes.py": DJANGO_0002})
    fact = index.migrations.get("shop/migrations/0002_changes.py")
    assert (fact.framework, fact.revision, fact.atomic, fact.dialects) == ("django", "0002_changes", False, ("postgresql",))
    ops = [(op.name, op.table, op.column, op.new_name, op.scope, op.columns) for op in fact.operations]
    assert ops == [
        ("RemoveField", "order", "coupon", None, "both", ()),
        ("RenameField", "order", "ref", "reference", "both", ()),
        ("RunSQL", None, None, None, "database", ()),
        ("RemoveField", "order", "note", None, "state", ()),
        ("CreateModel", "tag", None, None, "both", ("id", "label")),
    ]


def test_django_sequence_per_app_directory():
    files = {
        "shop/migrations/0001_initial.py": DJANGO_0002,
        "shop/migrations/0002_more.py": DJANGO_0002,
        "blog/migrations/0003_other.py": DJANGO_0002,
    }
    registry = build_index(files).migrations
    assert [m.path for m in registry.later(registry.get("shop/migrations/0001_initial.py"))] == ["shop/migrations/0002_more.py"]


def test_yoyo_steps():
    source = 'from yoyo import step\n\n__depends__ = {"0001_init"}\nsteps = [step("CREATE TABLE t (id INT)"), step("DROP TABLE u")]\n'
    fact = build_index({"migrations/0002_t.py": source}).migrations.get("migrations/0002_t.py")
    assert (fact.framework, fact.down_revision, len(fact.operations)) == ("yoyo", ("0001_init",), 2)


def test_postgres_knowledge():
    plain = REV_A
    pg = REV_B.replace("import sqlalchemy as sa", "import sqlalchemy as sa\nfrom sqlalchemy.dialects import postgresql")
    portable = REV_C + "\n\nif op.get_bind().dialect.name == 'postgresql':\n    pass\n"
    registry = build_index({"v/a1.py": plain, "v/b2.py": pg}).migrations
    assert registry.is_postgres(registry.get("v/b2.py"))
    assert registry.is_postgres(registry.get("v/a1.py"))  # same directory, nobody branches on the database
    registry = build_index({"v/a1.py": plain, "v/b2.py": pg, "v/c3.py": portable}).migrations
    assert registry.get("v/c3.py").branches_on_database
    assert registry.is_postgres(registry.get("v/b2.py"))
    assert not registry.is_postgres(registry.get("v/a1.py"))
    assert not registry.is_postgres(registry.get("v/c3.py"))


def test_settings_name_the_database():
    pg = 'import os\nDATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": os.environ["DB"]}}\n'
    mixed = pg + 'if DEBUG:\n    pass\nDATABASE_URL = os.environ.get("DATABASE_URL", "sqlite:///dev.db")\n'
    registry = build_index({"config/settings.py": pg, "shop/migrations/0002_changes.py": REV_A}).migrations
    assert registry.project_dialects == {"postgresql"}
    assert registry.is_postgres(registry.get("shop/migrations/0002_changes.py"))
    assert registry.migrations == [registry.get("shop/migrations/0002_changes.py")]
    assert build_index({"config/settings.py": mixed}).migrations.project_dialects == {"postgresql", "sqlite"}
    assert build_index({"tests/settings.py": pg}).migrations.project_dialects == frozenset()
