"""ORM501 float-money: the money lexicon, detection across ORMs, positions, and the unsafe fix."""

from __future__ import annotations

import json
import textwrap

import libcst as cst
import pytest
from ormlint.rules.schema.float_money import FloatMoney

from ormlint.analysis.money import is_money_name, name_tokens
from ormlint.testing import fix_source, lint_source


def findings(code: str, **kwargs):
    return lint_source(code, FloatMoney, **kwargs)


def fixed(code: str, **kwargs) -> str:
    """Apply the fix, and check the result parses and is a fixed point."""
    result = fix_source(code, FloatMoney, **kwargs)
    cst.parse_module(result)
    assert fix_source(result, FloatMoney, **kwargs) == result
    return result


def dedent(code: str) -> str:
    return textwrap.dedent(code).lstrip("\n")


# -- the lexicon ------------------------------------------------------------------------


def test_name_tokens_split_snake_and_camel_case():
    assert name_tokens("unitPrice_EUR2") == ["unit", "price", "eur"]
    assert name_tokens("HTTPFee") == ["http", "fee"]


@pytest.mark.parametrize("name", [
    "price", "unit_price", "totalAmount", "amount_paid", "balance_due", "price_per_kg", "subtotal",
    "shipping_cost", "MONTHLY_FEE", "taxes", "prices", "salary_eur", "HourlyWage", "vat", "refund",
    "credit_limit", "priceUSD", "total",
    # pay and what a company earns or spends, beyond prices
    "base_pay", "hourly_pay", "compensation", "bonus", "stipend", "revenue", "balance", "budget", "cost",
    "payout", "refund", "lifetime_value", "order_value", "market_value", "sales_value", "avg_ltv",
    "total_spent", "ad_spend", "amount_spent",
])
def test_money_names(name):
    assert is_money_name(name)


@pytest.mark.parametrize("name", [
    "total_weight", "tax_rate", "price_ratio", "discount_percent", "latitude", "score", "weight",
    "credit_score", "white_balance", "total_count", "total_hours", "clicks_per_dollar", "discount_factor",
    "execution_time", "rating", "tooltip", "rainfall_amount", "points_balance", "leave_balance", "disk_total",
    # rates in percent, weights, scores, coordinates, volumes; a value that is not money; non-pay compensation
    "pay_rate", "commission_percent", "bonus_points", "bonus_xp", "amount_ml_offered", "total_kg",
    "exposure_compensation", "temperature_compensation", "lag_compensation", "value", "field_value",
    "sensor_value", "price_lat", "cost_weight", "payout_ratio",
    # durations: a total timeout, a billing period, a payment delay are times
    "total_timeout", "totalTimeout", "billing_interval", "payment_delay", "fee_ttl", "balance_age",
    # time spent (kolibri's progress logs, in seconds), not money spent
    "time_spent", "timeSpent", "effort_spent",
])
def test_non_money_names(name):
    assert not is_money_name(name)


def test_model_context_decides_ambiguous_words_only():
    assert not is_money_name("amount", context="RecipeIngredient")
    assert is_money_name("price", context="RecipeIngredient")
    assert is_money_name("amount", context="Payment")
    assert not is_money_name("total", context="ExamResult")
    assert not is_money_name("amount", context="Feeding")
    assert not is_money_name("amount", context="diaperchange")  # a migration's model_name
    assert is_money_name("amount", context="transaction")
    assert is_money_name("fee", context="Feeding")  # a definite money word


def test_django_migrations_read_the_model_of_the_operation():
    code = """
        from django.db import migrations, models

        class Migration(migrations.Migration):
            operations = [
                migrations.AddField(model_name="diaperchange", name="amount", field=models.FloatField()),
                migrations.AddField("order", "amount", models.FloatField()),
                migrations.CreateModel(name="Pumping", fields=[("amount", models.FloatField())]),
                migrations.CreateModel(name="Refund", fields=[("amount", models.FloatField())]),
            ]
    """
    assert [f.line for f in findings(code, path="shop/migrations/0002_amounts.py")] == [6, 8]


def test_documented_quantity_decides_ambiguous_words_only():
    assert not is_money_name("amount", description="Volume drunk, in millilitres")
    assert not is_money_name("total", description="Share of orders, percent")
    assert is_money_name("amount", description="Amount paid, in percent of the list price")  # money named too
    assert is_money_name("amount", description="Amount charged at the time of purchase")
    assert is_money_name("price", description="per 100 grams")  # a definite money word


def test_extra_and_ignored_names_are_words_or_whole_names():
    assert is_money_name("mrr", extra=["mrr"])
    assert is_money_name("net_mrr", extra=["mrr"])
    assert not is_money_name("credits", ignore=["credits"])
    assert not is_money_name("credit_limit", ignore=["credit"])


# -- detection --------------------------------------------------------------------------


def test_django_model_float_is_reported_at_the_call():
    result = findings("""
        from django.db import models

        class Product(models.Model):
            name = models.CharField(max_length=10)
            price = models.FloatField()
    """)
    assert [(f.line, f.column) for f in result] == [(5, 13)]
    assert result[0].message.startswith("price uses models.FloatField for money")
    assert "models.DecimalField(max_digits=12, decimal_places=2)" in result[0].message


def test_multiline_column_points_at_the_float_type():
    result = findings("""
        import sqlalchemy as sa

        class Order(Base):
            total = sa.Column(
                "total_amount",
                sa.Float(precision=53),
                nullable=False,
            )
    """)
    assert [(f.line, f.column) for f in result] == [(6, 9)]


def test_mapped_float_without_type_is_reported_at_the_annotation():
    result = findings("""
        from sqlalchemy.orm import Mapped, mapped_column

        class Order(Base):
            total: Mapped[float | None] = mapped_column(default=None)
    """)
    assert [(f.line, f.column) for f in result] == [(4, 19)]


@pytest.mark.parametrize("code", [
    # Flask-SQLAlchemy db imported from the project
    """
    from app.extensions import db

    class Order(db.Model):
        price = db.Column(db.Float)
    """,
    # column name given as the first string argument
    """
    from sqlalchemy import Column, Float

    class Order(Base):
        _p = Column("unit_price", Float)
    """,
    # mapped_column with an explicit float type
    """
    from sqlalchemy import Double
    from sqlalchemy.orm import Mapped, mapped_column

    class Order(Base):
        fee: Mapped[float] = mapped_column(Double())
    """,
    # dialect types
    """
    from sqlalchemy.dialects import mysql
    from sqlalchemy import Column

    class Order(Base):
        amount = Column(mysql.DOUBLE(asdecimal=False))
    """,
    # SQLModel table field declared through sa_column
    """
    from sqlmodel import Column, Field, Float, SQLModel

    class Order(SQLModel, table=True):
        total: float = Field(sa_column=Column(Float))
    """,
    # Django ArrayField of floats
    """
    from django.contrib.postgres.fields import ArrayField
    from django.db import models

    class Quote(models.Model):
        prices = ArrayField(models.FloatField())
    """,
    # GeoDjango re-exports the model fields
    """
    from django.contrib.gis.db import models

    class Shop(models.Model):
        delivery_fee = models.FloatField()
    """,
    # Peewee migrator
    """
    from playhouse.migrate import migrate
    import peewee

    migrate(migrator.add_column("orders", "refund", peewee.FloatField(null=True)))
    """,
    # Tortoise with a direct import
    """
    from tortoise.fields import FloatField
    from tortoise.models import Model

    class Wallet(Model):
        balance = FloatField(default=0)
    """,
    # a SQLModel table subclassing a table
    """
    from sqlmodel import SQLModel

    class Base(SQLModel, table=True):
        id: int

    class Order(Base):
        amount: float
    """,
    # Alembic batch operations
    """
    import sqlalchemy as sa
    from alembic import op

    def upgrade():
        with op.batch_alter_table("orders") as batch_op:
            batch_op.alter_column("price", type_=sa.Float())
    """,
])
def test_reported(code):
    assert [f.code for f in findings(code)] == ["ORM501"]


@pytest.mark.parametrize("code", [
    # marshmallow, wtforms, DRF: not columns
    """
    from marshmallow import fields, Schema

    class PriceSchema(Schema):
        price = fields.Float()
    """,
    """
    from wtforms import FloatField, Form

    class PriceForm(Form):
        price = FloatField("Price")
    """,
    """
    from rest_framework import serializers

    class OrderSerializer(serializers.Serializer):
        total = serializers.FloatField()
    """,
    # a column_property is computed, not stored
    """
    from sqlalchemy.orm import Mapped, column_property

    class Order(Base):
        total: Mapped[float] = column_property(price_expr)
    """,
    # an Alembic migration that converts float money to Numeric, and its downgrade
    """
    import sqlalchemy as sa
    from alembic import op

    def upgrade():
        op.alter_column("orders", "total", existing_type=sa.Float(), type_=sa.Numeric(12, 2))

    def downgrade():
        op.alter_column("orders", "total", existing_type=sa.Numeric(12, 2), type_=sa.Float())
    """,
    # a float expression field in a query annotation
    """
    from django.db.models import ExpressionWrapper, F, FloatField

    def annotate(qs):
        return qs.annotate(total=ExpressionWrapper(F("price") * F("qty"), output_field=FloatField()))
    """,
    # a module-level variable, not a column
    """
    from django.db import models

    price = models.FloatField()
    """,
    # a quantity in an ingredient model
    """
    from django.db import models

    class RecipeIngredient(models.Model):
        amount = models.FloatField()
    """,
    # SQLModel: an explicit Numeric column and a private attribute
    """
    from pydantic import PrivateAttr
    from sqlmodel import Column, Field, Numeric, SQLModel

    class Order(SQLModel, table=True):
        id: int = Field(primary_key=True)
        price: float = Field(sa_column=Column(Numeric(12, 2)))
        _cached_total: float = PrivateAttr(default=0.0)
    """,
    # pandera is not SQLAlchemy
    """
    import pandera as pa

    class Prices(pa.DataFrameModel):
        price = pa.Column(pa.Float)
    """,
])
def test_not_reported(code):
    assert findings(code) == []


def test_the_documented_meaning_of_a_column_decides_an_ambiguous_name():
    code = """
        import sqlalchemy as sa
        from django.db import models
        from django.utils.translation import gettext_lazy as _
        from sqlmodel import Field, SQLModel

        class Entry(models.Model):
            amount = models.FloatField(help_text=_("Volume drunk, in millilitres"))
            total = models.FloatField(verbose_name="total (kg)")
            balance = models.FloatField(help_text="Balance of the account")
            spent = models.FloatField(help_text="(in seconds)")

        class Visit(SQLModel, table=True):
            id: int = Field(primary_key=True)
            amount: float = Field(description="dose volume in ml")
            charge: float = Field(description="what the customer pays")

        readings = sa.Table("readings", sa.MetaData(), sa.Column("amount", sa.Float, comment="weight in grams"),
                            sa.Column("credit", sa.Float, comment="store credit"))
    """
    assert [(f.line, f.message.split()[0]) for f in findings(code)] == [
        (9, "balance"), (15, "charge"), (18, "credit")]


def test_options_extend_and_restrict_the_lexicon():
    code = """
        from django.db import models

        class Plan(models.Model):
            mrr = models.FloatField()
            credit = models.FloatField()
    """
    assert [f.line for f in findings(code)] == [5]
    assert [f.line for f in findings(code, options={"extra-money-names": ["mrr"]})] == [4, 5]
    assert findings(code, options={"ignore-names": ["credit"]}) == []


def test_test_paths_are_skipped_but_migrations_are_not():
    code = """
        from django.db import migrations, models

        class Migration(migrations.Migration):
            operations = [migrations.AddField("order", "price", models.FloatField())]
    """
    assert findings(code, path="tests/test_models.py") == []
    result = findings(code, path="shop/migrations/0002_price.py")
    assert len(result) == 1 and result[0].fix is None


# -- the fix ------------------------------------------------------------------------------


def test_fix_keeps_other_keyword_arguments_and_layout():
    code = """
        from django.db import models

        class Order(models.Model):
            total = models.FloatField(
                _("total"),
                default=0,
                help_text="in EUR",
            )
    """
    assert fixed(code) == dedent("""
        from django.db import models

        class Order(models.Model):
            total = models.DecimalField(
                _("total"),
                max_digits=12, decimal_places=2, default=0,
                help_text="in EUR",
            )
    """)


def test_fix_adds_each_import_once_for_two_fields():
    code = """
        from sqlalchemy import Column, Float, Integer
        from sqlalchemy.orm import Mapped, mapped_column

        class Order(Base):
            __tablename__ = "orders"
            id = Column(Integer, primary_key=True)
            price: Mapped[float] = mapped_column(Float)
            tax: Mapped[float] = mapped_column(Float)
    """
    result = fixed(code)
    assert result.count("from decimal import Decimal") == 1
    assert result.count("Numeric") == 3  # one import, two columns
    assert "price: Mapped[Decimal] = mapped_column(Numeric(12, 2))" in result
    assert "tax: Mapped[Decimal] = mapped_column(Numeric(12, 2))" in result


def test_fix_uses_an_existing_decimal_import_and_the_module_alias():
    code = """
        import decimal
        from decimal import Decimal as D
        import sqlalchemy as sa
        from sqlalchemy.orm import Mapped, mapped_column

        class Order(Base):
            price: Mapped[float] = mapped_column(sa.Float)
    """
    result = fixed(code)
    assert "price: Mapped[D] = mapped_column(sa.Numeric(12, 2))" in result
    assert result.count("import") == 4


def test_fix_for_flask_sqlalchemy_spells_numeric_on_db():
    code = """
        from app import db

        class Order(db.Model):
            amount = db.Column(db.Float(), nullable=False)
    """
    assert "amount = db.Column(db.Numeric(12, 2), nullable=False)" in fixed(code)


def test_fix_for_peewee_with_positional_arguments_is_not_offered():
    code = """
        import peewee

        class Order(peewee.Model):
            price = peewee.FloatField(True)
    """
    result = findings(code)
    assert len(result) == 1 and result[0].fix is None


def test_fix_for_sqlmodel_imports_field_when_missing():
    code = """
        import sqlmodel

        class Order(sqlmodel.SQLModel, table=True):
            total: float = 0
    """
    assert "total: Decimal = sqlmodel.Field(default=0, max_digits=12, decimal_places=2)" in fixed(code)


def test_fix_is_unsafe():
    result = findings("""
        from tortoise import fields
        from tortoise.models import Model

        class Order(Model):
            price = fields.FloatField()
    """)
    assert result[0].fix is not None and result[0].fix.safety == "unsafe"


def test_demo_projects(cli, fixture_copy):
    """The model is reported; the blog's create_donations revision is no longer a head (shipped)."""
    root = fixture_copy(".")
    result = cli("check", "--no-cache", "--select", "ORM501", "--format", "json", ".", cwd=root)
    found = sorted((f["path"], f["line"]) for f in json.loads(result.output))
    assert found == [
        ("django_shop/shop/billing.py", 12),
        ("django_shop/shop/billing.py", 13),
        ("flask_blog/blog/donations.py", 16),
        ("flask_blog/blog/donations.py", 17),
        ("sqlmodel_api/app/payments.py", 10),
        ("sqlmodel_api/app/payments.py", 11),
    ]
    fixed = cli("check", "--no-cache", "--select", "ORM501", "--fix", "--unsafe-fixes", ".", cwd=root)
    assert fixed.exit_code == 0
    assert "amount: Decimal = Field(max_digits=12, decimal_places=2)" in (root / "sqlmodel_api/app/payments.py").read_text()
