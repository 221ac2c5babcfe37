"""Imports a fix adds go where the project's import sorting (Ruff's I rules, isort) puts them."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import libcst as cst
import pytest

from ormlint.api import ImportSpec
from ormlint.engine.imports import ImportStyle, add_imports, style_for


def added(source: str, *specs: ImportSpec, style: ImportStyle = ImportStyle(), path: str = "app/views.py") -> str:
    module = cst.parse_module(textwrap.dedent(source).lstrip("\n"))
    result = add_imports(module, specs, style, path).code
    again = add_imports(cst.parse_module(result), specs, style, path).code
    assert again == result  # nothing is added twice, nothing moves on a second pass
    return result


def code(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


DECIMAL = ImportSpec("decimal", "Decimal")
CLOSING = ImportSpec("contextlib", "closing")
SELECTINLOAD = ImportSpec("sqlalchemy.orm", "selectinload")
FIRST_PARTY = ImportStyle(known_first_party=("shop",))


def test_a_standard_library_import_joins_its_section_in_order():
    assert added("""
        import os
        from typing import Optional

        from django.db import models

        from shop.models import Product

        x = 1
    """, CLOSING, DECIMAL, style=FIRST_PARTY) == code("""
        import os
        from contextlib import closing
        from decimal import Decimal
        from typing import Optional

        from django.db import models

        from shop.models import Product

        x = 1
    """)


def test_a_missing_section_is_opened_where_it_belongs():
    before_third_party = added('''
        """Views."""

        from django.db import models
        # the shop's own
        from shop.models import Product
    ''', DECIMAL, style=FIRST_PARTY)
    assert before_third_party == code('''
        """Views."""

        from decimal import Decimal

        from django.db import models
        # the shop's own
        from shop.models import Product
    ''')
    between = added("""
        import os

        from shop.models import Product


        def f():
            pass
    """, SELECTINLOAD, style=FIRST_PARTY)
    assert between == code("""
        import os

        from sqlalchemy.orm import selectinload

        from shop.models import Product


        def f():
            pass
    """)
    last = added("""
        import os
        from django.db import models

        x = 1
    """, ImportSpec("shop.models", "Product"), style=FIRST_PARTY)
    assert last == code("""
        import os
        from django.db import models

        from shop.models import Product

        x = 1
    """)


def test_attached_comments_stay_with_their_import():
    assert added("""
        # third party
        import django
    """, DECIMAL) == code("""
        # third party
        from decimal import Decimal

        import django
    """)
    assert added("""
        import os

        # the ORM
        import django
    """, SELECTINLOAD) == code("""
        import os

        # the ORM
        import django
        from sqlalchemy.orm import selectinload
    """)


def test_import_lines_come_before_from_lines_unless_sorted_within_sections():
    source = """
        import abc
        import zlib
        from zipfile import ZipFile
    """
    assert added(source, ImportSpec("os")) == code("""
        import abc
        import os
        import zlib
        from zipfile import ZipFile
    """)
    assert added(source, CLOSING) == code("""
        import abc
        import zlib
        from contextlib import closing
        from zipfile import ZipFile
    """)
    assert added(source, CLOSING, style=ImportStyle(force_sort_within_sections=True)) == code("""
        import abc
        from contextlib import closing
        import zlib
        from zipfile import ZipFile
    """)


def test_module_names_sort_case_insensitively_and_numbers_naturally():
    assert added("""
        import Alpha
        import app9
        import zeta
    """, ImportSpec("app10"), ImportSpec("beta")) == code("""
        import Alpha
        import app9
        import app10
        import beta
        import zeta
    """)
    assert added("""
        from sqlalchemy import select
        from sqlalchemy.sql import text
    """, SELECTINLOAD) == code("""
        from sqlalchemy import select
        from sqlalchemy.orm import selectinload
        from sqlalchemy.sql import text
    """)


def test_names_merge_into_an_existing_from_import_in_order():
    assert added("from sqlalchemy import Column, Float, String, create_engine\n",
                 ImportSpec("sqlalchemy", "Numeric"), ImportSpec("sqlalchemy", "text"),
                 ImportSpec("sqlalchemy", "TEXT")) == \
        "from sqlalchemy import TEXT, Column, Float, Numeric, String, create_engine, text\n"
    # An unsorted list is not reordered: the new name goes last.
    assert added("from sqlalchemy import Integer, Column\n", ImportSpec("sqlalchemy", "Numeric")) == \
        "from sqlalchemy import Integer, Column, Numeric\n"
    assert added("from sqlalchemy import Column\n", ImportSpec("sqlalchemy", "Numeric"),
                 style=ImportStyle(order_by_type=False, case_sensitive=False)) == \
        "from sqlalchemy import Column, Numeric\n"


def test_a_one_name_per_line_import_keeps_its_layout_and_comments():
    assert added("""
        from sqlalchemy.orm import (
            Mapped,  # the 2.0 style
            relationship,
            sessionmaker,
        )
    """, SELECTINLOAD, ImportSpec("sqlalchemy.orm", "joinedload"), ImportSpec("sqlalchemy.orm", "Session")) == code("""
        from sqlalchemy.orm import (
            Mapped,  # the 2.0 style
            Session,
            joinedload,
            relationship,
            selectinload,
            sessionmaker,
        )
    """)


def test_a_line_longer_than_the_limit_is_wrapped():
    source = "from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship, sessionmaker\n"
    assert added(source, SELECTINLOAD) == code("""
        from sqlalchemy.orm import (
            DeclarativeBase,
            Mapped,
            mapped_column,
            relationship,
            selectinload,
            sessionmaker,
        )
    """)
    assert added(source, SELECTINLOAD, style=ImportStyle(line_length=120)) == \
        "from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship, selectinload, sessionmaker\n"


def test_force_single_line_adds_a_statement_per_name():
    style = ImportStyle(force_single_line=True)
    assert added("""
        from sqlalchemy import Column
        from sqlalchemy import Float
    """, ImportSpec("sqlalchemy", "Numeric"), style=style) == code("""
        from sqlalchemy import Column
        from sqlalchemy import Float
        from sqlalchemy import Numeric
    """)


def test_relative_imports_are_the_last_section():
    assert added("""
        from django.db import models

        from .models import Product
    """, DECIMAL) == code("""
        from decimal import Decimal

        from django.db import models

        from .models import Product
    """)
    assert added("from django.db import models\n", ImportSpec("shop.models", "Product"),
                 style=ImportStyle(known_local_folder=("shop",))) == code("""
        from django.db import models

        from shop.models import Product
    """)


def test_a_file_without_imports_gets_a_block_and_blank_lines_after_it():
    assert added('''
        """Models."""
        class Product:
            price = 1.0
    ''', DECIMAL) == code('''
        """Models."""
        from decimal import Decimal


        class Product:
            price = 1.0
    ''')
    assert added("x = 1.0\n", DECIMAL) == "from decimal import Decimal\n\nx = 1.0\n"


def test_star_and_future_imports_are_left_as_they_are():
    assert added("from peewee import *\n\nx = 1\n", ImportSpec("peewee", "DecimalField")) == "from peewee import *\n\nx = 1\n"
    assert added("from __future__ import annotations\n\nimport os\n", DECIMAL) == code("""
        from __future__ import annotations

        import os
        from decimal import Decimal
    """)


def test_first_party_is_what_ruff_calls_first_party(tmp_path):
    (tmp_path / "shop" / "sub").mkdir(parents=True)
    (tmp_path / "shop" / "__init__.py").write_text("")
    (tmp_path / "shop" / "sub" / "__init__.py").write_text("")
    (tmp_path / "shop" / "models.py").write_text("")
    (tmp_path / "src" / "billing").mkdir(parents=True)
    (tmp_path / "src" / "billing" / "models.py").write_text("")
    (tmp_path / "scripts").mkdir()
    style = style_for(str(tmp_path))
    assert style.section("shop.models", 0, "app/x.py") == "first-party"  # under the root
    assert style.section("billing.models", 0, "app/x.py") == "first-party"  # under src/
    assert style.section("shop.nowhere", 0, "app/x.py") == "third-party"  # Ruff resolves the whole path
    assert style.section("shop.nowhere", 0, "shop/sub/views.py") == "first-party"  # the file's own package
    assert style.section("django.db", 0, "shop/views.py") == "third-party"
    assert style.section("os.path", 0, "shop/views.py") == "stdlib"
    assert style.section("models", 1, "shop/views.py") == "local-folder"
    assert ImportStyle().section("shop.models", 0, "shop/views.py") == "third-party"  # no root: nothing on disk


@pytest.mark.parametrize("files, expected", [
    ({"pyproject.toml": "[tool.ruff]\nline-length = 100\nsrc = ['lib']\n[tool.ruff.lint.isort]\n"
                        "known-first-party = ['shop', 'app.*']\nforce-sort-within-sections = true\n"},
     {"known_first_party": ("shop", "app.*"), "force_sort_within_sections": True, "line_length": 100, "src": ("lib",)}),
    ({"pyproject.toml": "[tool.ruff.isort]\nforce-single-line = true\ncase-sensitive = true\n"},
     {"force_single_line": True, "case_sensitive": True}),
    ({"ruff.toml": "line-length = 79\n[lint.isort]\nknown-third-party = ['shop']\norder-by-type = false\n"},
     {"known_third_party": ("shop",), "line_length": 79, "order_by_type": False}),
    ({"pyproject.toml": "[tool.isort]\nprofile = 'black'\nknown_first_party = 'shop,billing'\n"},
     {"known_first_party": ("shop", "billing"), "line_length": 88}),
    ({"setup.cfg": "[isort]\nforce_sort_within_sections = True\nline_length = 99\nknown_first_party = shop\n"},
     {"force_sort_within_sections": True, "line_length": 99, "known_first_party": ("shop",)}),
    ({".isort.cfg": "[settings]\nprofile = google\n"},
     {"force_single_line": True, "force_sort_within_sections": True, "order_by_type": False}),
    ({"pyproject.toml": "[tool.ruff\nbroken"}, {}),
])
def test_settings_are_read_from_the_project(tmp_path, files, expected):
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    style = style_for(str(tmp_path))
    assert {key: getattr(style, key) for key in expected} == expected
    untouched = {k: v for k, v in vars(ImportStyle()).items() if k not in expected and k != "root"}
    assert {k: getattr(style, k) for k in untouched} == untouched


# -- through the command line, checked by Ruff ------------------------------------------------------

RUFF = [sys.executable, "-m", "ruff"]
ruff_available = pytest.mark.skipif(shutil.which("ruff") is None and subprocess.run(
    [*RUFF, "--version"], capture_output=True).returncode != 0, reason="ruff is not installed")

PROJECT = {
    "pyproject.toml": """
        [tool.ormlint]
        select = ["ORM101", "ORM201", "ORM301", "ORM303", "ORM501"]

        [tool.ruff.lint.isort]
        known-first-party = ["shop"]
    """,
    "shop/__init__.py": "",
    "shop/models.py": """
        from django.db import models


        class Author(models.Model):
            name = models.CharField(max_length=100)


        class Book(models.Model):
            author = models.ForeignKey(Author, on_delete=models.CASCADE)
            price = models.FloatField()
    """,
    "shop/tasks.py": """
        from celery import shared_task


        @shared_task
        def send_receipt(pk):
            return pk
    """,
    "shop/views.py": """
        import logging

        from django.db import transaction

        from shop.models import Book
        from shop.tasks import send_receipt

        log = logging.getLogger(__name__)


        def pay(book):
            with transaction.atomic():
                book.save()
                send_receipt.delay(book.pk)


        def names():
            return [book.author.name for book in Book.objects.all()]
    """,
    "shop/db.py": """
        import sqlite3


        def total(path):
            conn = sqlite3.connect(path)
            value = conn.execute("select 1").fetchone()
            conn.close()
            return value
    """,
    "blog/models.py": """
        from sqlalchemy import Column, Float, ForeignKey, Integer, String
        from sqlalchemy.orm import (
            DeclarativeBase,
            relationship,
        )


        class Base(DeclarativeBase):
            pass


        class User(Base):
            __tablename__ = "users"
            id = Column(Integer, primary_key=True)
            balance = Column(Float)
            posts = relationship("Post", back_populates="user")


        class Post(Base):
            __tablename__ = "posts"
            id = Column(Integer, primary_key=True)
            user_id = Column(ForeignKey("users.id"))
            title = Column(String)
            user = relationship("User", back_populates="posts")
    """,
    "blog/views.py": """
        from sqlalchemy import select
        from sqlalchemy.orm import Session

        from blog.models import User


        def counts(session: Session, name):
            users = session.scalars(select(User)).all()
            rows = session.execute("SELECT * FROM posts WHERE title = '%s'" % name)
            return [len(u.posts) for u in users], rows
    """,
}


@ruff_available
def test_fixes_keep_a_sorted_file_sorted_for_ruff(tmp_path):
    root = tmp_path / "proj"
    for rel, text in PROJECT.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(code(text))
    before = subprocess.run([*RUFF, "check", "--select", "I", "--output-format", "json", "."], cwd=root,
                            capture_output=True, text=True)
    assert json.loads(before.stdout) == []
    sources = {p: p.read_text() for p in root.rglob("*.py")}
    fix = subprocess.run([sys.executable, "-m", "ormlint", "check", "--no-cache", "--fix", "--unsafe-fixes"],
                         cwd=root, capture_output=True, text=True)
    assert "Fixed" in fix.stdout, fix.stdout + fix.stderr
    changed = {p.relative_to(root).as_posix() for p in root.rglob("*.py") if p.read_text() != sources[p]}
    assert changed == {"shop/models.py", "shop/views.py", "shop/db.py", "blog/models.py", "blog/views.py"}
    text = (root / "shop/views.py").read_text()
    assert text.startswith("import logging\nfrom functools import partial\n\nfrom django.db import transaction\n")
    assert "from sqlalchemy import Column, Float, ForeignKey, Integer, Numeric, String\n" in (root / "blog/models.py").read_text()
    blog_views = (root / "blog/views.py").read_text()
    assert blog_views.startswith("from sqlalchemy import select, text\nfrom sqlalchemy.orm import Session, selectinload\n")
    after = subprocess.run([*RUFF, "check", "--select", "I", "--output-format", "json", "."], cwd=root,
                           capture_output=True, text=True)
    assert json.loads(after.stdout) == [], after.stdout
