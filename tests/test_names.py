import libcst as cst
import pytest

from ormlint.syntax.names import ImportTable, dotted_name, is_from, module_name_for


def table(code: str, module: str = "shop.views", package: bool = False) -> ImportTable:
    return ImportTable.from_module(cst.parse_module(code), module, package)


def expr(code: str) -> cst.BaseExpression:
    return cst.parse_expression(code)


@pytest.mark.parametrize(
    "code, expression, expected",
    [
        ("import sqlalchemy as sa", "sa.Column", "sqlalchemy.Column"),
        ("from django.db import models as m", "m.FloatField", "django.db.models.FloatField"),
        ("from django.db import models", "models.FloatField", "django.db.models.FloatField"),
        ("import django.db.models", "django.db.models.Model", "django.db.models.Model"),
        ("from sqlalchemy.orm import relationship as rel", "rel", "sqlalchemy.orm.relationship"),
        ("from .models import Product", "Product.objects", "shop.models.Product.objects"),
        ("from ..core import db", "db.session", "core.db.session"),
        ("import os.path", "os.path.join", "os.path.join"),
    ],
)
def test_qualify_through_imports(code, expression, expected):
    assert table(code, "shop.views").qualify(expr(expression)) == expected


def test_unimported_names_are_not_qualified():
    imports = table("from sqlalchemy import Column")
    assert imports.qualify(expr("session.execute")) is None
    assert imports.qualify(expr("f().x")) is None


def test_imports_anywhere_in_the_module_are_seen():
    code = "def f():\n    if x:\n        import psycopg2 as pg\n    try:\n        pass\n    except E:\n        from sqlite3 import connect\n"
    imports = table(code)
    assert imports.qualify(expr("pg.connect")) == "psycopg2.connect"
    assert imports.qualify(expr("connect")) == "sqlite3.connect"


def test_relative_import_from_a_package_init():
    imports = table("from .models import Product\nfrom . import signals", "shop", package=True)
    assert imports.qualify(expr("Product")) == "shop.models.Product"
    assert imports.qualify(expr("signals")) == "shop.signals"


def test_star_import_binds_nothing():
    assert table("from sqlalchemy import *").aliases == {}


def test_is_from_matches_reexport_paths():
    assert is_from("sqlalchemy.sql.schema.Column", "sqlalchemy", "Column")
    assert is_from("sqlalchemy.Column", "sqlalchemy", "Column")
    assert not is_from("sqlalchemy_utils.Column", "sqlalchemy", "Column")
    assert not is_from("sqlalchemy.Float", "sqlalchemy", "Column")
    assert not is_from(None, "sqlalchemy", "Column")


def test_module_name_and_dotted_name():
    assert module_name_for("shop/models.py") == "shop.models"
    assert module_name_for("shop/__init__.py") == "shop"
    assert dotted_name(expr("a.b.c")) == "a.b.c"
    assert dotted_name(expr("a().b")) is None


# -- star imports ------------------------------------------------------------------------------------
EXPORTS = {"peewee": frozenset({"Model", "CharField", "ForeignKeyField"}), "pony.orm": frozenset({"Required", "Set"})}


def star(code: str) -> ImportTable:
    return ImportTable.from_module(cst.parse_module(code), "app.models", False, EXPORTS)


def test_star_import_of_a_known_module_resolves_its_exports():
    imports = star("from peewee import *\n")
    assert imports.qualify(expr("Model")) == "peewee.Model"
    assert imports.qualify(expr("ForeignKeyField")) == "peewee.ForeignKeyField"
    assert imports.qualify(expr("Model.select")) == "peewee.Model.select"
    assert imports.qualify(expr("Required")) is None  # not exported by peewee
    assert imports.imports_from("peewee") and not imports.imports_from("pony")


def test_star_import_needs_the_exports_and_yields_to_local_bindings():
    assert ImportTable.from_module(cst.parse_module("from peewee import *\n")).qualify(expr("Model")) is None
    shadowed = star("from peewee import *\n\nclass Model:\n    pass\n\nCharField = str\n")
    assert shadowed.qualify(expr("Model")) is None
    assert shadowed.qualify(expr("CharField")) is None
    assert shadowed.qualify(expr("ForeignKeyField")) == "peewee.ForeignKeyField"
    explicit = star("from peewee import *\nfrom mylib import Model\n")
    assert explicit.qualify(expr("Model")) == "mylib.Model"


def test_a_later_unknown_star_import_may_rebind_a_name():
    assert star("from peewee import *\nfrom .base import *\n").qualify(expr("Model")) is None
    assert star("from .base import *\nfrom peewee import *\n").qualify(expr("Model")) == "peewee.Model"
    assert star("from pony.orm import *\nfrom peewee import *\n").qualify(expr("Set")) == "pony.orm.Set"


@pytest.mark.parametrize(
    "annotation, expected",
    [
        ('"Session"', "Session"),
        ('"orm.Session"', "orm.Session"),
        ('Optional["Session"]', "Session"),
        ('Literal["async", "sync"]', None),  # a keyword is not a name: parsing it raised before
        ('"class.Session"', None),
        ('"list[int]"', None),
        ('""', None),
    ],
)
def test_string_annotations_name_a_type_only_when_they_hold_a_dotted_name(annotation, expected):
    from ormlint.syntax.names import annotated_type

    found = annotated_type(expr(annotation))
    assert (dotted_name(found) if found is not None else None) == expected


def test_a_literal_keyword_annotation_is_checked_like_any_file(tmp_path):
    """``Literal["async"]`` beside a session parameter: the file is checked, not an internal error."""
    import subprocess
    import sys

    (tmp_path / "engine.py").write_text(
        "from typing import Literal\n"
        "from sqlalchemy.orm import Session\n\n\n"
        'def run(session: Session, mode: Literal["async", "sync"]):\n'
        "    for user in session.query(User).all():\n"
        "        session.query(Order).filter(Order.user_id == user.id).all()\n"
        "\n\nclass User: ...\nclass Order: ...\n")
    proc = subprocess.run([sys.executable, "-m", "ormlint", "check", "--no-cache", "engine.py"],
                          cwd=tmp_path, capture_output=True, text=True)
    assert "internal error" not in proc.stderr, proc.stderr
    assert proc.returncode in (0, 1), proc.stderr
