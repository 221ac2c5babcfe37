"""ORM601 on Django RunPython: ``reverse_code=RunPython.noop`` is offered only where doing nothing
undoes the forward function (it only reads, or writes only what the same migration adds); else
the message names every write the rollback would leave behind.

The unit cases read migrations; the sqlite cases run real Django migrations forwards, backwards
and forwards again, with ormlint's fix applied, or (to show what the message warns of) with the
``noop`` it refuses to offer."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import libcst as cst
import pytest

from ormlint.rules.migrations.missing_down_migration import MissingDownMigration
from ormlint.testing import fix_source, lint_source

PATH = "shop/migrations/0002_data.py"
HEAD = "from django.db import migrations, models\n\n\n"


def migration(function: str, *operations: str) -> str:
    ops = "".join(f"        {op},\n" for op in operations)
    return (HEAD + textwrap.dedent(function).strip("\n") + "\n\n\nclass Migration(migrations.Migration):\n"
            + "    dependencies = [('shop', '0001_initial')]\n    operations = [\n" + ops + "    ]\n")


def finding_of(source: str, files: dict[str, str] | None = None):
    [finding] = lint_source(source, MissingDownMigration, path=PATH, files=files)
    return finding


def fixed(source: str, files: dict[str, str] | None = None) -> str:
    result = fix_source(source, MissingDownMigration, path=PATH, files=files)
    cst.parse_module(result)
    assert fix_source(result, MissingDownMigration, path=PATH, files=files) == result
    return result


RUN = "migrations.RunPython(forwards)"
ADD_SLUG = "migrations.AddField('product', 'slug', models.SlugField(null=True))"
ADD_OWNER = "migrations.AddField(model_name='product', name='owner', field=models.ForeignKey('auth.User', null=True, on_delete=models.CASCADE))"
CREATE_TAG = "migrations.CreateModel('Tag', [('id', models.AutoField(primary_key=True)), ('name', models.CharField(max_length=20))])"

UNDONE = {
    "reads only": ("""
        def forwards(apps, schema_editor):
            Product = apps.get_model("shop", "Product")
            for product in Product.objects.filter(name=""):
                raise ValueError(product.pk)
        """, [RUN], "only reads"),
    "fills an added column with update()": ("""
        def forwards(apps, schema_editor):
            Product = apps.get_model("shop.Product")
            Product.objects.filter(slug__isnull=True).update(slug="none")
        """, [ADD_SLUG, RUN], "only writes what this migration adds"),
    "fills an added column row by row": ("""
        def forwards(apps, schema_editor):
            Product = apps.get_model("shop", "Product")
            db = schema_editor.connection.alias
            for product in Product.objects.using(db).all().iterator():
                product.slug = product.name.lower()
                product.save(update_fields=["slug"])
        """, [ADD_SLUG, RUN], "only writes what this migration adds"),
    "an added foreign key by its column": ("""
        def forwards(apps, schema_editor):
            Product = apps.get_model("shop", "Product")
            for product in Product.objects.all():
                product.owner_id = 1
                product.save(update_fields=["owner_id"])
        """, [ADD_OWNER, RUN], "only writes what this migration adds"),
    "bulk_update of added columns": ("""
        def forwards(apps, schema_editor):
            Product = apps.get_model("shop", "Product")
            products = list(Product.objects.all())
            for product in products:
                product.slug = str(product.pk)
            Product.objects.bulk_update(products, ["slug"])
        """, [ADD_SLUG, RUN], "only writes what this migration adds"),
    "rows of a table the migration creates": ("""
        def forwards(apps, schema_editor):
            Tag = apps.get_model("shop", "Tag")
            Tag.objects.bulk_create([Tag(name="new"), Tag(name="sale")])
            tag = Tag(name="old")
            tag.save()
            Tag.objects.filter(name="old").delete()
        """, [CREATE_TAG, RUN], "only writes what this migration adds"),
    "a helper of the module that only fills the added column": ("""
        def fill(Product):
            Product.objects.update(slug="x")

        def forwards(apps, schema_editor):
            fill(apps.get_model("shop", "Product"))
        """, [ADD_SLUG, RUN], "only writes"),
}


@pytest.mark.parametrize("case", sorted(UNDONE))
def test_noop_is_offered_where_the_rollback_drops_all_the_function_wrote(case):
    function, operations, reason = UNDONE[case]
    source = migration(function, *operations)
    finding = finding_of(source)
    assert finding.fix is not None and reason in finding.message
    assert "migrations.RunPython(forwards, reverse_code=migrations.RunPython.noop)," in fixed(source)


def test_lambda_that_only_reads():
    source = migration("", "migrations.RunPython(lambda apps, schema_editor: None)")
    assert "RunPython(lambda apps, schema_editor: None, reverse_code=migrations.RunPython.noop)" in fixed(source)


KEPT = {
    "rows created in an existing table": ("""
        def forwards(apps, schema_editor):
            Category = apps.get_model("shop", "Category")
            Category.objects.create(name="Uncategorised")
        """, [RUN], "rows created in Category (line 6)"),
    "get_or_create": ("""
        def forwards(apps, schema_editor):
            Category = apps.get_model("shop", "Category")
            category, _ = Category.objects.get_or_create(name="Misc")
        """, [RUN], "rows created in Category (line 6)"),
    "an instance saved": ("""
        def forwards(apps, schema_editor):
            Category = apps.get_model("shop", "Category")
            for name in ("a", "b"):
                Category(name=name).save()
        """, [RUN], "rows created in Category (line 7)"),
    "rows updated in an existing column": ("""
        def forwards(apps, schema_editor):
            Product = apps.get_model("shop", "Product")
            Product.objects.filter(name="").update(name="unnamed", slug="")
        """, [ADD_SLUG, RUN], "rows updated in Product (name, slug) (line 6)"),
    "rows deleted": ("""
        def forwards(apps, schema_editor):
            Product = apps.get_model("shop", "Product")
            for product in Product.objects.all():
                if not product.name:
                    product.delete()
        """, [RUN], "rows deleted from Product (line 8)"),
    "a column added after the RunPython": ("""
        def forwards(apps, schema_editor):
            apps.get_model("shop", "Product").objects.update(slug="x")
        """, [RUN, ADD_SLUG], "rows updated in Product (slug) (line 5)"),
    "a column added to the state only": ("""
        def forwards(apps, schema_editor):
            apps.get_model("shop", "Product").objects.update(slug="x")
        """, [f"migrations.SeparateDatabaseAndState(state_operations=[{ADD_SLUG}])", RUN],
        "rows updated in Product (slug) (line 5)"),
    "raw SQL": ("""
        def forwards(apps, schema_editor):
            schema_editor.execute("SELECT 1")
            schema_editor.execute("UPDATE shop_product SET name = upper(name)")
        """, [RUN], "what the SQL of schema_editor.execute() writes (line 6)"),
    "a fixture": ("""
        from django.core.management import call_command

        def forwards(apps, schema_editor):
            call_command("loaddata", "categories")
        """, [RUN], "what call_command(\"loaddata\") loads (line 7)"),
    "a related manager": ("""
        def forwards(apps, schema_editor):
            Product = apps.get_model("shop", "Product")
            for product in Product.objects.all():
                product.categories.add(1)
        """, [RUN], "the relation product.categories changed by product.categories.add() (line 7)"),
    "a helper of another module": ("""
        from shop.data import seed

        def forwards(apps, schema_editor):
            seed(apps)
        """, [RUN], "what seed() writes (line 7)"),
    "a helper of the module that creates rows": ("""
        def seed(Category):
            Category.objects.create(name="x")

        def forwards(apps, schema_editor):
            seed(apps.get_model("shop", "Category"))
        """, [RUN], "rows created in Category (line 5)"),
    "update_fields not given": ("""
        def forwards(apps, schema_editor):
            Product = apps.get_model("shop", "Product")
            for product in Product.objects.all():
                product.slug = product.name
                product.save()
        """, [ADD_SLUG, RUN], "rows of Product written back whole by product.save() (pass update_fields=[...]) (line 8)"),
}


@pytest.mark.parametrize("case", sorted(KEPT))
def test_no_noop_where_data_outlives_the_rollback_and_the_message_names_it(case):
    function, operations, named = KEPT[case]
    source = migration(function, *operations)
    finding = finding_of(source)
    assert finding.fix is None
    assert "would not undo forwards(), which changes data the rollback keeps: " in finding.message
    assert named in finding.message and "; pass reverse_code=" in finding.message, finding.message
    assert fixed(source) == source


MOVE_CODES = """
    def forwards(apps, schema_editor):
        Product = apps.get_model("shop", "Product")
        Tag = apps.get_model("shop", "Tag")
        for product in Product.objects.all():
            Tag.objects.create(name=product.code)
    """
REMOVE_CODE = "migrations.RemoveField('product', 'code')"


def test_no_noop_where_the_migration_then_removes_what_the_function_read():
    """Moving values into a new table and dropping their old column: the rows written are dropped
    with the table, but migrating back re-creates the column empty. Only a reverse function that
    copies the values back before the table goes keeps them."""
    source = migration(MOVE_CODES, CREATE_TAG, RUN, REMOVE_CODE)
    finding = finding_of(source)
    assert finding.fix is None
    assert ("`migrations.RunPython.noop` would lose data: forwards() reads what this migration then removes "
            "(Product.code by RemoveField, line 16)") in finding.message
    assert fixed(source) == source
    # Removed before the function runs, or another model's field: noop is still a true inverse.
    assert finding_of(migration(MOVE_CODES, CREATE_TAG, RUN, "migrations.RemoveField('order', 'code')")).fix is not None
    deleted = migration(MOVE_CODES, CREATE_TAG, RUN, "migrations.DeleteModel('Product')")
    assert "(Product by DeleteModel, line 16)" in finding_of(deleted).message


def test_a_whole_row_save_is_undone_when_the_model_has_no_auto_now_field():
    """save() without update_fields writes every column back: harmless unless a date field with
    auto_now changes (a date the row only holds, or one set when it was added, stays). The project's model
    decides."""
    source = migration(KEPT["update_fields not given"][0], ADD_SLUG, RUN)
    plain = {"shop/models.py": "from django.db import models\n\nclass Product(models.Model):\n"
                               "    name = models.CharField(max_length=20)\n"}
    assert finding_of(source, plain).fix is not None
    dated = {"shop/models.py": plain["shop/models.py"] + "    created = models.DateTimeField(auto_now_add=True)\n"
                                                         "    shipped = models.DateField(null=True)\n"}
    assert finding_of(source, dated).fix is not None
    stamped = {"shop/models.py": plain["shop/models.py"] + "    updated = models.DateTimeField(auto_now=True)\n"}
    assert finding_of(source, stamped).fix is None


def test_a_function_it_cannot_read_gets_no_noop():
    source = HEAD + "from shop.data import forwards\n\n\nclass Migration(migrations.Migration):\n" \
                    "    operations = [migrations.RunPython(forwards)]\n"
    finding = finding_of(source)
    assert finding.fix is None and "ormlint cannot read forwards()" in finding.message


# -- real migrations on sqlite ------------------------------------------------------------

INITIAL = """\
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [
        migrations.CreateModel("Category", [("id", models.AutoField(primary_key=True)),
                                            ("name", models.CharField(max_length=50, unique=True))]),
        migrations.CreateModel("Product", [("id", models.AutoField(primary_key=True)),
                                           ("name", models.CharField(max_length=50))]),
    ]
"""

# Migrates to 0001, adds rows, then 0002, back to 0001 and to 0002 again; prints the tables
# (columns and rows) at 0001 before and after the round trip, and how the second forward went
# ("ok", or the exception's chain of names).
DRIVER = """
import json, os, sys
sys.path.insert(0, os.getcwd())
import django
from django.conf import settings
settings.configure(INSTALLED_APPS=["shop"], DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3",
                   "NAME": "db.sqlite3"}}, DEFAULT_AUTO_FIELD="django.db.models.AutoField")
django.setup()
from django.core.management import call_command
from django.db import connection

def tables():
    with connection.cursor() as cursor:
        out = {}
        for table in ("shop_category", "shop_product"):
            columns = [c.name for c in connection.introspection.get_table_description(cursor, table)]
            cursor.execute(f"SELECT * FROM {table} ORDER BY id")
            out[table] = {"columns": columns, "rows": [list(r) for r in cursor.fetchall()]}
        return out

call_command("migrate", "shop", "0001", verbosity=0)
with connection.cursor() as cursor:
    cursor.execute("INSERT INTO shop_category (name) VALUES ('Books')")
    cursor.execute("INSERT INTO shop_product (name) VALUES ('Dune'), ('Emma')")
before = tables()
call_command("migrate", "shop", "0002", verbosity=0)
call_command("migrate", "shop", "0001", verbosity=0)
after = tables()
try:
    call_command("migrate", "shop", "0002", verbosity=0)
    again = "ok"
except Exception as exc:  # the error and what caused it (sqlite reports a broken transaction on top)
    again = []
    while exc is not None:
        again.append(type(exc).__name__)
        exc = exc.__cause__ or exc.__context__
print(json.dumps({"before": before, "after": after, "again": again}))
"""


def round_trip(tmp_path: Path, second: str, initial: str = INITIAL) -> dict:
    pytest.importorskip("django")
    (tmp_path / "shop" / "migrations").mkdir(parents=True)
    (tmp_path / "shop" / "__init__.py").write_text("")
    (tmp_path / "shop" / "models.py").write_text("")
    (tmp_path / "shop" / "migrations" / "__init__.py").write_text("")
    (tmp_path / "shop" / "migrations" / "0001_initial.py").write_text(initial)
    (tmp_path / "shop" / "migrations" / "0002_data.py").write_text(second)
    proc = subprocess.run([sys.executable, "-c", DRIVER], cwd=tmp_path, text=True, capture_output=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def with_noop(source: str) -> str:
    """What ORM601's fix used to write everywhere."""
    return source.replace("migrations.RunPython(forwards)", "migrations.RunPython(forwards, migrations.RunPython.noop)")


def test_sqlite_noop_offered_is_a_true_inverse(tmp_path):
    source = migration("""
        def forwards(apps, schema_editor):
            Product = apps.get_model("shop", "Product")
            for product in Product.objects.all():
                product.slug = product.name.lower()
                product.save(update_fields=["slug"])
        """, ADD_SLUG, RUN)
    result = round_trip(tmp_path, fixed(source))
    assert result["after"] == result["before"]  # no column, no row, no value left behind
    assert result["again"] == "ok"


def test_sqlite_rows_created_in_an_existing_table_survive_a_noop_rollback(tmp_path):
    """The issue's case: ORM601 offers no noop and says the rows would stay; with noop they do,
    and the unique name collides on the next migrate."""
    source = migration(KEPT["rows created in an existing table"][0], RUN)
    finding = finding_of(source)
    assert finding.fix is None and "the rollback keeps: rows created in Category (line 6);" in finding.message
    result = round_trip(tmp_path, with_noop(source))
    assert result["after"]["shop_category"]["rows"] == [[1, "Books"], [2, "Uncategorised"]]
    assert result["before"]["shop_category"]["rows"] == [[1, "Books"]]
    assert "IntegrityError" in result["again"]


def test_sqlite_a_column_removed_after_the_function_comes_back_empty_with_noop(tmp_path):
    """What the refusal above warns of, for real: after a noop rollback the names are gone."""
    source = migration("""
        def forwards(apps, schema_editor):
            Product = apps.get_model("shop", "Product")
            Tag = apps.get_model("shop", "Tag")
            for product in Product.objects.all():
                Tag.objects.create(name=product.name)
        """, CREATE_TAG, RUN, "migrations.RemoveField('product', 'name')")
    assert finding_of(source).fix is None
    nullable = INITIAL.replace('("name", models.CharField(max_length=50))]', '("name", models.CharField(max_length=50, null=True))]')
    result = round_trip(tmp_path, with_noop(source), nullable)
    assert result["before"]["shop_product"]["rows"] == [[1, "Dune"], [2, "Emma"]]
    assert result["after"]["shop_product"]["rows"] == [[1, None], [2, None]]


def test_sqlite_rows_updated_or_deleted_in_an_existing_table_are_not_restored(tmp_path):
    updated = migration("""
        def forwards(apps, schema_editor):
            Product = apps.get_model("shop", "Product")
            Product.objects.update(name="SOLD OUT")
        """, RUN)
    assert "rows updated in Product (name)" in finding_of(updated).message
    result = round_trip(tmp_path, with_noop(updated))
    assert result["after"]["shop_product"]["rows"] == [[1, "SOLD OUT"], [2, "SOLD OUT"]] != result["before"]["shop_product"]["rows"]
    deleted = migration(KEPT["rows deleted"][0].replace("if not product.name", "if product.name == 'Emma'"), RUN)
    assert "rows deleted from Product" in finding_of(deleted).message
    result = round_trip(tmp_path / "deleted", with_noop(deleted))
    assert result["after"]["shop_product"]["rows"] == [[1, "Dune"]]
