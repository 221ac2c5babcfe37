"""ORM602 not-null-column-without-default."""

from __future__ import annotations

import libcst as cst

from ormlint.api import Example, Rule
from ormlint.core.roles import NON_PRODUCTION
from ormlint.orms.migration_ops import (
    MIGRATIONS,
    class_attributes,
    column_call,
    column_keyword,
    column_name,
    created_tables,
    dependency_names,
    django_migration_class,
    django_operations,
    is_alembic_revision,
    is_name,
    iter_op_calls,
    model_key,
    module_functions,
    on_fresh_tables,
    positional_args,
    string_value,
)
from ormlint.orms.django import DJANGO
from ormlint.orms.sqlalchemy import is_sqlalchemy
from ormlint.syntax.names import is_from


class NotNullColumnWithoutDefault(Rule):
    """
    ## What it does
    Flags a migration that adds a NOT NULL column to an existing table without a value
    for the rows already there: Alembic `op.add_column(t, sa.Column(..., nullable=False))`
    (or `batch_op.add_column`) without `server_default`; Django `AddField` whose field
    is not `null=True` and has no `default`/`db_default`.

    Django fills existing rows only from the field's effective default: `default=`
    (`preserve_default=False` keeps it out of the model afterwards), `db_default=`,
    `auto_now`/`auto_now_add`, or `''` for a `blank=True` text-like field. Alembic's
    `default=` is applied by SQLAlchemy on INSERT only: it does not fill existing rows.
    A column added to a table created in the same migration is fine (and in Django, in a
    migration marked `initial = True` or squashed with `replaces`: those run on empty
    tables only; so does a relation of a model of the app's first migration added by the one
    directly after it, the split makemigrations made before it marked splits `initial`; any
    other field there is a change of its own), and so are
    `ManyToManyField`, auto fields and generated/identity columns; so is a field of a model the
    app's migrations leave unmanaged (`options={"managed": False}`), for which Django runs no SQL. Alembic operations under
    an `if` on the database in use are left alone (MySQL, for one, fills NOT NULL columns
    with an implicit default). Only upgrades are checked, and only fields of Django itself
    (a custom field may bring its own default).

    ## Why is this bad?
    `ALTER TABLE ... ADD COLUMN ... NOT NULL` fails on a table that has rows ("column
    contains null values"): the migration passes on an empty development database and
    breaks the production deploy.

    ## Example
    ```python
    op.add_column("users", sa.Column("role", sa.String(20), nullable=False))
    migrations.AddField("order", "status", models.CharField(max_length=20))
    ```

    ## Use instead
    ```python
    op.add_column("users", sa.Column("role", sa.String(20), nullable=False, server_default="user"))
    migrations.AddField("order", "status", models.CharField(max_length=20, default="new"))
    ```
    or three steps: add the column nullable, backfill it, then make it NOT NULL.

    ## Fix safety
    No fix: the right value for existing rows is a product decision.

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
    - [PostgreSQL: `ALTER TABLE`](https://www.postgresql.org/docs/current/sql-altertable.html)
    - [Django: `AddField`](https://docs.djangoproject.com/en/stable/ref/migration-operations/#addfield)
    - [Alembic: `add_column()`](https://alembic.sqlalchemy.org/en/latest/ops.html#alembic.operations.Operations.add_column)
    """

    code = "ORM602"
    name = "not-null-column-without-default"
    family = "migrations"
    severity = "warning"
    orms = ("alembic", "django")
    fix_safety = "none"
    summary = "NOT NULL column added to an existing table without a default for its rows"
    prefilter = ("add_column", "AddField")
    skip_roles = NON_PRODUCTION | {"shipped-migration"}
    only_roles = frozenset({"migration"})

    def visit_Module(self, node: cst.Module) -> None:
        if is_alembic_revision(node):
            self._check_alembic(module_functions(node)["upgrade"])
        else:
            self._check_django(node)

    def _check_alembic(self, upgrade: cst.FunctionDef) -> None:
        imports = self.ctx.imports
        calls = list(iter_op_calls(upgrade, imports))
        new_tables = created_tables(calls, imports)
        for found in calls:
            column = column_call(found.args.get("column"), imports) if found.method == "add_column" else None
            if column is None or found.under_database_test or string_value(found.table) in new_tables:
                continue
            if not is_name(column_keyword(column, "nullable"), "False"):
                continue
            server_default = column_keyword(column, "server_default")
            if server_default is not None and not is_name(server_default, "None"):
                continue
            if any(isinstance(a, cst.Call) and is_sqlalchemy(imports.qualify(a.func), *MIGRATIONS.generated_column_parts)
                   for a in positional_args(column)):
                continue
            client_side = " (default= is applied by SQLAlchemy on INSERT only)" if column_keyword(column, "default") else ""
            self.report(
                found.call,
                f"{found.method}() adds NOT NULL column {column_name(column)!r} without server_default{client_side}: "
                "the ALTER fails on a table that has rows; give it a server_default, or add it nullable, "
                "backfill, then alter_column(nullable=False)",
            )

    def _check_django(self, module: cst.Module) -> None:
        cls = django_migration_class(module, self.ctx.imports)
        attributes = class_attributes(cls) if cls is not None else {}
        if on_fresh_tables(attributes):
            return
        operations = django_operations(module, self.ctx.imports)
        dependencies = dependency_names(attributes.get("dependencies"))
        # makemigrations (before Django marked them ``initial``) moved the relations of a first install into its
        # 0002: those, on the models 0001 creates, run on empty tables too; any other field is a change of its own
        first_install = self.ctx.index.migrations.first_install_models(self.ctx.path, dependencies)
        new_models = {model_key(args.get("name")) for _, name, args, _ in operations if name == "CreateModel"}
        unmanaged = self.ctx.index.migrations.unmanaged_models(self.ctx.path)  # Django runs no SQL for them
        for call, name, args, scope in operations:
            model = model_key(args.get("model_name"))
            field = args.get("field")
            if name != "AddField" or scope == "state" or model in new_models | unmanaged or (
                    model in first_install and self._relation_field(field)):
                continue
            if isinstance(field, cst.Call) and self._lacks_default(field):
                self.report(
                    call,
                    f"AddField adds NOT NULL field {string_value(args.get('name'))!r} without a default: "
                    "existing rows get no value and the ALTER fails on a table that has rows; pass default= "
                    "(with preserve_default=False for a one-off value) or db_default=, or add it with null=True, "
                    "backfill, then make it NOT NULL",
                )

    def _relation_field(self, field: cst.BaseExpression | None) -> bool:
        """``models.ForeignKey(...)``, ``OneToOneField``, ``ManyToManyField``: a field Django's relations know."""
        kind = (self.ctx.imports.qualify(field.func) or "").rsplit(".", 1)[-1] if isinstance(field, cst.Call) else ""
        return any(relation.constructor == kind for relation in DJANGO.relations.fields)

    def _lacks_default(self, field: cst.Call) -> bool:
        qualified = self.ctx.imports.qualify(field.func)
        if not any(is_from(qualified, package) for package in MIGRATIONS.django_field_packages):
            return False
        kind = qualified.rsplit(".", 1)[-1]
        if kind in MIGRATIONS.no_column_fields or kind in MIGRATIONS.self_filling_fields or any(
                a.star for a in field.args):
            return False
        keywords = {a.keyword.value: a.value for a in field.args if a.keyword is not None}
        if any(k in keywords for k in ("default", "db_default")):
            return False
        if any(is_name(keywords.get(k), "True") for k in ("null", "auto_now", "auto_now_add", "primary_key")):
            return False
        blank_fills = kind not in MIGRATIONS.no_empty_string_fields and not kind.endswith("RangeField")
        return not (blank_fills and is_name(keywords.get("blank"), "True"))

    VALID = [
        Example(
            """
            from alembic import op
            import sqlalchemy as sa

            revision = "b2"
            down_revision = "a1"

            def upgrade():
                op.create_table("tags", sa.Column("id", sa.Integer(), primary_key=True))
                op.add_column("tags", sa.Column("label", sa.String(30), nullable=False))
                op.add_column("users", sa.Column("role", sa.String(20), nullable=False, server_default="user"))
                op.add_column("users", sa.Column("nickname", sa.String(20)))
            """,
            path="migrations/versions/b2_role.py",
        ),
        Example(
            """
            from django.db import migrations, models

            class Migration(migrations.Migration):
                operations = [
                    migrations.AddField("order", "status", models.CharField(max_length=20, default="new"),
                                        preserve_default=False),
                    migrations.AddField("order", "note", models.TextField(blank=True)),
                    migrations.AddField("order", "paid_at", models.DateTimeField(null=True)),
                    migrations.AddField("order", "created", models.DateTimeField(auto_now_add=True)),
                    migrations.AddField("order", "tags", models.ManyToManyField("shop.Tag")),
                ]
            """,
            path="shop/migrations/0003_status.py",
        ),
    ]
    INVALID = [
        Example(
            """
            from alembic import op
            import sqlalchemy as sa

            revision = "b2"
            down_revision = "a1"

            def upgrade():
                op.add_column("users", sa.Column("role", sa.String(20), nullable=False))
            """,
            path="migrations/versions/b2_role.py",
            lines=(8,),
            message="add_column() adds NOT NULL column 'role' without",
        ),
        Example(
            """
            from django.db import migrations, models

            class Migration(migrations.Migration):
                operations = [
                    migrations.AddField(
                        model_name="order",
                        name="priority",
                        field=models.IntegerField(blank=True),
                    ),
                ]
            """,
            path="shop/migrations/0003_priority.py",
            lines=(5,),
            message="AddField adds NOT NULL field 'priority' without a default:",
        ),
    ]
