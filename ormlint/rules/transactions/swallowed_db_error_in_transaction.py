"""ORM302 swallowed-db-error-in-transaction."""

from __future__ import annotations

import libcst as cst

from ormlint.analysis.transactions import (
    TRANSACTION_HINTS,
    enclosing_transactions,
    opens_savepoint,
    transaction_of,
)
from ormlint.api import Example, Rule
from ormlint.core.roles import NON_PRODUCTION
from ormlint.orms import ORMS, database_errors, rollback_methods, sql_running_methods
from ormlint.orms.django import DJANGO
from ormlint.orms.spec import any_matches
from ormlint.orms.sqlalchemy import SA
from ormlint.syntax.names import dotted_name
from ormlint.syntax.walk import visit as walk_visit

DB_ERRORS = database_errors()  # exception classes a failing statement raises, by package
BROAD = frozenset({"Exception", "BaseException"})
# Calls in a handler that end the broken transaction: rollback() / set_rollback(True) / savepoint_rollback(sid).
ROLLBACKS = rollback_methods()
DB_METHODS = sql_running_methods()  # methods that always hit the database
INSTANCE_WRITES = frozenset(m for spec in ORMS for w in spec.writes if "instance" in w.on for m in w.methods)


class SwallowedDbErrorInTransaction(Rule):
    """
    ## What it does
    Flags an `except` clause inside a transaction (`transaction.atomic()`,
    `session.begin()`, `db.atomic()`, `in_transaction()`, `conn.transaction()`,
    `db_session`) that catches database errors (`IntegrityError`, `DatabaseError`,
    `OperationalError`, `Exception` or a bare `except` around ORM calls) and neither
    re-raises nor rolls back.

    ## Why is this bad?
    After a failed statement the transaction is broken: PostgreSQL refuses every further
    statement, Django raises `TransactionManagementError` ("An error occurred in the
    current transaction") at the next query and then rolls the whole block back, and a
    SQLAlchemy session raises `PendingRollbackError`. Swallowing the error hides the
    real cause and usually loses the block's other writes.

    ## Example
    ```python
    with transaction.atomic():
        try:
            Profile.objects.create(user=user)
        except IntegrityError:
            pass
        user.save()
    ```

    ## Use instead
    Isolate the risky statement in a savepoint, or re-raise / roll back in the handler:
    ```python
    with transaction.atomic():
        try:
            with transaction.atomic():  # savepoint
                Profile.objects.create(user=user)
        except IntegrityError:
            handle_duplicate()
        user.save()
    ```

    Only lexical contexts count (a function called from inside a transaction, and
    `ATOMIC_REQUESTS`, are not followed). A bare or `except Exception` clause is
    reported only when its `try` body makes an ORM or DB-API call outside a savepoint.
    A `try` that is the whole body of its transaction, or sits directly inside a nested
    savepoint (`begin_nested()`, an inner `atomic()`), is left alone: the broken
    transaction or savepoint ends with it and is rolled back as a unit.

    ## Fix safety
    No fix: adding a savepoint or a `raise` changes control flow.

    ## Where it reports
    | context | reports | why |
    |---|---|---|
    | application code | yes | where requests, jobs and commands run against production data |
    | `migration` | yes | a migration's transaction is a real transaction |
    | `shipped-migration` | no | a migration that shipped is never edited again |
    | `test` | no | tests and fixtures run against a throwaway database |
    | `test-settings` | no | settings of the test run |
    | `dev-data` | no | seed, demo and fake data only ever runs on a developer database |
    | `script` | no | a one-off script is run by hand, once |
    | `example` | no | examples and documentation are not the project's running code |
    | `orm-source` | no | the ORM's own code implements what the rule checks; it does not misuse it |

    Roles are described in the README (Configuration); `[tool.ormlint.skip-roles]` changes
    this table per rule.

    ## References
    - [Django: Avoid catching exceptions inside `atomic`](https://docs.djangoproject.com/en/stable/topics/db/transactions/#controlling-transactions-explicitly)
    - [SQLAlchemy: Using SAVEPOINT](https://docs.sqlalchemy.org/en/20/orm/session_transaction.html#using-savepoint)
    - [PostgreSQL: Transactions](https://www.postgresql.org/docs/current/tutorial-transactions.html)
    """

    code = "ORM302"
    name = "swallowed-db-error-in-transaction"
    family = "transactions"
    severity = "error"
    orms = ("django", "sqlalchemy", "sqlmodel", "peewee", "tortoise", "pony", "asyncpg")
    fix_safety = "none"
    summary = "A database error caught inside a transaction is neither re-raised nor rolled back."
    prefilter = TRANSACTION_HINTS
    skip_roles = NON_PRODUCTION | {"shipped-migration"}

    VALID = [
        # the savepoint isolates the failing statement
        """
        from django.db import IntegrityError, transaction

        def register(user):
            with transaction.atomic():
                try:
                    with transaction.atomic():
                        Profile.objects.create(user=user)
                except IntegrityError:
                    log.info("profile exists")
                user.save()
        """,
        # re-raised
        """
        from django.db import IntegrityError, transaction

        @transaction.atomic
        def register(user):
            try:
                Profile.objects.create(user=user)
            except IntegrityError as exc:
                raise DuplicateProfile(user) from exc
        """,
        # rollback marked
        """
        from django.db import DatabaseError, transaction

        def register(user):
            with transaction.atomic():
                try:
                    Profile.objects.create(user=user)
                except DatabaseError:
                    transaction.set_rollback(True)
        """,
        # not inside a transaction
        """
        from django.db import IntegrityError

        def register(user):
            try:
                Profile.objects.create(user=user)
            except IntegrityError:
                pass
        """,
        # broad except around code that does not touch the database
        """
        import json
        from django.db import transaction

        def load(order, payload):
            with transaction.atomic():
                try:
                    data = json.loads(payload)
                except Exception:
                    data = {}
                order.save()
        """,
        # SQLAlchemy session rolled back in the handler
        """
        from sqlalchemy.exc import IntegrityError

        def add(session, obj):
            with session.begin():
                try:
                    session.execute(insert_stmt)
                except IntegrityError:
                    session.rollback()
        """,
        # the handler runs later, in a callback
        """
        from django.db import transaction

        def pay(order):
            with transaction.atomic():
                order.save()
                def notify():
                    try:
                        order.customer.save()
                    except Exception:
                        pass
                transaction.on_commit(notify)
        """,
        # the try is the whole transaction: it is rolled back as a unit
        """
        from django.db import DatabaseError, transaction

        def claim(item):
            with transaction.atomic():
                try:
                    item.in_flight = True
                    item.save()
                except DatabaseError:
                    return False
            return True
        """,
        # SQLAlchemy savepoint around the statement
        """
        from sqlalchemy.exc import IntegrityError

        def add(session, obj):
            with session.begin():
                try:
                    with session.begin_nested():
                        session.add(obj)
                except IntegrityError:
                    pass
        """,
    ]
    INVALID = [
        Example(
            """
            from django.db import IntegrityError, transaction

            def register(user):
                with transaction.atomic():
                    try:
                        Profile.objects.create(user=user)
                    except IntegrityError:
                        pass
                    user.save()
            """,
            lines=(7,),
            message="except IntegrityError inside transaction.atomic() swallows",
        ),
        Example(
            """
            from django.db import transaction

            @transaction.atomic
            def close(order):
                try:
                    order.save()
                except Exception:
                    log.exception("could not save")
                return order
            """,
            lines=(7,),
            message="except Exception inside transaction.atomic() swallows the",
        ),
        Example(
            """
            def transfer(db, src, dst, entry):
                with db.atomic():
                    try:
                        src.save()
                        dst.save()
                    except:
                        log.warning("transfer failed")
                    entry.save()
            """,
            lines=(6,),
            message="a bare except inside db.atomic() swallows the database",
        ),
        Example(
            """
            from sqlalchemy.exc import IntegrityError

            def add(session, obj):
                with session.begin():
                    session.add(obj)
                    try:
                        session.flush()
                    except IntegrityError:
                        log.warning("duplicate")
            """,
            lines=(8,),
            message="except IntegrityError inside session.begin() swallows the",
        ),
    ]

    def visit_Try(self, node: cst.Try) -> None:
        transactions = enclosing_transactions(self.ancestors, self.ctx.imports)
        if not transactions or self._isolated(node, transactions):
            return
        unprotected = _UnprotectedCalls(self, transactions)
        walk_visit(node.body, unprotected)
        if not unprotected.calls:
            return
        for handler in node.handlers:
            caught = self._caught(handler.type)
            if caught is None or _handles(handler):
                continue
            if caught == "broad" and not unprotected.db_calls:
                continue
            label = "a bare except" if handler.type is None else f"except {self._code(handler.type)}"
            self.report(
                handler,
                f"{label} inside {transactions[-1].api} swallows the database error: the transaction is "
                "broken and later queries fail or the block is silently rolled back; re-raise, roll back, "
                "or wrap the statement in a savepoint (nested atomic()/begin_nested())",
            )

    def _isolated(self, node: cst.Try, transactions: list) -> bool:
        """The try is the whole body of its transaction, or sits directly in a nested savepoint:
        the broken transaction ends with the try and nothing else in it is lost or fails."""
        innermost = transactions[-1]
        body = innermost.node.body
        statements = body.body if isinstance(body, cst.IndentedBlock) else ()
        if list(statements) == [node]:
            return True
        return opens_savepoint(innermost, transactions[:-1]) and isinstance(innermost.node, cst.With) and \
            node in statements

    def _caught(self, type_: cst.BaseExpression | None) -> str | None:
        """``"db"`` for database error classes, ``"broad"`` for Exception/bare, else None."""
        if type_ is None:
            return "broad"
        if isinstance(type_, cst.Tuple):
            kinds = {self._caught(e.value) for e in type_.elements}
            return "db" if "db" in kinds else ("broad" if "broad" in kinds else None)
        if isinstance(type_, cst.Name) and type_.value in BROAD and self.qualify(type_) is None:
            return "broad"
        qualified = self.qualify(type_)
        if any_matches(qualified, DB_ERRORS):
            return "db"
        return None

    def _code(self, node: cst.CSTNode) -> str:
        return self.ctx.module.code_for_node(node)


def _handles(handler: cst.ExceptHandler) -> bool:
    """The handler re-raises or rolls back somewhere (not counting nested functions)."""
    finder = _HandlerExits()
    walk_visit(handler.body, finder)
    return finder.found


class _HandlerExits(cst.CSTVisitor):
    def __init__(self) -> None:
        super().__init__()
        self.found = False

    def visit_Raise(self, node: cst.Raise) -> None:
        self.found = True

    def visit_Call(self, node: cst.Call) -> None:
        if isinstance(node.func, cst.Attribute) and node.func.attr.value in ROLLBACKS:
            self.found = True
        elif isinstance(node.func, cst.Name) and node.func.value in ROLLBACKS:
            self.found = True

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        return False

    def visit_Lambda(self, node: cst.Lambda) -> bool:
        return False


class _UnprotectedCalls(cst.CSTVisitor):
    """Calls of a try body that run outside any savepoint opened inside that body."""

    def __init__(self, rule: Rule, outer: list) -> None:
        super().__init__()
        self.rule = rule
        self.outer = outer
        self.calls = 0
        self.db_calls = 0

    def visit_With(self, node: cst.With) -> bool:
        for item in node.items:
            transaction = transaction_of(item.item, self.rule.ctx.imports, node)
            if transaction is not None and opens_savepoint(transaction, self.outer):
                return False
        return True

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        return False

    def visit_Lambda(self, node: cst.Lambda) -> bool:
        return False

    def visit_Call(self, node: cst.Call) -> None:
        self.calls += 1
        if is_db_call(node):
            self.db_calls += 1


def is_db_call(call: cst.Call) -> bool:
    """A call that evidently runs SQL: an ORM write/query method or a DB-API execute."""
    func = call.func
    if not isinstance(func, cst.Attribute):
        return False
    method = func.attr.value
    positional = [a for a in call.args if a.keyword is None and not a.star]
    if method in DB_METHODS:
        return True
    if method in INSTANCE_WRITES and not positional:
        return True
    if method in SA.session_writes and not call.args and (method != "flush" or "session" in (
            dotted_name(func.value) or "")):
        return True
    if method == "execute" and positional:
        return True
    return _through_query_root(func.value)


def _through_query_root(node: cst.BaseExpression) -> bool:
    """``Model.objects...``, ``Model._default_manager...``, ``session.query(...)...``, ``Model.query...``."""
    while isinstance(node, (cst.Attribute, cst.Call, cst.Subscript)):
        if isinstance(node, cst.Attribute):
            if node.attr.value in DJANGO.managers:
                return True
            if node.attr.value in (SA.session_query, SA.query_attribute) and _is_query_receiver(node.value):
                return True
            node = node.value
        elif isinstance(node, cst.Call):
            node = node.func
        else:
            node = node.value
    return False


def _is_query_receiver(node: cst.BaseExpression) -> bool:
    """``session.query`` / ``db.session.query`` or Flask-SQLAlchemy's ``Model.query``."""
    name = dotted_name(node) or ""
    last = name.rsplit(".", 1)[-1]
    return "session" in last or last[:1].isupper()
