"""ORM603 non-concurrent-index."""

from __future__ import annotations

import libcst as cst

from ormlint.api import Example, Rule
from ormlint.core.roles import NON_PRODUCTION
from ormlint.orms.migration_ops import (
    class_attributes,
    created_tables,
    created_tables_of_sql,
    django_migration_class,
    django_operations,
    is_alembic_revision,
    is_create_index,
    is_name,
    iter_op_calls,
    model_key,
    module_functions,
    on_fresh_tables,
    parse_sql,
    sql_literals,
    sql_text,
    string_value,
)
from ormlint.rules.migrations.models_at_head import django_table

AUTOCOMMIT = "`with op.get_context().autocommit_block():`"


def _index_table(statement) -> str | None:
    """The table a parsed ``CREATE INDEX`` builds on."""
    table = statement.this.args.get("table")
    return table.name if table is not None else None


class NonConcurrentIndex(Rule):
    """
    ## What it does
    Flags PostgreSQL index builds in migrations that lock the table, and concurrent builds
    that cannot run:

    - Alembic `op.create_index`/`batch_op.create_index` (or ``op.execute("CREATE INDEX
      ...")`) on an existing table without `postgresql_concurrently=True``;
      Django `AddIndex` (or `RunSQL("CREATE INDEX ...")`) on an existing model (not one the
      app's migrations leave unmanaged, `options={"managed": False}`: Django builds nothing for it);
    - (error) `postgresql_concurrently=True` or `CREATE INDEX CONCURRENTLY` outside
      `with op.get_context().autocommit_block():`; Django `AddIndexConcurrently`/
      `RemoveIndexConcurrently` or `RunSQL("... CONCURRENTLY ...")` in a migration
      without `atomic = False`.

    The first kind is reported only when the migration is known to run on PostgreSQL:
    the migration (or another migration of its directory, when none of them tests which
    database it runs on) imports `sqlalchemy.dialects.postgresql`/
    `django.contrib.postgres` or passes `postgresql_*` options, or the project's
    settings (`DATABASES` engines, database URL settings, the URL a module-level
    `create_engine()` is given) name PostgreSQL and nothing else. A
    migration that imports another database's dialect (`sqlalchemy.dialects.sqlite`), or
    lives in a folder named after another database (`versions/sqlite/`), is not
    PostgreSQL's: autogenerate copies `postgresql_*` options into every environment.
    Other databases build indexes differently, so without that knowledge the rule stays
    silent. Indexes on tables created by the same migration are fine (the table is empty:
    `create_table`, `CreateModel` with its `db_table`, `CREATE TABLE` or `CREATE MATERIALIZED VIEW`
    in `op.execute`/`RunSQL`), and so are Django migrations that run on new tables only (`initial = True`,
    squashed ones with `replaces`; makemigrations marks the migrations it splits a first install into `initial`:
    a 0002 it did not mark is a change of its own).
    The message names the table (a Django model's `Meta.db_table`, else
    `<app>_<model>`): how long the writes stay blocked grows with its size.

    ## Why is this bad?
    A plain `CREATE INDEX` holds a lock that blocks every INSERT, UPDATE and DELETE on
    the table until the build finishes — minutes on a large table, an outage for the
    application. `CREATE INDEX CONCURRENTLY` avoids that, but PostgreSQL refuses to run
    it inside a transaction block, and migrations run in one by default.

    ## Example
    ```python
    def upgrade():
        op.create_index("ix_orders_user_id", "orders", ["user_id"])
    ```

    ## Use instead
    ```python
    def upgrade():
        with op.get_context().autocommit_block():
            op.create_index("ix_orders_user_id", "orders", ["user_id"], postgresql_concurrently=True)
    ```
    Django: `AddIndexConcurrently` from `django.contrib.postgres.operations` in a
    migration with `atomic = False`.

    ## Fix safety
    No fix: leaving the transaction commits the work before it; a concurrent build that
    fails leaves an invalid index to drop. Put the index in its own migration.

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
    - [PostgreSQL: Building indexes concurrently](https://www.postgresql.org/docs/current/sql-createindex.html#SQL-CREATEINDEX-CONCURRENTLY)
    - [Django: Concurrent index operations](https://docs.djangoproject.com/en/stable/ref/contrib/postgres/operations/#concurrent-index-operations)
    - [Alembic: `create_index()`](https://alembic.sqlalchemy.org/en/latest/ops.html#alembic.operations.Operations.create_index)
    """

    code = "ORM603"
    name = "non-concurrent-index"
    family = "migrations"
    severity = "warning"
    orms = ("alembic", "django")
    fix_safety = "none"
    summary = "PostgreSQL index built without CONCURRENTLY, or CONCURRENTLY inside a transaction"
    prefilter = ("create_index", "AddIndex", "IndexConcurrently", "INDEX", "index")
    skip_roles = NON_PRODUCTION | {"shipped-migration"}
    only_roles = frozenset({"migration"})

    def visit_Module(self, node: cst.Module) -> None:
        fact = self.ctx.index.migrations.get(self.ctx.path)
        self.postgres = self.ctx.index.migrations.is_postgres(fact)
        if is_alembic_revision(node):
            self._check_alembic(module_functions(node)["upgrade"])
        else:
            self._check_django(node)

    # -- Alembic -------------------------------------------------------------------
    def _check_alembic(self, upgrade: cst.FunctionDef) -> None:
        calls = list(iter_op_calls(upgrade, self.ctx.imports))
        new_tables = created_tables(calls, self.ctx.imports)
        for found in calls:
            if found.method == "create_index":
                concurrent = is_name(found.args.get("postgresql_concurrently"), "True")
                self._check_build(found.call, concurrent, found.in_autocommit, string_value(found.table), new_tables,
                                  f"{found.method}()")
            elif found.method == "execute":
                sql = sql_text(found.args.get("sqltext"), self.ctx.imports)
                for statement in self._index_statements([sql] if sql else None):
                    self._check_build(found.call, bool(statement.args.get("concurrently")), found.in_autocommit,
                                      _index_table(statement), new_tables, "CREATE INDEX")

    def _check_build(self, node, concurrent: bool, autocommit: bool, table: str | None, new_tables: set[str], what: str):
        if concurrent and not autocommit:
            self.report(
                node,
                f"{what} builds the index CONCURRENTLY inside the migration's transaction: PostgreSQL refuses "
                f"(CREATE INDEX CONCURRENTLY cannot run inside a transaction block); run it under {AUTOCOMMIT}",
                severity="error",
            )
        elif not concurrent and self.postgres and table not in new_tables:
            self.report(
                node,
                f"{what} on existing table {table!r} locks it against writes for the whole build on PostgreSQL, "
                f"and the build takes longer the more rows {table!r} holds; pass postgresql_concurrently=True "
                f"under {AUTOCOMMIT}",
            )

    # -- Django --------------------------------------------------------------------
    def _check_django(self, module: cst.Module) -> None:
        cls = django_migration_class(module, self.ctx.imports)
        if cls is None:
            return
        attributes = class_attributes(cls)
        atomic = not is_name(attributes.get("atomic"), "False")
        fresh = on_fresh_tables(attributes)
        operations = django_operations(module, self.ctx.imports)
        # a 0002 makemigrations split off a first install is ``initial`` (``fresh``); one that is not, after it, is a
        # change of its own (its indexes are no part of the split: AddIndex came after Django marked splits initial)
        new_models: set[str | None] = {model_key(args.get("name")) for _, name, args, _ in operations
                                       if name == "CreateModel"}
        new_tables = self._created_tables(operations, new_models)
        unmanaged = self.ctx.index.migrations.unmanaged_models(self.ctx.path)  # Django runs no SQL for them
        for call, name, args, scope in operations:
            if scope == "state":
                continue
            if name in ("AddIndexConcurrently", "RemoveIndexConcurrently") and atomic:
                self.report(
                    call,
                    f"{name} in a migration without `atomic = False`: PostgreSQL refuses to build or drop an index "
                    "CONCURRENTLY inside the migration's transaction; set `atomic = False` on the Migration",
                    severity="error",
                )
            elif name == "AddIndex" and self.postgres and not fresh \
                    and model_key(args.get("model_name")) not in new_models | unmanaged:
                model = model_key(args.get("model_name")) or ""
                table = django_table(self.ctx.index.models, self.ctx.path, model)
                self.report(
                    call,
                    f"AddIndex on existing model {string_value(args.get('model_name'))!r} (table {table!r}) locks the "
                    "table against writes for the whole build on PostgreSQL, and the build takes longer the more "
                    "rows it holds; use AddIndexConcurrently (django.contrib.postgres.operations) in a migration "
                    "with `atomic = False`",
                )
            elif name == "RunSQL":
                for statement in self._index_statements(sql_literals(args.get("sql"))):
                    table = _index_table(statement)
                    if statement.args.get("concurrently") and atomic:
                        self.report(
                            call,
                            "RunSQL runs CREATE INDEX CONCURRENTLY in a migration without `atomic = False`: PostgreSQL "
                            "refuses it inside a transaction block; set `atomic = False` on the Migration",
                            severity="error",
                        )
                    elif not statement.args.get("concurrently") and self.postgres and not fresh and table not in new_tables:
                        self.report(
                            call,
                            f"RunSQL runs CREATE INDEX on {table!r} without CONCURRENTLY: it locks the table against "
                            "writes for the whole build on PostgreSQL, and the build takes longer the more rows it "
                            "holds; use CREATE INDEX CONCURRENTLY with `atomic = False`",
                        )

    def _created_tables(self, operations, new_models: set[str | None]) -> set[str | None]:
        """Tables the migration creates: its models' tables and
        ``CREATE TABLE``/``CREATE MATERIALIZED VIEW`` statements of its ``RunSQL``."""
        tables: set[str | None] = {django_table(self.ctx.index.models, self.ctx.path, m) for m in new_models if m}
        for _, name, args, _ in operations:
            if name == "CreateModel":
                options = args.get("options")
                for element in options.elements if isinstance(options, cst.Dict) else ():
                    if isinstance(element, cst.DictElement) and string_value(element.key) == "db_table":
                        tables.add(string_value(element.value))
            elif name == "RunSQL":
                for text in sql_literals(args.get("sql")) or []:
                    tables |= created_tables_of_sql(text)
        return tables

    @staticmethod
    def _index_statements(sql: list[str] | None):
        for text in sql or []:
            for statement in parse_sql(text, "postgres") or []:
                if is_create_index(statement):
                    yield statement

    VALID = [
        Example(
            """
            from alembic import op
            import sqlalchemy as sa
            from sqlalchemy.dialects import postgresql

            revision = "b2"
            down_revision = "a1"

            def upgrade():
                op.create_table("tags", sa.Column("id", sa.Integer()), sa.Column("data", postgresql.JSONB()))
                op.create_index("ix_tags_data", "tags", ["data"], postgresql_using="gin")
                with op.get_context().autocommit_block():
                    op.create_index("ix_orders_user", "orders", ["user_id"], postgresql_concurrently=True)
            """,
            path="migrations/versions/b2_index.py",
        ),
        Example(
            """
            from alembic import op

            revision = "b2"
            down_revision = "a1"

            def upgrade():
                op.create_index("ix_orders_user", "orders", ["user_id"])
            """,
            path="migrations/versions/b2_index.py",
        ),
        Example(
            """
            from django.contrib.postgres.operations import AddIndexConcurrently
            from django.db import migrations, models

            class Migration(migrations.Migration):
                atomic = False
                operations = [
                    AddIndexConcurrently("order", models.Index(fields=["user"], name="order_user_idx")),
                ]
            """,
            path="shop/migrations/0004_index.py",
        ),
    ]
    INVALID = [
        Example(
            """
            from alembic import op
            from sqlalchemy.dialects import postgresql

            revision = "b2"
            down_revision = "a1"

            def upgrade():
                op.create_index("ix_orders_user", "orders", ["user_id"])
                op.create_index("ix_orders_day", "orders", ["day"], postgresql_concurrently=True)
            """,
            path="migrations/versions/b2_index.py",
            lines=(8, 9),
            message="the build takes longer the more rows 'orders' holds",
        ),
        Example(
            """
            from django.db import migrations, models

            class Migration(migrations.Migration):
                operations = [
                    migrations.AddIndex("order", models.Index(fields=["user"], name="order_user_idx")),
                ]
            """,
            path="shop/migrations/0004_index.py",
            files={"config/settings.py": 'DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql"}}\n'},
            lines=(5,),
            message="AddIndex on existing model 'order' (table 'shop_order') locks the table against",
        ),
    ]
