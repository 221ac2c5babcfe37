"""ORM304 lost-update."""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst

from ormlint.analysis.db_calls import is_session
from ormlint.analysis.transactions import (
    enclosing_transactions,
    in_request_transaction,
    path_to,
)
from ormlint.api import Example, Rule
from ormlint.core.roles import NON_PRODUCTION
from ormlint.orms import ORMS
from ormlint.orms.django import DELETE_SIGNALS, DJANGO, DJANGO_EXTRAS
from ormlint.orms.spec import any_matches
from ormlint.orms.sqlalchemy import SA, SQLALCHEMY, is_sqlalchemy
from ormlint.syntax.names import annotated_type, dotted_name
from ormlint.syntax.walk import descendants
from ormlint.syntax.walk import visit as walk_visit

ARITHMETIC = (cst.AddAssign, cst.SubtractAssign, cst.MultiplyAssign)
BINARY = (cst.Add, cst.Subtract, cst.Multiply)
LOCKS = frozenset(m for spec in ORMS for m in spec.query.locks)
LOCK_KEYWORDS = frozenset(k for spec in ORMS for k in spec.query.lock_keywords)
DJANGO_FETCH = DJANGO.query.single
SA_FETCH = SQLALCHEMY.query.single
INSTANCE_SAVES = frozenset(m for spec in ORMS for w in spec.writes if w.kind == "save" for m in w.methods)
QUERYSET_METHODS = DJANGO.query.same_model  # methods of a queryset that return one
# ORMs whose model classes fetch rows themselves (Peewee, Tortoise, Pony): their class methods that fetch
# one row, and the chains from a class method to one row (``Tweet.select().where(...).get()``)
_CLASS_QUERIES = tuple(spec for spec in ORMS if spec.query.model_single and not spec.managers)
MODEL_FETCH = frozenset(m for spec in _CLASS_QUERIES for m in spec.query.model_single)
MODEL_QUERY_FETCH = frozenset((start, single) for spec in _CLASS_QUERIES
                              for start in spec.query.starts for single in spec.query.single)
# Calls that evaluate a queryset (a select_for_update() built here and run here).
EVALUATING = DJANGO.query.single | DJANGO.query.aggregates | DJANGO.query.rows | (
    DJANGO.query.executes - DJANGO.hooks.queryset_methods - {"create"})
NON_NUMERIC = (cst.SimpleString, cst.ConcatenatedString, cst.FormattedString, cst.List, cst.Tuple,
               cst.Dict, cst.Set, cst.ListComp, cst.DictComp, cst.SetComp)


@dataclass
class _Read:
    position: int
    locked: bool | None  # None: not an ORM read of one row
    value: cst.CSTNode | None


class LostUpdate(Rule):
    """
    ## What it does
    Flags a read-modify-write of a numeric column: a row read by the ORM
    (`Model.objects.get()`, `get_object_or_404()`, `session.get()` — also `db.get(Model, pk)` and a
    parameter annotated `Session`/`AsyncSession` in FastAPI/SQLModel code —
    `session.query(M)....first()`, `session.scalars(select(M)...).one()`, Peewee
    `M.get()`, Tortoise `await M.get()`) whose attribute is changed from its own value
    (`acct.balance -= amount`, `p.views = p.views + 1`) and then saved or committed,
    without a row lock on the read. Also flags a Django `select_for_update()` query
    evaluated outside any transaction.

    ## Why is this bad?
    Two requests read the same balance, both subtract, both save: one subtraction is
    lost. A transaction alone does not help (READ COMMITTED reads do not lock). Django's
    `select_for_update()` in autocommit mode raises `TransactionManagementError`, and
    even if it did not, the lock would end with the statement.

    ## Example
    ```python
    acct = Account.objects.get(pk=pk)
    acct.balance -= amount
    acct.save()
    ```

    ## Use instead
    An atomic update, or a locking read inside a transaction:
    ```python
    Account.objects.filter(pk=pk).update(balance=F("balance") - amount)

    acct.balance = F("balance") - amount  # keeps save() and its signals, which update() skips
    acct.save(update_fields=["balance"])

    with transaction.atomic():
        acct = Account.objects.select_for_update().get(pk=pk)
        acct.balance -= amount
        acct.save()
    ```
    SQLAlchemy: `update(Account).values(balance=Account.balance - amount)` or
    `.with_for_update()` on the read; Peewee `.for_update()`; Tortoise
    `select_for_update()` or `F()`.

    Only reads, changes and saves in one function are followed (on any branch: a row
    that is read on one path and created on another is still reported); string, list and
    tuple operands are not arithmetic. A change of an attribute the function set from another
    value on every path before it (`invoice.total = subtotal + tax` ... `invoice.total += fee`)
    works on what it computed, not on what it read. A row of a model mapped with a version counter
    (SQLAlchemy `__mapper_args__ = {"version_id_col": version}`) is locked optimistically: its flush matches the
    version it read and raises `StaleDataError` when another write came first, so it is not reported.
    A read that runs a statement bound before with its lock (`stmt = select(Rule).where(...).with_for_update()`,
    then `session.execute(stmt).scalar_one()`) locks the row.
    `select_for_update()` is reported only where the query
    is evaluated in the same statement, outside any lexical transaction, and the function
    either changes the locked row from its own value and saves it, or is an entry point
    (a view taking `request`, a task) — a helper's callers may hold the transaction, so
    helpers are left alone, as are functions called inside a transaction in the file and
    `pre_delete`/`post_delete` receivers (Django's deletion sends them inside its own atomic block).
    A Django view of a project that sets `ATOMIC_REQUESTS` (a sync function taking `request`, not marked
    `@transaction.non_atomic_requests`) runs in the request's transaction: its `select_for_update()` is
    left alone.

    ## Fix safety
    No fix: an `F()` rewrite leaves an expression on the instance and a queryset
    `update()` skips `save()` and signals.

    ## Where it reports
    | context | reports | why |
    |---|---|---|
    | application code | yes | where requests, jobs and commands run against production data |
    | `migration` | no | a migration runs alone: nothing writes the rows concurrently |
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
    - [Django: `select_for_update()`](https://docs.djangoproject.com/en/stable/ref/models/querysets/#select-for-update)
    - [Django: Avoiding race conditions using `F()`](https://docs.djangoproject.com/en/stable/ref/models/expressions/#avoiding-race-conditions-using-f)
    - [SQLAlchemy: `Select.with_for_update()`](https://docs.sqlalchemy.org/en/20/core/selectable.html#sqlalchemy.sql.expression.Select.with_for_update)
    """

    code = "ORM304"
    name = "lost-update"
    family = "transactions"
    severity = "warning"
    orms = ("django", "sqlalchemy", "sqlmodel", "peewee", "tortoise")
    fix_safety = "none"
    summary = "A numeric column is read, changed from its own value and saved without a lock or atomic update."
    prefilter = (".save(", ".commit(", ".flush(", "select_for_update")
    skip_roles = NON_PRODUCTION | {"migration"}

    VALID = [
        # atomic update with F()
        """
        from django.db.models import F

        def withdraw(pk, amount):
            Account.objects.filter(pk=pk).update(balance=F("balance") - amount)
        """,
        # locking read inside a transaction
        """
        from django.db import transaction

        def withdraw(pk, amount):
            with transaction.atomic():
                acct = Account.objects.select_for_update().get(pk=pk)
                acct.balance -= amount
                acct.save(update_fields=["balance"])
        """,
        # F() assigned on the instance
        """
        from django.db.models import F

        def hit(pk):
            page = Page.objects.get(pk=pk)
            page.views = F("views") + 1
            page.save()
        """,
        # SQLAlchemy with_for_update
        """
        from sqlalchemy import select

        def withdraw(session, pk, amount):
            with session.begin():
                acct = session.scalars(select(Account).where(Account.id == pk).with_for_update()).one()
                acct.balance -= amount
        """,
        # changed but never saved
        """
        def preview(pk, amount):
            acct = Account.objects.get(pk=pk)
            acct.balance -= amount
            return acct.balance
        """,
        # a string, not a number
        """
        def rename(pk):
            tag = Tag.objects.get(pk=pk)
            tag.label += " (old)"
            tag.save()
        """,
        # a new object, not a read row
        """
        def make(n):
            counter = Counter(value=0)
            counter.value += n
            counter.save()
        """,
        # a private helper that callers run in a transaction
        """
        def _lock(pk):
            return Account.objects.select_for_update().get(pk=pk)
        """,
        # a public helper: its callers may hold the transaction
        """
        def lock_order(pk):
            order = Order.objects.select_for_update().get(pk=pk)
            return order
        """,
        # queryset built here, evaluated by the caller
        """
        def locked_accounts():
            return Account.objects.select_for_update().filter(active=True)
        """,
    ]
    INVALID = [
        Example(
            """
            def withdraw(pk, amount):
                acct = Account.objects.get(pk=pk)
                if acct.balance < amount:
                    raise ValueError("insufficient funds")
                acct.balance -= amount
                acct.save()
            """,
            lines=(5,),
            message="lost update: acct.balance is read by the ORM, changed from",
        ),
        Example(
            """
            from django.shortcuts import get_object_or_404

            def like(request, pk):
                post = get_object_or_404(Post, pk=pk)
                post.likes = post.likes + 1
                post.save(update_fields=["likes"])
            """,
            lines=(5,),
            message="lost update: post.likes is read by the ORM, changed from",
        ),
        Example(
            """
            def restock(session, pk, n):
                product = session.query(Product).filter(Product.id == pk).first()
                product.stock += n
                session.commit()
            """,
            lines=(3,),
            message="lost update: product.stock is read by the ORM, changed from",
        ),
        Example(
            """
            from tortoise.models import Model

            async def spend(pk, n):
                wallet = await Wallet.get(id=pk)
                wallet.points -= n
                await wallet.save()
            """,
            lines=(5,),
            message="lost update: wallet.points is read by the ORM, changed from",
        ),
        Example(
            """
            def withdraw(pk, amount):
                acct = Account.objects.select_for_update().get(pk=pk)
                acct.balance -= amount
                acct.save()
            """,
            lines=(2,),
            message="select_for_update() is evaluated outside",
        ),
        Example(
            """
            from django.http import JsonResponse

            def reserve(request, pk):
                seat = Seat.objects.select_for_update().get(pk=pk)
                seat.taken = True
                seat.save()
                return JsonResponse({"ok": True})
            """,
            lines=(4,),
            message="select_for_update() is evaluated outside",
        ),
    ]

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._session_parameters = {
            p.name.value for p in (*node.params.posonly_params, *node.params.params, *node.params.kwonly_params)
            if p.annotation is not None
            and is_sqlalchemy(self.qualify(annotated_type(p.annotation.annotation)), *SA.session_classes)}
        scan = _FunctionScan(self)
        walk_visit(node.body, scan)
        for position, target, statement in scan.changes:
            if scan.saved_after(target, position):
                self._locked_changes.update(scan.locked_reads(target, position))
            if not scan.unlocked_read(target, position) or not scan.saved_after(target, position) \
                    or scan.set_before(statement):
                continue
            attr = _attr(statement)
            if self.ctx.imports.imports_from(*DJANGO.packages):
                advice = (f'an atomic update (`{target}.{attr} = F("{attr}") + ...` and save(update_fields=["{attr}"]), '
                          "which still runs save() and its signals; or filter(pk=...).update(...), which skips them) "
                          "or lock the row (select_for_update() inside transaction.atomic())")
            else:
                advice = ("an atomic update (F() / update(...).values(col=Model.col - n)) or lock the row "
                          "(select_for_update()/with_for_update())")
            self.report(statement, f"lost update: {target}.{attr} is read by the ORM, changed from its own value and "
                                   f"saved; a concurrent request can overwrite it — use {advice}")

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if not (isinstance(func, cst.Attribute) and func.attr.value == "select_for_update"):
            return
        if not self.ctx.imports.imports_from(*DJANGO.packages) and not _through(func.value, DJANGO.managers):
            return
        if not self._evaluated_here(node):
            return
        function = self.enclosing(cst.FunctionDef)
        if function is None:
            return
        changed_here = any(a in self._locked_changes for a in self.ancestors)
        if not (changed_here or _entry_point(function)):
            return
        if enclosing_transactions(self.ancestors, self.ctx.imports) or self._called_in_transaction(function) \
                or self._receives_deletion(function) or in_request_transaction(function, self.ctx):
            return
        self.report(
            node,
            "select_for_update() is evaluated outside transaction.atomic(): Django raises "
            "TransactionManagementError in autocommit mode and the lock would end with the statement; "
            "run the read and the write inside one atomic block",
        )

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self._locked_changes: set[cst.CSTNode] = set()
        self._session_parameters: set[str] = set()  # of the function being scanned, by annotation

    def _receives_deletion(self, function: cst.FunctionDef) -> bool:
        """A ``pre_delete``/``post_delete`` receiver, however the index saw it registered (``@receiver(post_delete,
        ...)``, ``post_delete.connect(f)``): Django's deletion sends them inside its own ``transaction.atomic()``."""
        name = f"{self.ctx.module_name}.{function.name.value}" if self.ctx.module_name else function.name.value
        return any(hook.kind == DJANGO.hooks.signal_kind and hook.event in DELETE_SIGNALS and hook.handler == name
                   for hook in self.ctx.index.hooks.hooks)

    def _evaluated_here(self, call: cst.Call) -> bool:
        """The queryset is run in this expression: fetched, iterated, or passed to get_object_or_404/list."""
        node: cst.CSTNode = call
        for parent in reversed(self.ancestors[:-1]):
            if isinstance(parent, cst.Attribute) and parent.value is node:
                node = parent
                continue
            if isinstance(parent, cst.Call) and parent.func is node:
                if isinstance(node, cst.Attribute) and node.attr.value in EVALUATING:
                    return True
                node = parent
                continue
            if isinstance(parent, cst.For) and parent.iter is node:
                return True
            if isinstance(parent, cst.Arg):
                node = parent
                continue
            if isinstance(parent, cst.Call) and node in parent.args:
                qualified = self.qualify(parent.func)
                return any_matches(qualified, DJANGO_EXTRAS.shortcuts) or \
                    (isinstance(parent.func, cst.Name) and parent.func.value in ("list", "len", "bool"))
            return False
        return False

    def _called_in_transaction(self, function: cst.FunctionDef) -> bool:
        name = function.name.value
        finder = _CallsOf(name)
        walk_visit(self.ctx.module, finder)
        return any(enclosing_transactions(path_to(call, self.ctx), self.ctx.imports) for call in finder.calls)

    # -- reads -------------------------------------------------------------------------
    def read_kind(self, value: cst.BaseExpression) -> bool | None:
        """For a single-row ORM read: whether it locks the row; None for anything else."""
        if isinstance(value, cst.Await):
            value = value.expression
        if not isinstance(value, cst.Call):
            return None
        methods = _chain_methods(value)
        locked = _locks(value) or self._versioned(value)
        func = value.func
        if any_matches(self.qualify(func), DJANGO_EXTRAS.shortcuts) and not self.qualify(func).endswith(
                tuple(DJANGO_EXTRAS.list_shortcuts)):
            first = value.args[0].value if value.args else None
            return bool(first is not None and isinstance(first, cst.Call) and LOCKS & set(_chain_methods(first)))
        if not isinstance(func, cst.Attribute):
            return None
        last = func.attr.value
        if last in DJANGO_FETCH and (_through(func.value, DJANGO.managers) or QUERYSET_METHODS & set(methods)):
            return locked
        if last in DJANGO_FETCH and value.args and all(a.keyword is not None for a in value.args):
            return locked  # a related manager: order.lines.get(pk=...)
        if last in SA_FETCH and ((SA.session_runs - SA.result_single) & set(methods)
                                 or _through(func.value, frozenset({SA.query_attribute}))):
            return locked
        if last in SA_FETCH and self._session_get(value):
            return locked
        if last in MODEL_FETCH or any((start, last) in MODEL_QUERY_FETCH for start in methods):
            root = _root(func)
            if isinstance(root, cst.Name) and self._is_model_class(root):
                return locked
        return None

    def _versioned(self, read: cst.Call) -> bool:
        """The read fetches a model mapped with a version counter (SQLAlchemy ``version_id_col``): its flush
        updates ``WHERE version = <read>`` and raises ``StaleDataError`` when another write came first, so no
        update is lost (optimistic locking)."""
        for node in (read, *descendants(read)):
            if isinstance(node, (cst.Name, cst.Attribute)) and (dotted_name(node) or "")[:1].isupper():
                reference = self.qualify(node) or f"{self.ctx.module_name}.{dotted_name(node)}"
                fact = self.ctx.index.models.resolve(reference)
                if fact is not None and SA.version_counter in dict(fact.meta).get(SA.mapper_args, ""):
                    return True
        return False

    def _session_get(self, call: cst.Call) -> bool:
        """``session.get(Model, pk)`` / ``session.scalar(select(Model)...)`` on a receiver named or annotated
        as a session (``s: AsyncSession``); on a session named otherwise
        (``db.get(Account, pk)`` in FastAPI/SQLModel code) only the ``get(Model, pk)`` form, so that a
        dict or cache called ``db`` (``db.get(key)``) is not read as a session."""
        receiver = dotted_name(call.func.value) or ""
        first = call.args[0].value if call.args else None
        if first is None:
            return False
        if receiver.rsplit(".", 1)[-1].endswith("session") or receiver in self._session_parameters:
            return isinstance(first, (cst.Name, cst.Attribute, cst.Call))
        last = (dotted_name(first) or "").rsplit(".", 1)[-1]
        return is_session(call.func.value) and len(call.args) >= 2 and last[:1].isupper() and not last.isupper()

    def _is_model_class(self, name: cst.Name) -> bool:
        """A Peewee/Tortoise/Pony model: known to the index, or a class name in a file using those ORMs."""
        reference = self.qualify(name) or f"{self.ctx.module_name}.{name.value}"
        fact = self.ctx.index.models.resolve(reference)
        if fact is not None:
            return self.ctx.index.models.orm_of(fact) in {spec.name for spec in _CLASS_QUERIES}
        return name.value[:1].isupper() and self.ctx.imports.imports_from(
            *(package for spec in _CLASS_QUERIES for package in spec.packages))


class _FunctionScan(cst.CSTVisitor):
    """Assignments, self-referential arithmetic changes and saves of one function, in source order."""

    def __init__(self, rule: LostUpdate) -> None:
        super().__init__()
        self.rule = rule
        self.position = 0
        self.reads: dict[str, list[_Read]] = {}
        self.changes: list[tuple[int, str, cst.CSTNode]] = []
        self.saves: list[tuple[int, str | None]] = []  # (position, saved name or None for commit/flush)
        self.sets: list[tuple[str, cst.Assign]] = []  # ``invoice.total = subtotal + tax``: "invoice.total", the set

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        return False

    def visit_Lambda(self, node: cst.Lambda) -> bool:
        return False

    def visit_ClassDef(self, node: cst.ClassDef) -> bool:
        return False

    def _bind(self, target: cst.CSTNode, value: cst.BaseExpression | None) -> None:
        if isinstance(target, cst.Name):
            locked = self.rule.read_kind(value) if value is not None else None
            if locked is False and self._runs_locking_statement(value):
                locked = True
            self.reads.setdefault(target.value, []).append(_Read(self.position, locked, value))
        elif isinstance(target, (cst.Tuple, cst.List)):
            for element in target.elements:
                self._bind(element.value, None)

    def _runs_locking_statement(self, read: cst.BaseExpression) -> bool:
        """``session.execute(stmt).scalar_one()`` of a statement bound before as
        ``stmt = select(Rule).where(...).with_for_update()``: the read locks the row."""
        for node in descendants(read):
            if isinstance(node, cst.Arg) and isinstance(node.value, cst.Name) and self.reads.get(node.value.value):
                statement = self.reads[node.value.value][-1].value
                if isinstance(statement, cst.Call) and _locks(statement):
                    return True
        return False

    def visit_Assign(self, node: cst.Assign) -> None:
        self.position += 1  # events are ordered by when the walk meets them
        for target in node.targets:
            self._bind(target.target, node.value)
        if len(node.targets) == 1:
            target = node.targets[0].target
            owner = _owner(target)
            if owner and _self_referential(target, node.value):
                self.changes.append((self.position, owner, node))
            elif owner:
                self.sets.append((dotted_name(target) or "", node))

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        self.position += 1  # events are ordered by when the walk meets them
        self._bind(node.target, node.value)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        self.position += 1  # events are ordered by when the walk meets them
        owner = _owner(node.target)
        if owner and isinstance(node.operator, ARITHMETIC) and not isinstance(node.value, NON_NUMERIC):
            self.changes.append((self.position, owner, node))

    def visit_For(self, node: cst.For) -> None:
        self.position += 1  # events are ordered by when the walk meets them
        self._bind(node.target, None)

    def visit_WithItem(self, node: cst.WithItem) -> None:
        self.position += 1  # events are ordered by when the walk meets them
        if node.asname is not None:
            self._bind(node.asname.name, None)

    def visit_Call(self, node: cst.Call) -> None:
        self.position += 1  # events are ordered by when the walk meets them
        func = node.func
        if not isinstance(func, cst.Attribute):
            return
        method = func.attr.value
        if method in INSTANCE_SAVES and isinstance(func.value, cst.Name):
            self.saves.append((self.position, func.value.value))
        elif method in SA.session_writes and not node.args:
            self.saves.append((self.position, None))

    def locked_reads(self, name: str, position: int) -> list[cst.CSTNode]:
        return [r.value for r in self.reads.get(name, []) if r.position < position and r.locked]

    def unlocked_read(self, name: str, position: int) -> bool:
        """Some assignment before ``position`` reads the row without a lock, and none locks it."""
        kinds = {r.locked for r in self.reads.get(name, []) if r.position < position}
        return False in kinds and True not in kinds

    def saved_after(self, name: str, position: int) -> bool:
        return any(p > position and saved in (name, None) for p, saved in self.saves)

    def set_before(self, change: cst.CSTNode) -> bool:
        """The attribute a change works on was set from another value earlier on every path to it
        (``invoice.total = subtotal + tax`` ... ``invoice.total += fee``): it changes what the function
        computed, not what it read."""
        target = change.target if isinstance(change, cst.AugAssign) else change.targets[0].target
        name = dotted_name(target) or ""
        ctx = self.rule.ctx
        assigns = {id(assign) for attribute, assign in self.sets if attribute == name}
        child, node = ctx.parent(change), ctx.parent(ctx.parent(change))
        while node is not None:
            body = node.body if isinstance(node, (cst.IndentedBlock, cst.Module)) else None
            if body is not None and child in body:
                if any(_sets_on_every_path(statement, assigns) for statement in body[: body.index(child)]):
                    return True
            if isinstance(node, cst.FunctionDef):
                return False
            child, node = node, ctx.parent(node)
        return False


def _sets_on_every_path(statement: cst.CSTNode, assigns: set[int]) -> bool:
    """``statement`` runs one of the assignments ``assigns`` (by id) whichever way it goes: one itself, or an
    ``if``/``elif``/``else`` each branch of which does."""
    if isinstance(statement, cst.SimpleStatementLine):
        return any(id(small) in assigns for small in statement.body)
    if isinstance(statement, cst.If):
        orelse = statement.orelse
        branches = [statement.body, orelse.body if isinstance(orelse, cst.Else) else orelse]
        return orelse is not None and all(
            _sets_on_every_path(b, assigns) if isinstance(b, cst.If)
            else any(_sets_on_every_path(stmt, assigns) for stmt in b.body) for b in branches)
    return False


class _CallsOf(cst.CSTVisitor):
    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name
        self.calls: list[cst.Call] = []

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        called = func.value if isinstance(func, cst.Name) else (func.attr.value if isinstance(func, cst.Attribute) else None)
        if called == self.name:
            self.calls.append(node)


def _owner(target: cst.BaseExpression) -> str | None:
    """``acct`` for ``acct.balance``."""
    if isinstance(target, cst.Attribute) and isinstance(target.value, cst.Name):
        return target.value.value
    return None


def _attr(statement: cst.CSTNode) -> str:
    target = statement.target if isinstance(statement, cst.AugAssign) else statement.targets[0].target
    return target.attr.value


def _self_referential(target: cst.Attribute, value: cst.BaseExpression) -> bool:
    """``value`` adds to, subtracts from or multiplies ``target`` itself (``x.n + 1``, ``max(x.n - k, 0)``)."""
    finder = _SelfArithmetic(target)
    walk_visit(value, finder)
    return finder.found


class _SelfArithmetic(cst.CSTVisitor):
    def __init__(self, target: cst.Attribute) -> None:
        super().__init__()
        self.target = dotted_name(target)
        self.found = False

    def visit_BinaryOperation(self, node: cst.BinaryOperation) -> None:
        if not isinstance(node.operator, BINARY):
            return
        operands = (node.left, node.right)
        if any(dotted_name(o) == self.target for o in operands) and \
                not any(isinstance(o, NON_NUMERIC) for o in operands):
            self.found = True


def _chain_methods(call: cst.Call) -> list[str]:
    """Method names along a call chain, outermost last reversed: ``a.b().c().d()`` → [d, c, b]."""
    names: list[str] = []
    node: cst.BaseExpression = call
    while True:
        if isinstance(node, cst.Call):
            for arg in node.args:
                if isinstance(arg.value, cst.Call):  # select(M).with_for_update() passed to scalars()
                    names.extend(_chain_methods(arg.value))
            node = node.func
        elif isinstance(node, cst.Attribute):
            names.append(node.attr.value)
            node = node.value
        elif isinstance(node, cst.Subscript):
            node = node.value
        else:
            return names


def _locks(call: cst.Call) -> bool:
    """The query chain takes a row lock: ``select_for_update()``/``with_for_update()`` in it, or a lock argument."""
    return bool(LOCKS & set(_chain_methods(call))) or _has_lock_argument(call)


def _has_lock_argument(call: cst.Call) -> bool:
    """``session.get(M, pk, with_for_update=True)`` and Peewee ``get(..., for_update=True)``."""
    return any(a.keyword is not None and a.keyword.value in LOCKS and
               not (isinstance(a.value, cst.Name) and a.value.value in ("False", "None")) for a in call.args)


def _root(node: cst.BaseExpression) -> cst.BaseExpression:
    while isinstance(node, (cst.Attribute, cst.Call, cst.Subscript)):
        node = node.func if isinstance(node, cst.Call) else node.value
    return node


def _through(node: cst.BaseExpression, attributes: frozenset[str]) -> bool:
    while isinstance(node, (cst.Attribute, cst.Call, cst.Subscript)):
        if isinstance(node, cst.Attribute) and node.attr.value in attributes:
            return True
        node = node.func if isinstance(node, cst.Call) else node.value
    return False


TASK_DECORATORS = ("shared_task", "task", "job", "actor")


def _entry_point(function: cst.FunctionDef) -> bool:
    """A view (``request`` first, after ``self``) or a task: nothing above it holds a transaction."""
    names = [p.name.value for p in function.params.params]
    if names[:1] in (["self"], ["cls"]):
        names = names[1:]
    if names[:1] == ["request"]:
        return True
    for decorator in function.decorators:
        expr = decorator.decorator.func if isinstance(decorator.decorator, cst.Call) else decorator.decorator
        name = dotted_name(expr) or ""
        if name.rsplit(".", 1)[-1] in TASK_DECORATORS:
            return True
    return False
