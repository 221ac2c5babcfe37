"""The migration index: Alembic/Django/yoyo facts, the revision graph, the project's database."""

from __future__ import annotations

from ormlint.index import INDEX_HINTS
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


def test_a_file_or_folder_written_for_another_database_is_not_postgres():
    """Autogenerate copies ``postgresql_*`` options into a SQLite environment's revisions too:
    the dialect the file imports, and the folder it lives in, say which database it is for."""
    options = REV_A.replace('sa.Column("code", sa.String(10)))', 'sa.Column("code", sa.String(10)), postgresql_include=["id"])')
    sqlite = options.replace("import sqlalchemy as sa", "import sqlalchemy as sa\nfrom sqlalchemy.dialects import sqlite")
    settings = 'DATABASE_URL = "postgresql://db.internal/app"\n'
    registry = build_index({"versions/pg/a1.py": options, "versions/lite/a1.py": sqlite, "conf/settings.py": settings}).migrations
    assert registry.get("versions/pg/a1.py").dialects == ("postgresql",)
    assert registry.get("versions/lite/a1.py").dialects == ("sqlite",)
    assert registry.is_postgres(registry.get("versions/pg/a1.py"))
    assert not registry.is_postgres(registry.get("versions/lite/a1.py"))
    registry = build_index({"versions/sqlite/a1.py": REV_A, "conf/settings.py": settings}).migrations
    assert not registry.is_postgres(registry.get("versions/sqlite/a1.py"))  # the project's settings say PostgreSQL
    registry = build_index({"versions/postgresql/a1.py": REV_A, "conf/settings.py": settings}).migrations
    assert registry.is_postgres(registry.get("versions/postgresql/a1.py"))


def test_settings_name_the_database():
    pg = 'import os\nDATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": os.environ["DB"]}}\n'
    mixed = pg + 'if DEBUG:\n    pass\nDATABASE_URL = os.environ.get("DATABASE_URL", "sqlite:///dev.db")\n'
    registry = build_index({"config/settings.py": pg, "shop/migrations/0002_changes.py": REV_A}).migrations
    assert registry.project_dialects == {"postgresql"}
    assert registry.is_postgres(registry.get("shop/migrations/0002_changes.py"))
    assert registry.migrations == [registry.get("shop/migrations/0002_changes.py")]
    assert build_index({"config/settings.py": mixed}).migrations.project_dialects == {"postgresql", "sqlite"}
    assert build_index({"tests/settings.py": pg}).migrations.project_dialects == frozenset()


def test_the_url_a_module_level_engine_is_created_with_names_the_database():
    engine = 'import os\nfrom sqlalchemy import create_engine\n' \
             'engine = create_engine(os.environ.get("DATABASE", "postgresql+psycopg:///events"))\n'
    local = 'def session():\n    return create_engine("sqlite://")\n'  # inside a function: not the app's engine
    assert build_index({"app/db.py": engine}).migrations.project_dialects == {"postgresql"}
    assert build_index({"app/db.py": local}).migrations.project_dialects == frozenset()


def test_files_that_only_name_the_database_are_indexed():
    """A settings module with no class and no migration in it still reaches the index."""
    for text in ('DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql"}}',
                 'DATABASE_URL = "postgresql://localhost/audit"', 'engine = create_engine("postgresql:///x")'):
        assert any(hint in text for hint in INDEX_HINTS), text


# -- heads and leaves: the migrations that can still change -------------------------------


def _alembic(revision: str, down: str, extra: str = "") -> str:
    return f'from alembic import op\n\nrevision = "{revision}"\ndown_revision = {down}\n{extra}\n\ndef upgrade():\n    pass\n'


def _heads(files: dict[str, str]) -> set[str]:
    migrations = build_index(files).migrations
    return {m.path for m in migrations.migrations if migrations.is_head(m)}


def test_alembic_heads_follow_down_revisions_merges_and_branches():
    files = {
        "alembic/versions/a.py": _alembic("a", "None"),
        "alembic/versions/b.py": _alembic("b", '"a"'),
        "alembic/versions/c.py": _alembic("c", '"a"'),  # a second branch from a
        "alembic/versions/m.py": _alembic("m", '("b", "c")'),  # merged
        "alembic/versions/x.py": _alembic("x", "None", 'branch_labels = ("reports",)'),  # another base
        "alembic/versions/y.py": _alembic("y", '"x"', 'depends_on = "b"'),  # depends_on is no parent link
    }
    assert _heads(files) == {"alembic/versions/m.py", "alembic/versions/y.py"}
    del files["alembic/versions/m.py"]
    assert _heads(files) == {"alembic/versions/b.py", "alembic/versions/c.py", "alembic/versions/y.py"}


def test_alembic_revision_that_cannot_be_read_is_a_head():
    files = {"alembic/versions/a.py": _alembic("a", "None").replace('revision = "a"', "revision = make_id()")}
    assert _heads(files) == {"alembic/versions/a.py"}


def _django(dependencies: str, extra: str = "") -> str:
    return (
        "from django.db import migrations\n\n\nclass Migration(migrations.Migration):\n"
        f"    dependencies = {dependencies}\n{extra}    operations = []\n"
    )


def test_django_leaves_per_app():
    files = {
        "shop/migrations/0001_initial.py": _django('[("auth", "0012_alter_user_first_name_max_length")]'),
        "shop/migrations/0002_a.py": _django('[("shop", "0001_initial")]'),
        "shop/migrations/0003_b.py": _django('[("shop", "0002_a"), ("billing", "0001_initial")]'),
        "billing/migrations/0001_initial.py": _django('[("shop", "0002_a")]'),
        "billing/migrations/__init__.py": "",
    }
    assert _heads(files) == {"shop/migrations/0003_b.py", "billing/migrations/0001_initial.py"}


def test_django_merge_and_conflicting_leaves():
    files = {
        "shop/migrations/0001_initial.py": _django("[]"),
        "shop/migrations/0002_a.py": _django('[("shop", "0001_initial")]'),
        "shop/migrations/0002_b.py": _django('[("shop", "0001_initial")]'),
    }
    assert _heads(files) == {"shop/migrations/0002_a.py", "shop/migrations/0002_b.py"}
    files["shop/migrations/0003_merge.py"] = _django('[("shop", "0002_a"), ("shop", "0002_b")]')
    assert _heads(files) == {"shop/migrations/0003_merge.py"}


def test_django_app_label_other_than_its_folder():
    files = {  # DefectDojo keeps app "dojo" in dojo/db_migrations/; an AppConfig label may differ too
        "core/db_migrations/0001_initial.py": _django('[("auth", "0001_initial")]'),
        "core/db_migrations/0002_x.py": _django('[("coreapp", "0001_initial")]'),
    }
    assert _heads(files) == {"core/db_migrations/0002_x.py"}


def test_django_squashed_migrations():
    replaces = '    replaces = [("shop", "0001_initial"), ("shop", "0002_a")]\n'
    files = {
        "shop/migrations/0001_initial.py": _django("[]"),
        "shop/migrations/0002_a.py": _django('[("shop", "0001_initial")]'),
        "shop/migrations/0001_squashed_0002_a.py": _django("[]", replaces),
    }
    assert _heads(files) == {"shop/migrations/0001_squashed_0002_a.py"}  # the replaced ones shipped
    files["shop/migrations/0003_b.py"] = _django('[("shop", "0002_a")]')  # depends on a replaced one
    assert _heads(files) == {"shop/migrations/0003_b.py"}


def _yoyo(depends: str = "") -> str:
    return f'from yoyo import step\n{depends}\nsteps = [step("SELECT 1", "SELECT 1")]\n'


def test_yoyo_last_by_name_or_by_depends():
    files = {"db/0001_a.py": _yoyo(), "db/0002_b.py": _yoyo(), "db/0003_c.py": _yoyo()}
    assert _heads(files) == {"db/0003_c.py"}
    files = {
        "db/0001_a.py": _yoyo(),
        "db/0002_b.py": _yoyo('__depends__ = {"0001_a"}'),
        "db/0003_c.py": _yoyo('__depends__ = {"0001_a"}'),  # two branches from 0001_a
    }
    assert _heads(files) == {"db/0002_b.py", "db/0003_c.py"}


def test_migration_dates():
    def created(path: str, code: str) -> str:
        return build_index({path: code}).migrations.get(path).created

    alembic = _alembic("a", "None")
    assert created("alembic/versions/a.py", '"""x\n\nCreate Date: 2022-04-06 17:52:06.934781\n"""\n' + alembic) == "2022-04-06"
    assert created("versions/2024_12_04_144924_a49711513ad4_sync.py", alembic) == "2024-12-04"
    assert created("versions/2021-04-16_17-38_d416d0d715cc_add.py", alembic) == "2021-04-16"
    assert created("versions/20230810_1300_0af8f63aa603_refactor.py", alembic) == "2023-08-10"
    assert created("versions/12345678abcd_x.py", alembic) == ""  # a hex revision, not a date
    django = _django("[]")
    assert created("shop/migrations/0008_auto_20190606_1528.py", django) == "2019-06-06"
    assert created("shop/migrations/0004_x.py", "# Generated by Django 4.2.16 on 2024-10-29 16:27\n\n" + django) == "2024-10-29"
    assert created("shop/migrations/0004_x.py", django) == ""
    assert created("shop/migrations/0004_auto_20191399_1528.py", django) == ""  # no 99th day


def test_a_tip_written_a_year_before_the_newest_migration_has_shipped():
    def dated(day: str, dependencies: str) -> str:
        return f"# Generated by Django 4.2 on {day} 10:00\n\n" + _django(dependencies)

    files = {
        "users/migrations/0006_auto_20141030_1132.py": _django("[]"),
        "users/migrations/0007_auto_20150102_1000.py": _django('[("users", "0006_auto_20141030_1132")]'),
        "users/migrations/0040_recent.py": dated("2023-05-01", '[("users", "0007_auto_20150102_1000")]'),
        # undated, but it depends on users 0006, and users moved on in 2015: written by then
        "hooks/migrations/0001_initial.py": _django('[("users", "0006_auto_20141030_1132")]'),
        "timeline/migrations/0008_auto_20190606_1528.py": _django("[]"),
        "billing/migrations/0003_recent.py": dated("2022-09-01", "[]"),
    }
    assert _heads(files) == {"users/migrations/0040_recent.py", "billing/migrations/0003_recent.py"}


def test_a_new_migration_on_an_older_dependency_keeps_its_own_date():
    """A hand-written data migration may depend on an old migration of another app: its own
    date decides, not the other app's later ones."""
    files = {
        "users/migrations/0001_initial.py": _django("[]"),
        "users/migrations/0002_auto_20150102_1000.py": _django('[("users", "0001_initial")]'),
        "users/migrations/0003_auto_20230102_1000.py": _django('[("users", "0002_auto_20150102_1000")]'),
        "shop/migrations/0009_backfill.py": "# Generated by Django 4.2 on 2023-03-01 10:00\n\n"
                                            + _django('[("users", "0001_initial")]'),
    }
    assert _heads(files) == {"users/migrations/0003_auto_20230102_1000.py", "shop/migrations/0009_backfill.py"}
