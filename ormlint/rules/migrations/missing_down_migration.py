"""ORM601 missing-down-migration."""

from __future__ import annotations

import re

import libcst as cst
from libcst.metadata import PositionProvider

from ormlint.api import CstFix, Example, Option, Related, Rule
from ormlint.core.roles import NON_PRODUCTION
from ormlint.orms.django import DJANGO
from ormlint.orms.migration_ops import (
    MIGRATIONS,
    NotInvertible,
    UpgradeInverter,
    append_keyword,
    batch_table,
    changes_schema,
    column_call,
    column_name,
    django_operation,
    does_nothing,
    django_operations,
    find_arg,
    has_star_args,
    in_state_operations,
    is_alembic_revision,
    is_autocommit_block,
    is_docstring_statement,
    is_name,
    is_noop_statement,
    is_yoyo_step,
    iter_op_calls,
    model_key,
    module_assignments,
    module_functions,
    only_raises,
    op_method,
    replace_arg_value,
    reverse_sql_literals,
    sql_literals,
    sql_node,
    string_value,
)
from ormlint.orms.run_python import Write, function_writes, models_used, run_python_function
from ormlint.syntax.names import dotted_name


_REMOVALS = frozenset({"drop_table", "drop_column", "drop_index", "drop_constraint"})
_KEEPS = frozenset({"alter_column", "batch_alter_table"})  # downgrade operations that neither create nor run SQL
_NAMED_CREATIONS = frozenset({"create_index", "create_unique_constraint", "create_foreign_key",
                              "create_check_constraint", "create_primary_key"})


def _plain_operations(function: cst.FunctionDef, imports) -> list | None:
    """The Alembic operations of ``function`` when its body holds nothing else (docstrings, ``pass``, operation
    calls, ``batch_alter_table``/``autocommit_block`` blocks of them); None otherwise."""
    def plain(statements, batch: str | None) -> bool:
        for stmt in statements:
            if is_noop_statement(stmt):
                continue
            if isinstance(stmt, cst.With):
                inner = batch_table(stmt, imports)
                if inner is None and not is_autocommit_block(stmt) or not isinstance(stmt.body, cst.IndentedBlock) \
                        or not plain(stmt.body.body, inner[0] if inner else batch):
                    return False
            elif not (isinstance(stmt, cst.SimpleStatementLine) and all(
                    isinstance(small, cst.Expr) and isinstance(small.value, cst.Call) and (
                        op_method(small.value, imports) is not None or batch is not None and isinstance(
                            small.value.func, cst.Attribute) and is_name(small.value.func.value, batch))
                    for small in stmt.body)):
                return False
        return True

    if not isinstance(function.body, cst.IndentedBlock) or not plain(function.body.body, None):
        return None
    return list(iter_op_calls(function, imports))


def _is_name_call(call: cst.Call) -> bool:
    """``op.f("ix_orders_user")``: a name, not an operation."""
    return isinstance(call.func, cst.Attribute) and call.func.attr.value == "f"


def _strings(node: cst.BaseExpression | None) -> list[str]:
    """The strings of a list or tuple literal (``["user_id", "day"]``); [] for anything else."""
    if not isinstance(node, (cst.List, cst.Tuple)):
        return []
    return [v for v in (string_value(e.value) for e in node.elements) if v is not None]


def _name(node: cst.BaseExpression | None) -> str | None:
    """A table, index or constraint name written out: a string, or ``op.f("name")``."""
    if isinstance(node, cst.Call) and _is_name_call(node) and node.args:
        return string_value(node.args[0].value)
    return string_value(node)


class MissingDownMigration(Rule):
    """
    ## What it does
    Flags migrations that cannot be rolled back:

    - an Alembic revision (a module with `revision` and `down_revision`, wherever it
      lives) whose `upgrade()` does something and whose `downgrade()` is missing, only
      raises, or holds only `pass`/a docstring/comments/`...`/a guard while `upgrade()`
      changes the schema, itself or through a function of the revision's module it calls
      (also each `upgrade_<engine>()`/`downgrade_<engine>()` pair of the
      multidb template);
    - an Alembic `downgrade()` that undoes only part of its `upgrade()`: a table, column, index
      or named constraint the upgrade creates that the downgrade neither drops nor takes away
      with its table (an index or constraint also goes with one of its columns). Read only
      where both functions are plain operations with their names written out (`op.f("ix_...")`
      included) and the upgrade renames nothing: a downgrade that runs SQL, branches, loops or
      calls a helper may undo the rest its own way;
    - a Django `RunPython` without `reverse_code` or `RunSQL` without `reverse_sql`
      (positional or keyword, `None` counts as missing), also inside
      `SeparateDatabaseAndState(database_operations=[...])`;
    - a yoyo `step()` without a rollback.

    What is not reported: a placeholder whose upgrade does nothing (only `pass`, docstrings,
    or a guard such as `if dialect != "postgresql": return`), `RunPython` of a function that
    does nothing and `RunSQL("")`; an Alembic data migration (`op.execute` of
    `UPDATE`/`INSERT`/`DELETE`, `bulk_insert`, statements run on `op.get_bind()`) whose
    `downgrade()` is written as a no-op: there is no schema change to undo and the no-op says
    so (without any `downgrade()`, `alembic downgrade` fails: that is reported). PostgreSQL
    cannot drop an enum value, so `ALTER TYPE ... ADD VALUE` counts as data. A Django or yoyo
    migration gets one finding, at its first irreversible operation, with the others as
    related locations.

    ## Why is this bad?
    A migration without a down step is a one-way door: `alembic downgrade` "succeeds"
    while leaving the upgrade's tables and columns behind (the schema no longer matches
    the revision), Django's `migrate app 0005` stops with `IrreversibleError`, and a
    yoyo rollback skips the step. The moment you need to roll back a bad deploy is the
    worst moment to write it.

    ## Example
    ```python
    revision = "3f2a"
    down_revision = "1a2b"

    def upgrade():
        op.add_column("orders", sa.Column("discount_code", sa.String(50)))
        op.create_index("ix_orders_discount_code", "orders", ["discount_code"])

    def downgrade():
        pass
    ```

    ## Use instead
    ```python
    def downgrade():
        op.drop_index("ix_orders_discount_code", table_name="orders")
        op.drop_column("orders", "discount_code")
    ```
    and `migrations.RunPython(forwards, reverse_code=backwards)` (or
    `migrations.RunPython.noop` when the rollback drops all `forwards` wrote),
    `migrations.RunSQL(sql, reverse_sql=...)`, `step(apply_sql, rollback_sql)`.

    A deliberately forward-only project turns the rule off, or sets
    `allow-irreversible = true` to accept a `downgrade()` that raises (a documented
    one-way revision). An Alembic graph is read as forward-only by policy when at least
    three of the revisions before a new one change the database and none of them has a
    downgrade that does anything: the new revision, following that policy, is not reported.

    ## Fix safety
    Unsafe: review the generated code. A downgrade that undoes only part of its upgrade gets no
    fix: the finding names what is left, and where each is created.

    - Alembic: `downgrade()` is generated from `upgrade()` — inverse operations in
      reverse order: `add_column`→`drop_column`, `create_table`→`drop_table`,
      `create_index`→`drop_index`, `create_foreign_key`/`create_unique_constraint`/
      `create_check_constraint`/`create_primary_key`→`drop_constraint` with its
      `type_`, `rename_table` and `alter_column(new_column_name=...)` reversed,
      `alter_column` changes reversed when `existing_*` arguments give the old state,
      `batch_alter_table` and `autocommit_block` blocks inverted inside the same block,
      and `op.execute` of simple DDL reversed with sqlglot. Any other operation (a
      `drop_*`, data changes, Python logic) leaves the fix out and the message names it.
      Dropping a table or column loses its data: that is what undoing its creation means.
    - Django `RunPython`: `reverse_code=migrations.RunPython.noop` is added only where
      doing nothing really undoes the forward function: it only reads, or writes only what
      the same migration adds before it (rows of a `CreateModel` table, values of an
      `AddField` column), which the rollback drops. Where it creates rows in, updates or
      deletes rows of a table that exists before the migration (or does what ormlint cannot
      follow: raw SQL, `call_command`, other functions), `noop` would let the rollback
      "succeed" and leave that data behind (and the next forward run repeat it): no fix, and
      the message names each write and its line so that the reverse function can be written.
      A `save()` without `update_fields` counts as writing every column back unless the
      model (in the project) has no `auto_now` field (a save() would change it). Nor is
      `noop` offered where the function reads a model whose field (`RemoveField`) or table
      (`DeleteModel`) the same migration removes after it: migrating back re-creates it
      empty, and only a reverse function can restore it.
    - Django `RunSQL` and yoyo steps: `reverse_sql`/the rollback is derived with
      sqlglot for simple DDL (`CREATE INDEX`→`DROP INDEX`, `ADD COLUMN`→`DROP
      COLUMN`, `CREATE TABLE`→`DROP TABLE`). Other SQL gets no fix — not
      `RunSQL.noop`, which would let a backwards migration "succeed" while the SQL's
      effect stays and the next forward run fails on it.

    ## Options
    - `allow-irreversible` (bool, default `false`): accept an Alembic `downgrade()` that only raises
      (a documented one-way revision).

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
    - [Alembic: Downgrading](https://alembic.sqlalchemy.org/en/latest/tutorial.html#downgrading)
    - [Django: `RunPython`](https://docs.djangoproject.com/en/stable/ref/migration-operations/#runpython)
    - [Django: `RunSQL`](https://docs.djangoproject.com/en/stable/ref/migration-operations/#runsql)
    - [yoyo-migrations](https://ollycope.com/software/yoyo/latest/)
    """

    code = "ORM601"
    name = "missing-down-migration"
    family = "migrations"
    severity = "warning"
    orms = ("alembic", "django", "yoyo")
    fix_safety = "unsafe"
    summary = "Migration without a working down step (Alembic downgrade, RunPython/RunSQL reverse, yoyo rollback)"
    prefilter = ("down_revision", "RunPython", "RunSQL", MIGRATIONS.yoyo)
    skip_roles = NON_PRODUCTION | {"shipped-migration"}
    only_roles = frozenset({"migration"})
    options = {
        "allow-irreversible": Option(
            bool, False, "accept an Alembic downgrade() that only raises (a documented one-way revision)"
        ),
    }

    # -- Alembic ---------------------------------------------------------------------
    def visit_Module(self, node: cst.Module) -> None:
        self.irreversible: list[tuple[cst.Call, str, CstFix | None]] = []  # Django operations, yoyo steps
        if not is_alembic_revision(node) or self.ctx.index.migrations.forward_only(self.ctx.path):
            return
        functions = module_functions(node)
        revision = string_value(module_assignments(node).get("revision"))
        which = f"Alembic revision {revision!r}" if revision else "this Alembic revision"
        # upgrade()/downgrade(), and the per-database pairs of the multidb template, whose
        # upgrade(engine_name) dispatches to upgrade_engine1()/downgrade_engine1(), ...
        multidb = any(p.name.value == "engine_name" for p in functions["upgrade"].params.params)
        for up_name in [n for n in functions if n == "upgrade" or (multidb and n.startswith("upgrade_"))]:
            down_name = "downgrade" + up_name[len("upgrade"):]
            self._check_pair(node, functions[up_name], functions.get(down_name), down_name, which)

    def _check_pair(self, module, upgrade, downgrade, down_name: str, which: str) -> None:
        up_name = upgrade.name.value
        if does_nothing(upgrade):  # a placeholder (merge point, emptied migration, guard only)
            return
        if downgrade is not None and does_nothing(downgrade) and not changes_schema(upgrade, module, self.ctx.imports):
            return  # a data migration whose downgrade is a deliberate no-op
        if downgrade is not None and not does_nothing(downgrade):
            if only_raises(downgrade):
                if not self.opts["allow-irreversible"]:
                    self.report(
                        downgrade.name,
                        f"{down_name}() of {which} only raises: the revision cannot be rolled back; "
                        f"write the inverse of {up_name}() (or set allow-irreversible for a forward-only project)",
                    )
            else:
                self._check_partial(upgrade, downgrade, which)
            return
        statements, missing = self._inverse(module, upgrade)
        fix = None
        if statements:
            replacement = self._replacement(module, upgrade, downgrade, down_name, statements)
            fix = CstFix("unsafe", f"generate {down_name}() from {up_name}()", replacement)
        note = f" (no automatic fix: what would undo `{missing}` is not written in this revision)" if missing else ""
        if downgrade is None:
            self.report(
                upgrade.name,
                f"{which} has no {down_name}(): `alembic downgrade` cannot undo {up_name}(); "
                f"add a {down_name}() with the inverse operations{note}",
                fix=fix,
            )
        else:
            self.report(
                downgrade.name,
                f"{down_name}() of {which} does nothing while {up_name}() changes the database: a rollback "
                f"would leave the upgrade's changes in place; write the inverse operations{note}",
                fix=fix,
            )

    def _check_partial(self, upgrade: cst.FunctionDef, downgrade: cst.FunctionDef, which: str) -> None:
        """A downgrade that undoes only part of what its upgrade creates: a table, column, index or named
        constraint it neither drops nor takes away with its table (or, for an index or constraint, with one
        of its columns). Read only where both are plain operations with names written out: a downgrade that
        runs SQL, a branch, a loop or a helper may undo the rest its own way."""
        ups, downs = _plain_operations(upgrade, self.ctx.imports), _plain_operations(downgrade, self.ctx.imports)
        if ups is None or downs is None or any(o.method == "rename_table" or "new_column_name" in o.args for o in ups) \
                or any(o.method not in _REMOVALS | _KEEPS for o in downs):
            return
        tables = {_name(o.table) for o in downs if o.method == "drop_table"}
        columns = {(_name(o.table), string_value(o.args.get("column_name"))) for o in downs if o.method == "drop_column"}
        names = {_name(o.args.get("index_name") or o.args.get("constraint_name")) for o in downs
                 if o.method in ("drop_index", "drop_constraint")}
        left = []
        for created in ups:
            table = _name(created.table)
            if table is None or table in tables:
                continue
            if created.method == "add_column":
                column = column_call(created.args.get("column"), self.ctx.imports)
                name = column_name(column) if column is not None else None
                if name is not None and (table, name) not in columns:
                    left.append((created, f"column {table}.{name}"))
            elif created.method in _NAMED_CREATIONS:
                name = _name(created.args.get("index_name") or created.args.get("constraint_name"))
                on = _strings(created.args.get("columns") or created.args.get("local_cols")) or re.findall(
                    r"\w+", self._code(created.args.get("condition")))  # a check's condition names its columns
                dropped = name in names or any(d.endswith(f"_{name}") for d in names if d)  # ck_<table>_<name>
                if name is not None and not dropped and not any((table, c) in columns for c in on):
                    kind = "index" if created.method == "create_index" else "constraint"
                    left.append((created, f"{kind} {name!r} on {table}"))
            elif created.method == "create_table":
                left.append((created, f"table {table}"))
        if not left:
            return
        (_, what), *others = left
        more = f" (and {len(others)} more)" if others else ""
        self.report(
            downgrade.name,
            f"{downgrade.name.value}() of {which} leaves {what}{more} that {upgrade.name.value}() creates: after "
            "`alembic downgrade` the schema matches neither revision and the next upgrade fails on what is "
            f"left; undo it in {downgrade.name.value}()",
            related=[Related(call.call, f"{text} is created here") for call, text in left],
        )

    def _code(self, node: cst.CSTNode | None) -> str:
        return self.ctx.module.code_for_node(node) if node is not None else ""

    def _inverse(self, module: cst.Module, upgrade: cst.FunctionDef) -> tuple[list[cst.BaseStatement], str | None]:
        try:
            return UpgradeInverter(module, self.ctx.imports).invert_body(upgrade.body.body), None
        except NotInvertible as exc:
            return [], str(exc)

    @staticmethod
    def _replacement(module, upgrade, downgrade, down_name, statements):
        if downgrade is None:
            new_function = upgrade.with_changes(
                name=cst.Name(down_name), decorators=(), body=cst.IndentedBlock(body=statements),
                leading_lines=[cst.EmptyLine(), cst.EmptyLine()],
            )
            body = list(module.body)
            position = next(i for i, stmt in enumerate(body) if stmt is upgrade)
            body.insert(position + 1, new_function)
            return [(module, module.with_changes(body=body))]
        old = list(downgrade.body.body)
        docstrings = []
        while old and is_docstring_statement(old[0]):
            docstrings.append(old.pop(0))
        first_removed = next((s for s in old if is_noop_statement(s)), None)
        if first_removed is not None and isinstance(first_removed, cst.SimpleStatementLine):
            statements = [statements[0].with_changes(leading_lines=first_removed.leading_lines), *statements[1:]]
        block = downgrade.body if isinstance(downgrade.body, cst.IndentedBlock) else cst.IndentedBlock(body=[])
        return [(downgrade, downgrade.with_changes(body=block.with_changes(body=[*docstrings, *statements])))]

    # -- Django and yoyo ---------------------------------------------------------------
    def visit_Call(self, node: cst.Call) -> None:
        operation = django_operation(node, self.ctx.imports)
        if operation == "RunPython":
            self._check_django(node, "reverse_code", "migrations.RunPython", self._run_python_advice)
        elif operation == "RunSQL":
            self._check_django(node, "reverse_sql", "migrations.RunSQL", self._run_sql_advice)
        elif is_yoyo_step(node, self.ctx.imports):
            self._check_yoyo(node)

    def leave_Module(self, original_node: cst.Module) -> None:
        """One finding per migration: its first irreversible operation, the others as related
        locations, and one fix holding every operation's fix."""
        if not self.irreversible:
            return
        (node, message, fix), *others = self.irreversible
        if others:
            message += f"; {len(others)} more operation{'s' if len(others) > 1 else ''} of this migration cannot be undone either"
            fixes = [f for _, _, f in self.irreversible if f is not None]
            fix = CstFix(
                "unsafe", "; ".join(dict.fromkeys(f.description for f in fixes)),
                [r for f in fixes for r in f.replacements], [i for f in fixes for i in f.imports],
            ) if fixes else None
        self.report(node, message, fix=fix, related=[Related(other, text) for other, text, _ in others])

    def _is_placeholder(self, node: cst.Call, operation: str) -> bool:
        """``RunPython`` of a function that does nothing (or of ``RunPython.noop``), ``RunSQL("")``:
        the migration keeps its place in the graph and changes nothing."""
        forward = find_arg(node, 0, "code" if operation == "RunPython" else "sql")
        value = forward.value if forward is not None else None
        if isinstance(value, cst.Attribute) and value.attr.value == "noop":
            return True
        if operation == "RunPython":
            function = module_functions(self.ctx.module).get(value.value) if isinstance(value, cst.Name) else None
            return function is not None and does_nothing(function)
        sql = sql_literals(value)
        return sql is not None and not any(text.strip() for text in sql)

    def _check_django(self, node: cst.Call, reverse: str, shown: str, advise) -> None:
        """Record the operation when it lacks ``reverse``; ``advise(node, given)`` says what to
        pass instead and offers the fix that can be offered."""
        if has_star_args(node) or in_state_operations(self.ancestors, self.ctx.imports):
            return
        if self._is_placeholder(node, shown.rsplit(".", 1)[-1]):
            return
        given = find_arg(node, 1, reverse)
        if given is not None and not is_name(given.value, "None"):
            return
        advice, fix = advise(node, given)
        self.irreversible.append(
            (node, f"{shown}() without {reverse}: migrating backwards raises IrreversibleError; {advice}", fix)
        )

    def _run_sql_advice(self, node: cst.Call, given: cst.Arg | None) -> tuple[str, CstFix | None]:
        return ("pass reverse_sql= with the SQL that undoes it (`migrations.RunSQL.noop` only when nothing "
                "needs undoing)", self._sql_fix("reverse_sql")(node, given))

    def _run_python_advice(self, node: cst.Call, given: cst.Arg | None) -> tuple[str, CstFix | None]:
        """``RunPython.noop`` is offered only where it is a true inverse: the forward function only
        reads, or writes only what the rollback of this migration drops anyway. Otherwise the
        advice names what the rollback would leave behind."""
        code = find_arg(node, 0, "code")
        functions = module_functions(self.ctx.module)
        function = run_python_function(node, code.value if code else None, functions)
        if code is not None and isinstance(code.value, cst.Lambda):
            name = "its lambda"
        else:
            name = f"{dotted_name(code.value) or 'its function'}()" if code else "its function"
        if function is None:
            return (f"pass reverse_code= with a function that undoes {name} (ormlint cannot read {name}, so it "
                    "cannot tell whether `migrations.RunPython.noop` would)", None)
        writes = function_writes(function, functions)
        before, after = self._operations_around(node)
        kept = [write for write in writes if not self._rolled_back(write, *self._added(before))]
        if kept:
            return (f"`migrations.RunPython.noop` would not undo {name}, which changes data the rollback keeps: "
                    f"{self._describe(kept)}; pass reverse_code= with a function that undoes them", None)
        removed = self._removed(after, models_used(function))
        if removed:
            return (f"`migrations.RunPython.noop` would lose data: {name} reads what this migration then removes "
                    f"({removed}); migrating back re-creates it empty, so pass reverse_code= with a function "
                    "that restores it", None)
        reads = "only reads" if not writes else "only writes what this migration adds (the rollback drops it)"
        noop = cst.Attribute(value=node.func, attr=cst.Name("noop"))
        new = replace_arg_value(node, given, noop) if given else append_keyword(node, "reverse_code", noop)
        return (f"{name} {reads}, so pass reverse_code=migrations.RunPython.noop",
                CstFix("unsafe", f"add reverse_code=RunPython.noop ({name} {reads})", [(node, new)]))

    def _rolled_back(self, write: Write, created: set[str], added: set[tuple[str, str]]) -> bool:
        """Whether the rollback itself removes what ``write`` wrote: rows of a ``created`` table, or
        values of an ``added`` column."""
        if write.model is None:
            return False
        if write.model in created:
            return True
        if write.kind != "updated" or not write.fields:
            return False
        if not all((write.model, f) in added or (write.model, f.removesuffix("_id")) in added for f in write.fields):
            return False
        return not write.saves_all or self._without_auto_now(write.label)

    def _operations_around(self, node: cst.Call) -> tuple[list, list]:
        """The migration's database operations before ``node`` and after it, as
        ``(call, operation, arguments)``; none when ``node`` is not among them."""
        before: list = []
        after: list = []
        seen = False
        for call, operation, args, scope in django_operations(self.ctx.module, self.ctx.imports):
            if call is node:
                seen = True
            elif scope != "state":
                (after if seen else before).append((call, operation, args))
        return (before, after) if seen else ([], [])

    @staticmethod
    def _added(before: list) -> tuple[set[str], set[tuple[str, str]]]:
        """Models created and (model, field) pairs added by ``before``: the rollback drops them."""
        created: set[str] = set()
        added: set[tuple[str, str]] = set()
        for _, operation, args in before:
            if operation == "CreateModel" and model_key(args.get("name")):
                created.add(model_key(args.get("name")))
            elif operation == "AddField" and model_key(args.get("model_name")) and string_value(args.get("name")):
                added.add((model_key(args.get("model_name")), string_value(args.get("name"))))
        return created, added

    def _removed(self, after: list, models: dict[str, str]) -> str:
        """Fields and models of ``models`` that operations ``after`` the RunPython remove, with lines."""
        lines = self.ctx.metadata(PositionProvider)
        parts = []
        for call, operation, args in after:
            if operation == "RemoveField" and model_key(args.get("model_name")) in models:
                label = models[model_key(args.get("model_name"))]
                parts.append(f"{label}.{string_value(args.get('name')) or '?'} by RemoveField, line {lines[call].start.line}")
            elif operation == "DeleteModel" and model_key(args.get("name")) in models:
                parts.append(f"{models[model_key(args.get('name'))]} by DeleteModel, line {lines[call].start.line}")
        return "; ".join(parts)

    def _without_auto_now(self, label: str) -> bool:
        """The project's model of that name has no ``auto_now`` field (a ``save()`` changes those)."""
        models = [c for c in self.ctx.index.models.by_name.get(label, []) if self.ctx.index.models.orm_of(c) == DJANGO.name]
        return bool(models) and not any(f.auto_now for c in models for f in c.fields)

    def _describe(self, writes: list[Write]) -> str:
        lines = self.ctx.metadata(PositionProvider)
        parts: dict[str, list[int]] = {}
        for write in writes:
            if write.kind == "created":
                what = f"rows created in {write.label}"
            elif write.kind == "deleted":
                what = f"rows deleted from {write.label}"
            elif write.kind == "updated" and write.saves_all:
                what = f"rows of {write.label} written back whole by {write.what} (pass update_fields=[...])"
            elif write.kind == "updated":
                changed = f" ({', '.join(sorted(write.fields))})" if write.fields else ""
                what = f"rows updated in {write.label}{changed}"
            else:
                what = write.what
            parts.setdefault(what, []).append(lines[write.node].start.line)
        return "; ".join(f"{what} (line{'s' if len(at) > 1 else ''} {', '.join(map(str, sorted(set(at))))})"
                         for what, at in parts.items())

    @staticmethod
    def _sql_fix(reverse: str):
        def make(node: cst.Call, given: cst.Arg | None) -> CstFix | None:
            forward = find_arg(node, 0, "sql" if reverse == "reverse_sql" else "apply")
            sql = sql_literals(forward.value) if forward else None
            undo = reverse_sql_literals(sql) if sql else None
            if not undo:
                return None
            value = sql_node(undo, isinstance(forward.value, (cst.List, cst.Tuple)))
            new = replace_arg_value(node, given, value) if given else append_keyword(node, reverse, value)
            return CstFix("unsafe", f"add {reverse} derived from the SQL", [(node, new)])

        return make

    def _check_yoyo(self, node: cst.Call) -> None:
        if has_star_args(node):
            return
        given = find_arg(node, 1, "rollback")
        if given is not None and not is_name(given.value, "None"):
            return
        self.irreversible.append((
            node,
            "yoyo step() without a rollback: `yoyo rollback` cannot undo it; pass the SQL "
            "(or function) that reverses the step as its second argument",
            self._sql_fix("rollback")(node, given),
        ))

    VALID = [
        Example(
            """
            from alembic import op
            import sqlalchemy as sa

            revision = "b2"
            down_revision = "a1"

            def upgrade():
                op.add_column("orders", sa.Column("code", sa.String(50)))

            def downgrade():
                op.drop_column("orders", "code")
            """,
            path="migrations/versions/b2_code.py",
        ),
        Example(
            '''
            revision = "c3"
            down_revision = "b2"

            def upgrade():
                """Merge heads."""
                pass

            def downgrade():
                pass
            ''',
            path="migrations/versions/c3_merge.py",
        ),
        """
        from django.db import migrations

        class Migration(migrations.Migration):
            operations = [
                migrations.RunPython(forwards, migrations.RunPython.noop),
                migrations.RunSQL("CREATE INDEX i ON t (a)", reverse_sql="DROP INDEX i"),
                migrations.SeparateDatabaseAndState(state_operations=[migrations.RunSQL("SELECT 1")]),
            ]
        """,
        """
        from yoyo import step

        steps = [step("CREATE TABLE t (id INT)", "DROP TABLE t")]
        """,
    ]
    INVALID = [
        Example(
            '''
            from alembic import op
            import sqlalchemy as sa

            revision = "b2"
            down_revision = "a1"


            def upgrade():
                op.add_column("orders", sa.Column("code", sa.String(50)))
                op.create_index("ix_orders_code", "orders", ["code"])


            def downgrade():
                """Downgrade schema."""
                pass
            ''',
            path="migrations/versions/b2_code.py",
            lines=(13,),
            fixed='''
            from alembic import op
            import sqlalchemy as sa

            revision = "b2"
            down_revision = "a1"


            def upgrade():
                op.add_column("orders", sa.Column("code", sa.String(50)))
                op.create_index("ix_orders_code", "orders", ["code"])


            def downgrade():
                """Downgrade schema."""
                op.drop_index("ix_orders_code", table_name="orders")
                op.drop_column("orders", "code")
            ''',
            message="downgrade() of Alembic revision 'b2' does nothing while",
        ),
        Example(
            """
            from django.db import migrations, models

            def backfill_slugs(apps, schema_editor):
                Product = apps.get_model("shop", "Product")
                for product in Product.objects.all():
                    product.slug = product.name.lower()
                    product.save(update_fields=["slug"])

            class Migration(migrations.Migration):
                operations = [
                    migrations.AddField("product", "slug", models.SlugField(null=True)),
                    migrations.RunPython(backfill_slugs),
                ]
            """,
            path="shop/migrations/0002_backfill.py",
            lines=(12,),
            fixed="""
            from django.db import migrations, models

            def backfill_slugs(apps, schema_editor):
                Product = apps.get_model("shop", "Product")
                for product in Product.objects.all():
                    product.slug = product.name.lower()
                    product.save(update_fields=["slug"])

            class Migration(migrations.Migration):
                operations = [
                    migrations.AddField("product", "slug", models.SlugField(null=True)),
                    migrations.RunPython(backfill_slugs, reverse_code=migrations.RunPython.noop),
                ]
            """,
            message="migrations.RunPython() without reverse_code: migrating",
        ),
        Example(
            """
            from django.db import migrations

            def add_defaults(apps, schema_editor):
                Category = apps.get_model("shop", "Category")
                Category.objects.create(name="Uncategorised")

            class Migration(migrations.Migration):
                operations = [
                    migrations.RunPython(add_defaults),
                ]
            """,
            path="shop/migrations/0003_defaults.py",
            lines=(9,),
            message="would not undo add_defaults(), which changes data the rollback keeps: rows created in Category (line 5)",
        ),
        Example(
            """
            from django.db import migrations

            class Migration(migrations.Migration):
                operations = [
                    migrations.RunSQL("CREATE INDEX orders_code ON shop_order (code)"),
                ]
            """,
            path="shop/migrations/0003_index.py",
            lines=(5,),
            fixed="""
            from django.db import migrations

            class Migration(migrations.Migration):
                operations = [
                    migrations.RunSQL("CREATE INDEX orders_code ON shop_order (code)", reverse_sql="DROP INDEX orders_code"),
                ]
            """,
            message="migrations.RunSQL() without reverse_sql: migrating",
        ),
        Example(
            """
            from yoyo import step

            steps = [step("ALTER TABLE orders ADD COLUMN code VARCHAR(50)")]
            """,
            path="migrations/0007_code.py",
            lines=(3,),
            fixed="""
            from yoyo import step

            steps = [step("ALTER TABLE orders ADD COLUMN code VARCHAR(50)", rollback="ALTER TABLE orders DROP COLUMN code")]
            """,
            message="yoyo step() without a rollback: `yoyo rollback` cannot undo",
        ),
    ]
