"""ORM501 float-money: a binary floating-point type for a money column."""

from __future__ import annotations

from typing import Sequence

import libcst as cst

from ormlint.analysis.money import is_money_name
from ormlint.api import CstFix, Example, ImportSpec, Option, Rule
from ormlint.core.roles import NON_PRODUCTION
from ormlint.orms import ORMS
from ormlint.orms.django import DJANGO, DJANGO_EXTRAS
from ormlint.orms.migration_ops import DJANGO_PARAMS, MIGRATIONS, bind_args
from ormlint.orms.spec import FloatTypes, any_matches
from ormlint.orms.sqlalchemy import SA, SQLALCHEMY, flask_db_objects, is_flask_db
from ormlint.orms.sqlmodel import FIELD, SQLMODEL
from ormlint.syntax.literals import (
    keyword,
    keyword_arg,
    positional,
    positional_args,
    string_value,
)
from ormlint.syntax.names import assigned_targets, dotted_name, is_from
from ormlint.syntax.walk import statements

SA_FLOATS = SQLALCHEMY.floats
# Positional arguments of Column/mapped_column that are not the column type.
SA_NON_TYPES = SA.non_types
# Calls whose argument is the definition of the column they are assigned to.
WRAPPERS = SA.column_wrappers + DJANGO_EXTRAS.field_wrappers
FLOAT_FIELDS = tuple(names for spec in ORMS for names in spec.floats.fields)
FLOAT_ATTRIBUTES = tuple(names for spec in ORMS for names in spec.floats.attributes)
MAPPED = SA.annotation_wrappers[0][0]  # Mapped[float]
PRECISION, SCALE = 12, 2
# Django migration operations declaring fields, and the parameter naming their model.
MODEL_OPERATIONS = {"AddField": "model_name", "AlterField": "model_name", "CreateModel": "name"}
# Keywords that document what a column holds (Django help_text, SQLAlchemy comment, SQLModel description).
DESCRIPTIONS = tuple(dict.fromkeys(k for spec in ORMS for k in spec.floats.descriptions))


def _is_false(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.Name) and node.value == "False"


def _float_names(annotation: cst.BaseExpression) -> list[cst.Name]:
    """The ``float`` names that make up a type: ``float``, ``Optional[float]``, ``float | None``."""
    if isinstance(annotation, cst.Name):
        return [annotation] if annotation.value == "float" else []
    if isinstance(annotation, cst.BinaryOperation) and isinstance(annotation.operator, cst.BitOr):
        return _float_names(annotation.left) + _float_names(annotation.right)
    if isinstance(annotation, cst.Subscript) and (dotted_name(annotation.value) or "").rsplit(".", 1)[-1] in (
        "Optional", "Union"
    ):
        found: list[cst.Name] = []
        for element in annotation.slice:
            if isinstance(element.slice, cst.Index):
                found.extend(_float_names(element.slice.value))
        return found
    return []


def _description(call: cst.BaseExpression | None) -> str:
    """The documented meaning of a column given to its constructor (``help_text="..."``)."""
    if not isinstance(call, cst.Call):
        return ""
    texts = []
    for name in DESCRIPTIONS:
        value = keyword(call, name)
        if isinstance(value, cst.Call) and value.args:  # help_text=_("..."): the translated text
            value = value.args[0].value
        texts.append(string_value(value) or "")
    return " ".join(texts)


def _money_args() -> list[cst.Arg]:
    call = cst.parse_expression(f"f(max_digits={PRECISION}, decimal_places={SCALE})")
    assert isinstance(call, cst.Call)
    return list(call.args)


class _RenameFloat(cst.CSTTransformer):
    def __init__(self, decimal: cst.BaseExpression) -> None:
        super().__init__()
        self.decimal = decimal

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.BaseExpression:
        return self.decimal if original_node.value == "float" else updated_node


class FloatMoney(Rule):
    """
    ## What it does
    Finds money-like columns (`price`, `amount`, `total`, `balance`, `fee`,
    `tax`, `salary`, `unit_price`, `totalAmount`…) declared with a float type:
    Django `FloatField`; SQLAlchemy `Float`, `Double`, `REAL`, `DOUBLE`,
    `DOUBLE_PRECISION`, `FLOAT`, `Mapped[float]` without an explicit type and
    `Numeric(asdecimal=False)`; Flask-SQLAlchemy `db.Float`; `float` fields of
    SQLModel tables (`table=True` models and the bases they inherit fields from);
    Peewee `FloatField`/`DoubleField`; Tortoise `fields.FloatField`; Pony
    `Required(float)`/`Optional(float)`; and the same types in Alembic
    (`sa.Column(...)`, `op.alter_column(type_=...)`) and Django migrations
    (`AddField`/`AlterField`, `CreateModel` field tuples).

    The name decides: it is split into words and its head noun must be money, so
    `total_weight`, `tax_rate` (a rate is a ratio), `price_ratio`, `total_timeout` (a
    duration) and `discount_percent` are left alone. Money is prices and fees, and also pay
    (`salary`, `base_pay`, `compensation`, `bonus`), what a business earns or spends
    (`revenue`, `budget`, `cost`, `payout`, `refund`, `balance`) and values of a sale
    (`lifetime_value`, `order_value`, `market_value`). Words that are money only
    sometimes (`amount`, `total`, `balance`, `bonus`, `compensation`, `spent`) are not when a
    modifier, a unit or the model says otherwise (`amount_ml`, `bonus_points`, `time_spent`,
    `exposure_compensation`, `Ingredient.amount`), nor when the column's documented
    meaning (`help_text`, `verbose_name`, `comment`, `doc`, `description`) names
    another quantity (`help_text="Volume drunk, in millilitres"`) and no money. Add names with the option
    `extra-money-names` and silence some with `ignore-names` (whole names or
    single words). `Numeric(asdecimal=False)` is reported: the column is exact,
    but every value the application reads is a binary float again.

    ## Why is this bad?
    Binary floats cannot represent most decimal fractions: `0.1 + 0.2` is
    `0.30000000000000004`. Sums of prices drift by fractions of a cent, totals stop
    matching invoices, and the lost precision cannot be recovered from the database.

    ## Example
    ```python
    class Product(models.Model):
        price = models.FloatField()

    class Order(Base):
        total: Mapped[float]
    ```

    ## Use instead
    ```python
    class Product(models.Model):
        price = models.DecimalField(max_digits=12, decimal_places=2)

    class Order(Base):
        total: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    ```
    Integer minor units (`price_cents = models.BigIntegerField()`) are fine too.

    ## Fix safety
    Unsafe: the column type changes, which needs a schema migration, and Python code
    that mixes `Decimal` with `float` raises `TypeError`. The fix writes
    `DecimalField(max_digits=12, decimal_places=2)` (Django, Peewee, Tortoise),
    `Numeric(12, 2)` through the alias the file uses, `Mapped[Decimal]`, SQLModel
    `Decimal = Field(max_digits=12, decimal_places=2)` and Pony `Decimal`, adding
    imports. Migration files get no fix: editing an applied migration does not change
    the database; change the model and generate a new migration.

    ## Options
    - `extra-money-names` (list, default `[]`): more names (or single words) that mean money (`mrr`).
    - `ignore-names` (list, default `[]`): names (or single words) never to report.

    ## Where it reports
    | context | reports | why |
    |---|---|---|
    | application code | yes | where requests, jobs and commands run against production data |
    | `migration` | yes | the migration that creates the column chooses its type |
    | `shipped-migration` | no | a migration that shipped is never edited again |
    | `test` | no | tests and fixtures run against a throwaway database |
    | `test-settings` | no | settings of the test run |
    | `dev-data` | no | seed, demo and fake data only ever runs on a developer database |
    | `script` | no | a one-off script is run by hand, once |
    | `command` | yes | an operator's command runs against production data |
    | `example` | no | examples and documentation are not the project's running code |
    | `orm-source` | no | the ORM's own code implements what the rule checks; it does not misuse it |

    Roles are described in the README (Configuration); `[tool.ormlint.skip-roles]` changes
    this table per rule.

    ## References
    - [Django: `DecimalField`](https://docs.djangoproject.com/en/stable/ref/models/fields/#decimalfield)
    - [SQLAlchemy: `Numeric`](https://docs.sqlalchemy.org/en/20/core/type_basics.html#sqlalchemy.types.Numeric)
    - [Python: Floating-point arithmetic, issues and limitations](https://docs.python.org/3/tutorial/floatingpoint.html)
    """

    code = "ORM501"
    name = "float-money"
    family = "schema"
    severity = "warning"
    orms = ("django", "sqlalchemy", "sqlmodel", "peewee", "tortoise", "pony", "alembic")
    fix_safety = "unsafe"
    summary = "Money-like column stored as a binary float; use Decimal/Numeric or integer cents"
    prefilter = ("Float", "float", "Double", "DOUBLE", "REAL", "asdecimal")
    skip_roles = NON_PRODUCTION | {"shipped-migration"}
    options = {
        "extra-money-names": Option(list, [], "More money names or words, e.g. [\"premium\", \"mrr\"]"),
        "ignore-names": Option(list, [], "Names or words never treated as money, e.g. [\"credit\"]"),
    }

    VALID = [
        # Decimal/Numeric and integer cents are the right types.
        """
        from django.db import models

        class Product(models.Model):
            price = models.DecimalField(max_digits=10, decimal_places=2)
            price_cents = models.BigIntegerField()
            weight = models.FloatField()
            latitude = models.FloatField()
            score = models.FloatField(default=0)
        """,
        # Names whose head noun is not money.
        """
        from django.db import models

        class Shipment(models.Model):
            total_weight = models.FloatField()
            tax_rate = models.FloatField()
            price_ratio = models.FloatField()
            discount_percent = models.FloatField()
            credit_score = models.FloatField()
            white_balance = models.FloatField()
        """,
        # A float used in an expression is not a column definition.
        """
        from django.db import models
        from django.db.models.functions import Cast

        def totals(qs):
            return qs.annotate(total=Cast("amount", output_field=models.FloatField()))
        """,
        # Forms and serializers are not columns.
        """
        from django import forms

        class PriceForm(forms.Form):
            price = forms.FloatField()
        """,
        # SQLAlchemy: Numeric, Mapped[Decimal], and Mapped[float] with an explicit Numeric type.
        """
        from decimal import Decimal
        import sqlalchemy as sa
        from sqlalchemy.orm import Mapped, mapped_column

        class Order(Base):
            __tablename__ = "orders"
            total: Mapped[Decimal] = mapped_column(sa.Numeric(12, 2))
            fee: Mapped[float] = mapped_column(sa.Numeric(12, 2))
            weight: Mapped[float]
            amount = sa.Column(sa.Numeric(10, 2))
            average_price = sa.orm.column_property(sa.select(sa.func.avg(1.0)).scalar_subquery())
        """,
        # A lightweight sa.column() in a data migration and a cast are not schema.
        """
        import sqlalchemy as sa

        orders = sa.table("orders", sa.column("price", sa.Float))
        query = sa.select(sa.cast(orders.c.price, sa.Float).label("price"))
        """,
        # SQLModel: a response schema without table=True is not a table.
        """
        from sqlmodel import SQLModel

        class InvoiceRead(SQLModel):
            amount: float
            price: float | None = None
        """,
        # Pydantic models are not columns.
        """
        from pydantic import BaseModel

        class Quote(BaseModel):
            price: float
        """,
        # Mapped[float] when the declarative base maps float to Numeric.
        """
        from sqlalchemy import Numeric
        from sqlalchemy.orm import DeclarativeBase, Mapped

        class Base(DeclarativeBase):
            type_annotation_map = {float: Numeric(12, 2)}

        class Order(Base):
            __tablename__ = "orders"
            total: Mapped[float]
        """,
        # typing.Optional is not Pony's Optional; Pony Decimal is fine.
        """
        from decimal import Decimal
        from typing import Optional
        from pony.orm import Database, Required

        db = Database()

        class Item(db.Entity):
            price = Required(Decimal)

        def price_of(item) -> Optional[float]:
            return None
        """,
        # Alembic: changing a non-money column to float.
        """
        import sqlalchemy as sa
        from alembic import op

        def upgrade():
            op.alter_column("rooms", "latitude", type_=sa.Float)
            op.add_column("rooms", sa.Column("area", sa.Float()))
        """,
        # Configured: a name the team says is not money.
        Example(
            """
            from django.db import models

            class Course(models.Model):
                credits = models.FloatField()
            """,
            options={"ignore-names": ["credits"]},
        ),
        # Test models are not production schema.
        Example(
            """
            from django.db import models

            class FakeProduct(models.Model):
                price = models.FloatField()
            """,
            path="tests/test_pricing.py",
        ),
    ]

    INVALID = [
        Example(
            """
            from django.db import models

            class Product(models.Model):
                price = models.FloatField(default=0.0)
            """,
            fixed="""
            from django.db import models

            class Product(models.Model):
                price = models.DecimalField(max_digits=12, decimal_places=2, default=0.0)
            """,
            lines=(4,),
            message="price uses models.FloatField for money: binary floats",
        ),
        Example(
            """
            from django.db.models import FloatField, Model

            class Invoice(Model):
                totalAmount = FloatField("Total", null=True)
            """,
            fixed="""
            from django.db.models import DecimalField, FloatField, Model

            class Invoice(Model):
                totalAmount = DecimalField("Total", max_digits=12, decimal_places=2, null=True)
            """,
            message="totalAmount uses FloatField for money: binary floats cannot",
        ),
        # Multi-line call: reported on the line holding the float type.
        Example(
            """
            import sqlalchemy as sa

            class LineItem(Base):
                __tablename__ = "line_items"
                unit_price = sa.Column(
                    sa.Float,
                    nullable=False,
                )
            """,
            fixed="""
            import sqlalchemy as sa

            class LineItem(Base):
                __tablename__ = "line_items"
                unit_price = sa.Column(
                    sa.Numeric(12, 2),
                    nullable=False,
                )
            """,
            lines=(6,),
            message="unit_price uses sa.Float for money: binary floats cannot",
        ),
        Example(
            """
            from sqlalchemy import Column, Float, Integer, MetaData, Table

            metadata = MetaData()
            payments = Table("payments", metadata, Column("id", Integer), Column("amount", Float()))
            """,
            fixed="""
            from sqlalchemy import Column, Float, Integer, MetaData, Numeric, Table

            metadata = MetaData()
            payments = Table("payments", metadata, Column("id", Integer), Column("amount", Numeric(12, 2)))
            """,
            message="amount uses Float for money: binary floats cannot represent",
        ),
        Example(
            """
            from sqlalchemy import Float
            from sqlalchemy.orm import Mapped, mapped_column

            class Account(Base):
                __tablename__ = "accounts"
                balance: Mapped[float] = mapped_column(Float, default=0)
            """,
            fixed="""
            from decimal import Decimal

            from sqlalchemy import Float, Numeric
            from sqlalchemy.orm import Mapped, mapped_column

            class Account(Base):
                __tablename__ = "accounts"
                balance: Mapped[Decimal] = mapped_column(Numeric(12, 2), default=0)
            """,
            message="balance uses Float for money: binary floats cannot",
        ),
        Example(
            """
            from typing import Optional
            from sqlalchemy.orm import Mapped, mapped_column

            class Employee(Base):
                __tablename__ = "employees"
                salary: Mapped[Optional[float]] = mapped_column(nullable=True)
            """,
            fixed="""
            from decimal import Decimal
            from typing import Optional
            from sqlalchemy.orm import Mapped, mapped_column

            class Employee(Base):
                __tablename__ = "employees"
                salary: Mapped[Optional[Decimal]] = mapped_column(nullable=True)
            """,
            message="salary is Mapped[float], a Float column, for money: binary",
        ),
        # Flask-SQLAlchemy
        Example("""
        from flask_sqlalchemy import SQLAlchemy

        db = SQLAlchemy()

        class Order(db.Model):
            shipping_cost = db.Column(db.Float, nullable=False)
        """, message="shipping_cost uses db.Float for money: binary floats cannot"),
        Example(
            """
            import sqlalchemy as sa

            class Invoice(Base):
                __tablename__ = "invoices"
                total = sa.Column(sa.Numeric(12, 2, asdecimal=False))
            """,
            fixed="""
            import sqlalchemy as sa

            class Invoice(Base):
                __tablename__ = "invoices"
                total = sa.Column(sa.Numeric(12, 2))
            """,
            message="total uses sa.Numeric(asdecimal=False) for money: values",
        ),
        Example(
            """
            from sqlalchemy.dialects.postgresql import DOUBLE_PRECISION
            import sqlalchemy as sa

            class Wallet(Base):
                __tablename__ = "wallets"
                balance = sa.Column("balance", DOUBLE_PRECISION)
            """,
            fixed="""
            from sqlalchemy.dialects.postgresql import DOUBLE_PRECISION
            import sqlalchemy as sa

            class Wallet(Base):
                __tablename__ = "wallets"
                balance = sa.Column("balance", sa.Numeric(12, 2))
            """,
            message="balance uses DOUBLE_PRECISION for money: binary floats",
        ),
        # SQLModel table
        Example(
            """
            from typing import Optional
            from sqlmodel import Field, SQLModel

            class Product(SQLModel, table=True):
                id: Optional[int] = Field(default=None, primary_key=True)
                price: float
                discount: float | None = Field(default=None, ge=0)
            """,
            fixed="""
            from decimal import Decimal
            from typing import Optional
            from sqlmodel import Field, SQLModel

            class Product(SQLModel, table=True):
                id: Optional[int] = Field(default=None, primary_key=True)
                price: Decimal = Field(max_digits=12, decimal_places=2)
                discount: Decimal | None = Field(default=None, ge=0, max_digits=12, decimal_places=2)
            """,
            lines=(6, 7),
            message="price is a float field of a SQLModel table, a Float column,",
        ),
        # SQLModel: a base whose fields a table model inherits.
        Example(
            """
            from sqlmodel import SQLModel

            class ItemBase(SQLModel):
                name: str
                unit_price: float = 0.0
            """,
            files={"app/models.py": """
                from sqlmodel import Field, SQLModel
                from app.module import ItemBase

                class Item(ItemBase, table=True):
                    id: int = Field(primary_key=True)
                """},
            fixed="""
            from decimal import Decimal

            from sqlmodel import Field, SQLModel

            class ItemBase(SQLModel):
                name: str
                unit_price: Decimal = Field(default=0.0, max_digits=12, decimal_places=2)
            """,
            message="unit_price is a float field of a SQLModel table, a Float",
        ),
        Example(
            """
            import peewee as pw

            class Order(pw.Model):
                total = pw.DoubleField(null=True)
            """,
            fixed="""
            import peewee as pw

            class Order(pw.Model):
                total = pw.DecimalField(max_digits=12, decimal_places=2, null=True)
            """,
            message="total uses pw.DoubleField for money: binary floats cannot",
        ),
        # Peewee through a star import.
        Example("""
        from peewee import *

        class Payment(Model):
            amount = FloatField()
        """, message="amount uses FloatField for money: binary floats cannot"),
        Example(
            """
            from tortoise import fields, models

            class Subscription(models.Model):
                monthly_fee = fields.FloatField()
            """,
            fixed="""
            from tortoise import fields, models

            class Subscription(models.Model):
                monthly_fee = fields.DecimalField(max_digits=12, decimal_places=2)
            """,
            message="monthly_fee uses fields.FloatField for money: binary floats",
        ),
        Example(
            """
            from pony.orm import Database, Optional, Required

            db = Database()

            class Product(db.Entity):
                price = Required(float)
                refund = Optional(float)
            """,
            fixed="""
            from decimal import Decimal

            from pony.orm import Database, Optional, Required

            db = Database()

            class Product(db.Entity):
                price = Required(Decimal)
                refund = Optional(Decimal)
            """,
            message="price uses Required(float) for money: binary floats cannot",
        ),
        # Alembic: reported, no fix in a migration.
        Example(
            """
            import sqlalchemy as sa
            from alembic import op

            def upgrade():
                op.add_column("orders", sa.Column("discount", sa.Float(), nullable=True))
                op.create_table(
                    "refunds",
                    sa.Column("id", sa.Integer(), primary_key=True),
                    sa.Column("amount", sa.Float),
                )
                op.alter_column("orders", "subtotal", type_=sa.REAL())
            """,
            path="alembic/versions/3f2a_money.py",
            lines=(5, 9, 11),
            message="discount uses sa.Float for money: binary floats cannot",
        ),
        # Django migrations: keyword and positional arguments, CreateModel tuples.
        Example(
            """
            from django.db import migrations, models

            class Migration(migrations.Migration):
                operations = [
                    migrations.AddField(model_name="order", name="price", field=models.FloatField()),
                    migrations.AlterField("order", "tax", models.FloatField(null=True)),
                    migrations.CreateModel(
                        name="Refund",
                        fields=[
                            ("id", models.AutoField(primary_key=True)),
                            ("amount", models.FloatField(default=0)),
                            ("ratio", models.FloatField()),
                        ],
                    ),
                ]
            """,
            path="shop/migrations/0002_money.py",
            lines=(5, 6, 11),
            message="price uses models.FloatField for money: binary floats",
        ),
        # Configured extra names.
        Example(
            """
            from django.db import models

            class Plan(models.Model):
                mrr = models.FloatField()
            """,
            options={"extra-money-names": ["mrr"]},
            message="mrr uses models.FloatField for money: binary floats cannot",
        ),
    ]

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self._flask_db: frozenset[str] | None = None
        self._float_mapped_elsewhere: bool | None = None
        self._sqlmodel_columns: set[str] | None = None

    # -- name resolution ------------------------------------------------------
    def _qualified(self, node: cst.CSTNode | None) -> list[str]:
        qualified = self.ctx.imports.qualify(node)
        return [qualified] if qualified else []

    def _is(self, node: cst.CSTNode | None, package: str, *names: str) -> bool:
        return is_from(self.ctx.imports.qualify(node), package, *names)

    def _is_flask_db(self, node: cst.BaseExpression) -> bool:
        if self._flask_db is None:
            self._flask_db = flask_db_objects(self.ctx.module, self.ctx.imports)
        return is_flask_db(node, self._flask_db)

    def _sa_member(self, callee: cst.BaseExpression, names: Sequence[str]) -> bool:
        if any(self._is(callee, package, *names) for package in SA.type_modules[:1] + SQLMODEL.packages):
            return True
        return isinstance(callee, cst.Attribute) and callee.attr.value in names and self._is_flask_db(callee.value)

    def _float_type(self, expr: cst.BaseExpression) -> str | None:
        """``float`` for a SQLAlchemy float type, ``float-numeric`` for Numeric(asdecimal=False)."""
        callee = expr.func if isinstance(expr, cst.Call) else expr
        if self._sa_member(callee, SA_FLOATS.types[0].names):
            return "float"
        if isinstance(expr, cst.Call) and self._sa_member(callee, SA_FLOATS.exact[0].names):
            asdecimal = keyword(expr, "asdecimal")
            if asdecimal is not None and _is_false(asdecimal):
                return "float-numeric"
        return None

    def _is_float_field(self, callee: cst.BaseExpression) -> bool:
        return any_matches(self.ctx.imports.qualify(callee), FLOAT_FIELDS)

    def _is_column_call(self, call: cst.Call) -> bool:
        return self._sa_member(call.func, SA.column_calls)

    def _column_type(self, call: cst.Call) -> cst.BaseExpression | None:
        type_ = keyword(call, "type_")
        if type_ is not None:
            return type_
        for arg in positional(call):
            if string_value(arg) is None:
                callee = arg.func if isinstance(arg, cst.Call) else arg
                return None if self._sa_member(callee, SA_NON_TYPES) else arg
        return None

    def _binding(self, qualified: str) -> str | None:
        """The local name an import already binds to ``qualified``."""
        return next((local for local, target in self.ctx.imports.aliases.items() if target == qualified), None)

    # -- where a definition is, and its column names -------------------------
    def _names_for(self, path: Sequence[cst.CSTNode]) -> list[str] | None:
        """Column names of the definition ending ``path`` (a field call or a type), or None
        when the node is not in a column-defining position (an expression, a cast)."""
        j = len(path) - 1
        while j >= 1:
            node, parent = path[j], path[j - 1]
            if isinstance(parent, cst.Arg) and j >= 2 and isinstance(path[j - 2], cst.Call):
                call = path[j - 2]
                callee = (dotted_name(call.func) or "").rsplit(".", 1)[-1]
                positional = positional_args(call)
                index = positional.index(parent) if parent in positional else None
                keyword = parent.keyword.value if parent.keyword else None
                if callee in ("AddField", "AlterField") and (keyword == "field" or index == 2):
                    name = keyword_arg(call, "name") or (positional[1] if len(positional) > 1 else None)
                    return [n for n in [string_value(name.value if name else None)] if n]
                if callee in ("add_column", "alter_column_type") and index == 2:  # peewee migrator
                    return [n for n in [string_value(positional[1].value)] if n]
                if callee in WRAPPERS and (keyword in ("sa_column", "base_field") or index == 0):
                    j -= 2
                    continue
                return None
            if isinstance(parent, cst.Element) and j >= 2 and isinstance(path[j - 2], cst.Tuple):
                elements = path[j - 2].elements
                if len(elements) == 2 and elements[1] is parent and string_value(elements[0].value):
                    return [string_value(elements[0].value)]
                return None
            if isinstance(parent, (cst.Assign, cst.AnnAssign)) and parent.value is node:
                if j >= 4 and isinstance(path[j - 4], cst.ClassDef):
                    return [t.value for t in assigned_targets(parent) if isinstance(t, cst.Name)]
                return None
            return None
        return None

    def _is_money(self, names: Sequence[str], description: str = "") -> bool:
        """Whether one of ``names`` is money, in the context of the enclosing class's name and the
        column's documented meaning."""
        function = self.enclosing(cst.FunctionDef)
        if function is not None and function.name.value.startswith("downgrade"):
            return False  # an Alembic downgrade restores the previous type
        context = self._model_name()
        extra, ignore = self.opts["extra-money-names"], self.opts["ignore-names"]
        return any(is_money_name(n, extra, ignore, context, description) for n in names)

    def _model_name(self) -> str:
        """The model the column belongs to: the enclosing class, or in a Django migration the
        operation's model (``AddField(model_name="feeding")``, ``CreateModel(name="Feeding")``)."""
        for node in reversed(self.ancestors):
            if isinstance(node, cst.Call):
                operation = (dotted_name(node.func) or "").rsplit(".", 1)[-1]
                if operation in MODEL_OPERATIONS:
                    bound = bind_args(node, DJANGO_PARAMS[operation]) or {}
                    return string_value(bound.get(MODEL_OPERATIONS[operation])) or ""
            elif isinstance(node, cst.ClassDef):
                return node.name.value
        return ""

    def _in_migration(self) -> bool:
        if "migration" in self.ctx.roles:
            return True
        for node in self.ancestors:
            if isinstance(node, cst.Call):
                head = (dotted_name(node.func) or "").split(".", 1)[0]
                if head in ("op", "batch_op", "migrations") or self._is(node.func, MIGRATIONS.alembic):
                    return True
        return False

    # -- visitors ---------------------------------------------------------------
    def visit_Call(self, node: cst.Call) -> None:
        if self._is_column_call(node):
            self._check_column(node)
        elif self._is_float_field(node.func):
            self._check_field_call(node)
        elif any_matches(self.ctx.imports.qualify(node.func), FLOAT_ATTRIBUTES):
            self._check_pony(node)
        elif isinstance(node.func, cst.Attribute) and node.func.attr.value == "alter_column":
            self._check_alter_column(node)

    def _check_column(self, call: cst.Call) -> None:
        type_expr = self._column_type(call)
        kind = self._float_type(type_expr) if type_expr is not None else None
        if kind is None:
            return
        names = [n for n in [string_value(a.value) for a in positional_args(call)[:1]] if n]
        name_kw = keyword_arg(call, "name")
        if name_kw is not None and string_value(name_kw.value):
            names.append(string_value(name_kw.value))
        names += self._names_for(self.ancestors) or []
        if not self._is_money(names, _description(call)):
            return
        fix = None if self._in_migration() else self._numeric_fix(type_expr, kind)
        self._report_type(type_expr, kind, names[0], fix)

    def _check_alter_column(self, call: cst.Call) -> None:
        type_kw = keyword_arg(call, "type_")
        if type_kw is None or self._float_type(type_kw.value) is None:
            return
        strings = [s for s in (string_value(a.value) for a in positional_args(call)) if s]
        name_kw = keyword_arg(call, "column_name")
        receiver = dotted_name(call.func.value) or ""
        if name_kw is not None:
            name = string_value(name_kw.value)
        elif receiver == "op" or self.ctx.imports.qualify(call.func.value) == MIGRATIONS.alembic_op:
            name = strings[1] if len(strings) > 1 else None
        else:  # batch_op.alter_column(column_name, ...)
            name = strings[0] if strings else None
        if name and self._is_money([name]):
            self._report_type(type_kw.value, self._float_type(type_kw.value), name, None)

    def _report_type(self, type_expr: cst.BaseExpression, kind: str, name: str, fix: CstFix | None) -> None:
        spelled = self.ctx.module.code_for_node(type_expr.func if isinstance(type_expr, cst.Call) else type_expr)
        if kind == "float-numeric":
            message = (f"{name} uses {spelled}(asdecimal=False) for money: values are read into binary floats, "
                       "which cannot represent cents exactly; drop asdecimal=False to get Decimal values")
        else:
            numeric = self.ctx.module.code_for_node(self._numeric_expr(type_expr)[0])
            message = (f"{name} uses {spelled} for money: binary floats cannot represent cents exactly; "
                       f"use {numeric} (Decimal values)")
        self.report(type_expr, message, fix=fix)

    def _check_field_call(self, call: cst.Call) -> None:
        names = self._names_for(self.ancestors)
        if names is None:
            return
        db_column = keyword_arg(call, "db_column") or keyword_arg(call, "column_name") or keyword_arg(call, "source_field")
        if db_column is not None and string_value(db_column.value):
            names.append(string_value(db_column.value))
        if not self._is_money(names, _description(call)):
            return
        spelled = self.ctx.module.code_for_node(call.func)
        replacement = self._floats(call).decimal
        decimal = f"{spelled.rsplit('.', 1)[0]}.{replacement}" if "." in spelled else replacement
        message = (f"{names[0]} uses {spelled} for money: binary floats cannot represent cents exactly; "
                   f"use {decimal}(max_digits={PRECISION}, decimal_places={SCALE})")
        fix = None if self._in_migration() else self._decimal_field_fix(call)
        self.report(call, message, fix=fix)

    def _check_pony(self, call: cst.Call) -> None:
        positional = positional_args(call)
        if not positional or not (isinstance(positional[0].value, cst.Name) and positional[0].value.value == "float"):
            return
        names = self._names_for(self.ancestors)
        if not names or not self._is_money(names):
            return
        spelled = self.ctx.module.code_for_node(call.func)
        decimal, imports = self._decimal_name()
        fix = CstFix("unsafe", f"Use {spelled}(Decimal)", [(positional[0].value, decimal)], imports)
        self.report(call, f"{names[0]} uses {spelled}(float) for money: binary floats cannot represent cents "
                          f"exactly; use {spelled}(Decimal, precision={PRECISION}, scale={SCALE})", fix=fix)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if not (len(self.ancestors) >= 4 and isinstance(self.ancestors[-4], cst.ClassDef)):
            return
        if not isinstance(node.target, cst.Name):
            return
        annotation = node.annotation.annotation
        if isinstance(annotation, cst.Subscript) and self._is(annotation.value, SQLALCHEMY.name, MAPPED):
            self._check_mapped(node, annotation)
        elif _float_names(annotation):
            self._check_sqlmodel(node, self.ancestors[-4])

    def _check_mapped(self, node: cst.AnnAssign, annotation: cst.Subscript) -> None:
        element = annotation.slice[0].slice if len(annotation.slice) == 1 else None
        floats = _float_names(element.value) if isinstance(element, cst.Index) else []
        if not floats or self._float_mapped_by_base():
            return
        names = [node.target.value]
        value = node.value
        if value is not None:
            if not (isinstance(value, cst.Call) and self._is_column_call(value)):
                return  # column_property(), relationship(), ...: not a plain column
            if self._column_type(value) is not None:
                return  # the explicit type decides (reported on the type when it is a float)
            names += [n for n in [string_value(a.value) for a in positional_args(value)[:1]] if n]
        if not self._is_money(names, _description(value)):
            return
        decimal, imports = self._decimal_name()
        fix = None if self._in_migration() else CstFix(
            "unsafe", "Annotate Mapped[Decimal]", [(f, decimal) for f in floats], imports
        )
        self.report(floats[0], f"{names[0]} is Mapped[float], a Float column, for money: binary floats cannot "
                               f"represent cents exactly; use Mapped[Decimal] with Numeric({PRECISION}, {SCALE})",
                    fix=fix)

    def _check_sqlmodel(self, node: cst.AnnAssign, classdef: cst.ClassDef) -> None:
        qualname = f"{self.ctx.module_name}.{classdef.name.value}" if self.ctx.module_name else classdef.name.value
        if qualname not in self._sqlmodel_column_classes():
            return
        value = node.value
        is_field = isinstance(value, cst.Call) and self._is(value.func, SQLMODEL.name, FIELD)
        if is_field:
            sa_type = keyword_arg(value, "sa_type")
            if keyword_arg(value, "sa_column") is not None or (sa_type is not None and self._float_type(sa_type.value) is None):
                return  # the explicit SQLAlchemy type decides
        elif isinstance(value, cst.Call):
            return  # Relationship(), PrivateAttr(), a computed value: not a plain column default
        names = [node.target.value]
        if not self._is_money(names, _description(value)):
            return
        floats = _float_names(node.annotation.annotation)
        self.report(floats[0], f"{names[0]} is a float field of a SQLModel table, a Float column, for money: binary "
                               "floats cannot represent cents exactly; use Decimal = Field(max_digits="
                               f"{PRECISION}, decimal_places={SCALE})", fix=self._sqlmodel_fix(node))

    # -- facts from the file and the project -----------------------------------
    def _float_mapped_by_base(self) -> bool:
        """Whether this file's declarative base maps ``float`` to another type."""
        if self._float_mapped_elsewhere is None:
            self._float_mapped_elsewhere = False
            if "type_annotation_map" in self.ctx.source:
                self._float_mapped_elsewhere = any(
                    isinstance(s, cst.Assign)
                    and any(isinstance(t.target, cst.Name) and t.target.value == "type_annotation_map" for t in s.targets)
                    and isinstance(s.value, cst.Dict)
                    and any(
                        isinstance(e, cst.DictElement) and isinstance(e.key, cst.Name) and e.key.value == "float"
                        for e in s.value.elements
                    )
                    for s in statements(self.ctx.module)
                )
        return self._float_mapped_elsewhere

    def _sqlmodel_column_classes(self) -> set[str]:
        """SQLModel classes whose fields are columns: tables, the bases they inherit from,
        and their subclasses (which inherit ``table=True`` through the model config)."""
        if self._sqlmodel_columns is None:
            registry = self.ctx.index.models
            classes = [c for c in registry.by_qualname.values() if registry.orm_of(c) == SQLMODEL.name]

            def lineage(fact):
                seen = []
                stack = [fact]
                while stack:
                    current = stack.pop()
                    if current.qualname in (s.qualname for s in seen):
                        continue
                    seen.append(current)
                    stack.extend(p for p in (registry.resolve(b) for b in current.bases) if p is not None)
                return seen

            def flag(fact):
                return dict(fact.keywords).get("table")

            columns: set[str] = set()
            for fact in classes:
                chain = lineage(fact)
                if flag(fact) == "True" or (flag(fact) is None and any(flag(a) == "True" for a in chain[1:])):
                    columns.update(a.qualname for a in chain)
            self._sqlmodel_columns = columns
        return self._sqlmodel_columns

    # -- fixes --------------------------------------------------------------------
    def _decimal_name(self) -> tuple[cst.BaseExpression, list[ImportSpec]]:
        local = self._binding("decimal.Decimal")
        if local:
            return cst.Name(local), []
        return cst.Name("Decimal"), [ImportSpec("decimal", "Decimal")]

    def _numeric_fix(self, type_expr: cst.BaseExpression, kind: str) -> CstFix:
        if kind == "float-numeric":
            kept = [a for a in type_expr.args if not (a.keyword is not None and a.keyword.value == "asdecimal")]
            if kept:
                kept[-1] = kept[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
            return CstFix("unsafe", "Drop asdecimal=False", [(type_expr, type_expr.with_changes(args=kept))])
        new, imports = self._numeric_expr(type_expr)
        replacements = [(type_expr, new)]
        annotation = self._mapped_annotation_floats()
        if annotation:
            decimal, decimal_imports = self._decimal_name()
            replacements += [(f, decimal) for f in annotation]
            imports += decimal_imports
        return CstFix("unsafe", f"Use Numeric({PRECISION}, {SCALE})", replacements, imports)

    def _numeric_expr(self, type_expr: cst.BaseExpression) -> tuple[cst.BaseExpression, list[ImportSpec]]:
        """``Numeric(12, 2)`` spelled through the alias the file uses, with the import it needs."""
        callee = type_expr.func if isinstance(type_expr, cst.Call) else type_expr
        imports: list[ImportSpec] = []
        module = next((q.rsplit(".", 1)[0] for q in self._qualified(callee) if q.rsplit(".", 1)[0] in SA.type_modules),
                      None)
        name, default_module = SA_FLOATS.decimal, SA_FLOATS.decimal_module
        local = self._binding(f"{default_module}.{name}") or self._binding(f"{SQLMODEL.name}.{name}")
        alias = self._binding(default_module)
        if isinstance(callee, cst.Attribute) and (
            any(q in SA.type_modules for q in self._qualified(callee.value)) or self._is_flask_db(callee.value)
        ):
            numeric: cst.BaseExpression = cst.Attribute(callee.value, cst.Name(name))
        elif local:
            numeric = cst.Name(local)
        elif module is None and alias:  # a dialect type: spell Numeric through the sqlalchemy alias
            numeric = cst.Attribute(cst.Name(alias), cst.Name(name))
        else:
            numeric = cst.Name(name)
            imports.append(ImportSpec(module or default_module, name))
        return cst.parse_expression(f"_({PRECISION}, {SCALE})").with_changes(func=numeric), imports

    def _mapped_annotation_floats(self) -> list[cst.Name]:
        """``float`` names of ``Mapped[float]`` when the current column is its assigned value."""
        statement = next((a for a in reversed(self.ancestors) if isinstance(a, cst.AnnAssign)), None)
        if statement is None or not isinstance(statement.value, cst.Call) or statement.value not in self.ancestors:
            return []
        annotation = statement.annotation.annotation
        if isinstance(annotation, cst.Subscript) and self._is(annotation.value, SQLALCHEMY.name, MAPPED):
            element = annotation.slice[0].slice if len(annotation.slice) == 1 else None
            return _float_names(element.value) if isinstance(element, cst.Index) else []
        return _float_names(annotation)

    def _floats(self, call: cst.Call) -> FloatTypes:
        """The float types of the ORM whose float field ``call`` constructs."""
        qualified = self.ctx.imports.qualify(call.func)
        return next(spec.floats for spec in ORMS if any_matches(qualified, spec.floats.fields))

    def _decimal_field_fix(self, call: cst.Call) -> CstFix | None:
        positional = positional_args(call)
        qualified = self.ctx.imports.qualify(call.func)
        floats = self._floats(call)
        decimal = floats.decimal
        is_django = DJANGO.owns(qualified)
        if positional and not is_django:
            return None  # Peewee/Tortoise DecimalField takes other positional arguments
        if len(positional) > 2 or any(a.star for a in call.args):
            return None
        imports: list[ImportSpec] = []
        if isinstance(call.func, cst.Attribute):
            func: cst.BaseExpression = call.func.with_changes(attr=cst.Name(decimal))
        else:
            module = floats.decimal_module or qualified.rsplit(".", 1)[0]
            local = self._binding(f"{module}.{decimal}")
            func = cst.Name(local or decimal)
            if not local:
                imports.append(ImportSpec(module, decimal))
        keywords = [a for a in call.args if a not in positional]
        args = _join(positional + _money_args() + keywords)
        return CstFix("unsafe", "Use DecimalField", [(call, call.with_changes(func=func, args=args))], imports)

    def _sqlmodel_fix(self, node: cst.AnnAssign) -> CstFix | None:
        if self._in_migration():
            return None
        decimal, imports = self._decimal_name()
        annotation = node.annotation.with_changes(annotation=node.annotation.annotation.visit(_RenameFloat(decimal)))
        value = node.value
        if isinstance(value, cst.Call) and self._is(value.func, SQLMODEL.name, FIELD):
            missing = [a for a in _money_args() if keyword_arg(value, a.keyword.value) is None]
            new_value = value.with_changes(args=_join(list(value.args) + missing))
        else:
            local = self._binding(f"{SQLMODEL.name}.{FIELD}")
            if local:
                field: cst.BaseExpression = cst.Name(local)
            elif alias := self._binding(SQLMODEL.name):
                field = cst.Attribute(cst.Name(alias), cst.Name(FIELD))
            else:
                field = cst.Name(FIELD)
                imports = [*imports, ImportSpec(SQLMODEL.name, FIELD)]
            default = [] if value is None else [cst.Arg(value, keyword=cst.Name("default"), equal=_EQUAL)]
            new_value = cst.Call(field, _join(default + _money_args()))
        replacement = node.with_changes(annotation=annotation, value=new_value)
        return CstFix("unsafe", "Use Decimal with max_digits/decimal_places", [(node, replacement)], imports)


_EQUAL = cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace(""))


def _join(args: list[cst.Arg]) -> list[cst.Arg]:
    """Arguments with a comma after each but the last (a trailing comma already there stays)."""
    joined = []
    for i, arg in enumerate(args):
        last = i == len(args) - 1
        if not last and arg.comma is cst.MaybeSentinel.DEFAULT:
            arg = arg.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
        joined.append(arg)
    return joined
