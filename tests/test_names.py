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
