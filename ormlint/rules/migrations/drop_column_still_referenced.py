"""ORM604 drop-column-still-referenced."""

from __future__ import annotations

import libcst as cst

from ormlint.api import Example, Rule
from ormlint.core.roles import NON_PRODUCTION
from ormlint.index.facts import ClassFact
from ormlint.orms.migration_ops import (
    MIGRATIONS,
    OpCall,
    django_operations,
    dropped_columns_of_sql,
    is_alembic_revision,
    iter_op_calls,
    model_key,
    module_functions,
    sql_literals,
    sql_text,
    string_value,
)
from ormlint.rules.migrations.models_at_head import (
    django_db_table,
    django_model,
    django_model_of_table,
    field_of_column,
    models_by_table,
)


class DropColumnStillReferenced(Rule):
    """
    ## What it does
    Flags a migration that drops or renames a column which the project's models still map:
    Alembic `op.drop_column`/`batch_op.drop_column` and
    `alter_column(..., new_column_name=...)` on a table whose SQLAlchemy/SQLModel model
    (found by `__tablename__` and `__table_args__` schema, a SQLModel table model without a `__tablename__`
    by its class name in lower case, as SQLModel names it; models declared inside
    migrations are frozen copies and do not count, nor do models of scripts, tests and examples: a one-off
    script's mapping of another database, a fixture) still maps a column of that name
    (matched by column name: `code = Column("legacy_code", ...)` maps `legacy_code`, not
    `code`); Django `RemoveField` and `RenameField` (outside `state_operations`) whose model
    in the same app folder still declares the field (not as a `GenericForeignKey`, which reads two other fields'
    columns and has none of its own). A drop written as SQL counts the same:
    `op.execute("ALTER TABLE users DROP COLUMN legacy_code")` (also in `sa.text()`) and
    `migrations.RunSQL("ALTER TABLE shop_order DROP COLUMN coupon")` (its forward SQL, not
    `reverse_sql`), the Django model found by its table (`Meta.db_table`, else
    `<app_label>_<model>`) and the field by its column (`db_column=`, else the field's name,
    `<name>_id` for a foreign key). A column that the same or a later
    migration adds back (or renames back) is fine: the model maps the new one. So is a table
    that a later migration renames or drops (`rename_table`, `drop_table`, `RenameModel`,
    `DeleteModel`): a model of that name today maps another table. A field of a model the app's
    migrations leave unmanaged (`options={"managed": False}`) drops no column: Django runs no SQL.

    ## Why is this bad?
    During a deploy the old code runs against the new schema, and here even the new code
    still reads the column: every query that selects the model fails with "column does not
    exist" as soon as the migration ran. Destructive changes need expand/contract: stop
    using the column (remove it from the model, ship), then drop it in a later migration.

    ## Example
    ```python
    # models.py
    class User(Base):
        __tablename__ = "users"
        legacy_code = Column(String(20))

    # migration
    def upgrade():
        op.drop_column("users", "legacy_code")
    ```

    ## Use instead
    Remove `legacy_code` from `User` and release that first; drop the column in the
    next release's migration:
    ```python
    # models.py, this release
    class User(Base):
        __tablename__ = "users"

    # the migration, next release
    def upgrade():
        op.drop_column("users", "legacy_code")
    ```

    ## Fix safety
    No fix: the model and every use of the attribute must change first.

    ## Where it reports
    | context | reports | why |
    |---|---|---|
    | application code | no | only migrations hold what the rule checks |
    | `migration` | yes | the rule checks migrations |
    | `shipped-migration` | no | a migration that shipped is never edited again |
    | `test` | no | tests and fixtures run against a throwaway database |
    | `test-settings` | no | settings of the test run |
    | `dev-data` | no | seed, demo and fake data only ever runs on a developer database |
    | `script` | no | a one-off script is run by hand, once |
    | `command` | no | the rule checks migrations only |
    | `example` | no | examples and documentation are not the project's running code |
    | `orm-source` | no | the ORM's own code implements what the rule checks; it does not misuse it |

    Roles are described in the README (Configuration); `[tool.ormlint.skip-roles]` changes
    this table per rule.

    ## References
    - [Django: `SeparateDatabaseAndState`](https://docs.djangoproject.com/en/stable/ref/migration-operations/#separatedatabaseandstate)
    - [Alembic: `drop_column()`](https://alembic.sqlalchemy.org/en/latest/ops.html#alembic.operations.Operations.drop_column)
    """

    code = "ORM604"
    name = "drop-column-still-referenced"
    family = "migrations"
    severity = "warning"
    orms = ("alembic", "django")
    fix_safety = "none"
    summary = "Migration drops or renames a column that a model still maps (no expand/contract)"
    prefilter = ("drop_column", "new_column_name", "RemoveField", "RenameField", "DROP", "drop ")
    skip_roles = NON_PRODUCTION | {"shipped-migration"}
    only_roles = frozenset({"migration"})

    def visit_Module(self, node: cst.Module) -> None:
        migrations = self.ctx.index.migrations
        self.fact = migrations.get(self.ctx.path)
        if self.fact is None:
            return
        if self.fact.framework == MIGRATIONS.alembic and is_alembic_revision(node):
            self._check_alembic(module_functions(node)["upgrade"])
        elif self.fact.framework == MIGRATIONS.django:
            self._check_django(node)

    def _restored(self, table: str, column: str, order: int) -> bool:
        return self.ctx.index.migrations.restored_later(self.fact, table, column, order)

    def _check_alembic(self, upgrade: cst.FunctionDef) -> None:
        models = self.ctx.index.models
        migrations = self.ctx.index.migrations
        for order, found in enumerate(iter_op_calls(upgrade, self.ctx.imports)):
            for table, schema, column, renamed_to in self._alembic_changes(found):
                if self._restored(table, column, order) or migrations.gone_later(self.fact, table, order):
                    continue  # added back, or a table of that name today is another one
                for model in models_by_table(models, migrations).get((table, schema), []):
                    if self.ctx.roles_of(model.path) & NON_PRODUCTION:
                        continue  # a script's or a test's own mapping (of another database, or a fixture)
                    mapped = field_of_column(models, model, column)
                    if mapped is None or (renamed_to and field_of_column(models, model, renamed_to)):
                        continue
                    action = f"renames column {column!r} to {renamed_to!r}" if renamed_to \
                        else f"drops column {column!r}"
                    self._report(found.call, f"{found.method}() {action} of {table!r}", model, mapped[0])
                    break

    def _alembic_changes(self, found: OpCall) -> list[tuple[str, str | None, str, str | None]]:
        """``(table, schema, column, new name or None)`` of each column the operation drops or renames:
        ``drop_column``, ``alter_column(new_column_name=)``, ``op.execute("ALTER TABLE ... DROP COLUMN ...")``."""
        if found.method == "execute":
            sql = sql_text(found.args.get("sqltext"), self.ctx.imports)
            return [(table, schema, column, None) for table, schema, column in dropped_columns_of_sql(sql or "")]
        table = string_value(found.table)
        column = string_value(found.args.get("column_name"))
        renamed_to = string_value(found.args.get("new_column_name"))
        if table is None or column is None or not (found.method == "drop_column" or
                                                   found.method == "alter_column" and renamed_to):
            return []
        return [(table, string_value(found.schema), column, renamed_to)]

    def _check_django(self, module: cst.Module) -> None:
        for order, (call, name, args, scope) in enumerate(django_operations(module, self.ctx.imports)):
            if scope == "state":
                continue
            for model_name, field, new_name, model in self._django_changes(name, args):
                if model is None or self._restored(model_name, field, order):
                    continue
                if self.ctx.index.migrations.gone_later(self.fact, model_name, order):
                    continue  # renamed or deleted later: a model of that name today is another one
                if not self._declares(model, field) or (new_name and self._declares(model, new_name)):
                    continue
                action = f"renames field {field!r} to {new_name!r}" if name == "RenameField" \
                    else f"removes field {field!r}" if name == "RemoveField" \
                    else f"drops column {self._column_of(model, field)!r} of {django_db_table(model)!r}"
                target = f" of {model_name!r}" if name != "RunSQL" else ""
                self._report(call, f"{name} {action}{target}", model, field)

    def _django_changes(self, name: str, args: dict) -> list[tuple[str, str, str | None, ClassFact | None]]:
        """``(model key, field, new name or None, model)`` of each field the operation removes or renames:
        ``RemoveField``, ``RenameField``, ``RunSQL("ALTER TABLE ... DROP COLUMN ...")`` on a model's table."""
        models = self.ctx.index.models
        if name == "RunSQL":
            changes = []
            for sql in sql_literals(args.get("sql")) or []:
                for table, _, column in dropped_columns_of_sql(sql):
                    model = django_model_of_table(models, table)
                    field = self._field_of_column(model, column) if model is not None else None
                    if field is not None:
                        changes.append((model.name.lower(), field, None, model))
            return changes
        if name not in ("RemoveField", "RenameField"):
            return []
        model_name = model_key(args.get("model_name"))
        field = string_value(args.get("name") if name == "RemoveField" else args.get("old_name"))
        if model_name is None or field is None or model_name in self.ctx.index.migrations.unmanaged_models(self.ctx.path):
            return []  # an unmanaged model's column is left as it is: Django runs no SQL for it
        return [(model_name, field, string_value(args.get("new_name")),
                 django_model(models, self.ctx.path, model_name))]

    def _field_of_column(self, model: ClassFact, column: str) -> str | None:
        """The field of a Django model stored in ``column``: ``db_column=``, else the field's name
        (``<name>_id`` for a foreign key or one-to-one)."""
        models = self.ctx.index.models
        for attribute, field in models.fields(model).items():
            if (field.column or attribute) == column:
                return attribute
        for attribute, relation in models.relations(model).items():
            if not relation.reverse and relation.kind in ("fk", "o2o") and f"{attribute}_id" == column:
                return attribute
        return None

    def _column_of(self, model: ClassFact, field: str) -> str:
        mapped = self.ctx.index.models.fields(model).get(field)
        return (mapped.column if mapped is not None else "") or (field if mapped is not None else f"{field}_id")

    def _declares(self, model: ClassFact, name: str) -> bool:
        """The model declares the field (a column, or the forward side of a relation; not a `GenericForeignKey`, which
        reads the columns of two other fields and has none of its own)."""
        models = self.ctx.index.models
        relation = models.relations(model).get(name)
        return name in models.fields(model) or (relation is not None and not relation.reverse
                                                and relation.kind != "generic")

    def _report(self, node: cst.CSTNode, action: str, model: ClassFact, attribute: str) -> None:
        self.report(
            node,
            f"{action}, but model {model.name} ({model.path}) still maps it as `{attribute}`: queries on the "
            "model fail once the migration ran; remove it from the model and release that first, then drop "
            "the column in a later migration (expand/contract)",
        )

    VALID = [
        Example(
            """
            from alembic import op

            revision = "b2"
            down_revision = "a1"

            def upgrade():
                op.drop_column("users", "legacy_code")
            """,
            path="migrations/versions/b2_drop.py",
            files={"app/models.py": """
                from sqlalchemy import Column, Integer
                from sqlalchemy.orm import declarative_base

                Base = declarative_base()

                class User(Base):
                    __tablename__ = "users"
                    id = Column(Integer, primary_key=True)
            """},
        ),
    ]
    INVALID = [
        Example(
            """
            from alembic import op

            revision = "b2"
            down_revision = "a1"

            def upgrade():
                op.drop_column("users", "legacy_code")
            """,
            path="migrations/versions/b2_drop.py",
            files={"app/models.py": """
                from sqlalchemy import Column, Integer, String
                from sqlalchemy.orm import DeclarativeBase

                class Base(DeclarativeBase):
                    pass

                class User(Base):
                    __tablename__ = "users"
                    id = Column(Integer, primary_key=True)
                    legacy_code = Column(String(20))
            """},
            lines=(7,),
            message="drop_column() drops column 'legacy_code' of 'users', but",
        ),
        Example(
            """
            from django.db import migrations

            class Migration(migrations.Migration):
                operations = [
                    migrations.RemoveField(model_name="order", name="coupon"),
                ]
            """,
            path="shop/migrations/0005_remove_coupon.py",
            files={"shop/models.py": """
                from django.db import models

                class Order(models.Model):
                    coupon = models.CharField(max_length=20)
            """},
            lines=(5,),
            message="RemoveField removes field 'coupon' of 'order', but model",
        ),
    ]
