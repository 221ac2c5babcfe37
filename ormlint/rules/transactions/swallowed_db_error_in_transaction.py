"""ORM302 swallowed-db-error-in-transaction."""

from __future__ import annotations

import libcst as cst
from libcst.metadata import PositionProvider

from ormlint.analysis.db_calls import caught_error, is_db_call, is_session, is_write
from ormlint.analysis.transactions import (
    TRANSACTION_HINTS,
    Transaction,
    enclosing_transactions,
    opens_savepoint,
    transaction_of,
)
from ormlint.api import Example, Rule
from ormlint.core.roles import NON_PRODUCTION
from ormlint.orms import ORMS, rollback_methods
from ormlint.orms.django import DJANGO
from ormlint.orms.sqlalchemy import SA, SA_FAMILY, SQLALCHEMY, SQLMODEL_NAME
from ormlint.syntax.names import dotted_name
from ormlint.syntax.walk import descendants, function_named, leaves_loop, own_calls
from ormlint.syntax.walk import visit as walk_visit

# Calls in a handler that end the broken transaction: rollback() / set_rollback(True) / savepoint_rollback(sid).
ROLLBACKS = rollback_methods()
# get_or_create() and the like run their INSERT in a savepoint of their own (Django, Peewee).
SAVEPOINTED = frozenset(m for spec in ORMS for m in spec.query.savepointed)
SAVEPOINTED_PACKAGES = tuple(p for spec in ORMS if spec.query.savepointed for p in spec.packages)


class SwallowedDbErrorInTransaction(Rule):
    """
    ## What it does
    Flags an `except` clause inside a transaction (`transaction.atomic()`,
    `session.begin()`, `db.atomic()`, `in_transaction()`, `conn.transaction()`,
    `db_session`) that catches database errors (`IntegrityError`, `DatabaseError`,
    `OperationalError`, `Exception` or a bare `except` around ORM calls), neither re-raises
    nor rolls back, and leaves the transaction to be used or lost afterwards:

    - the handler queries again (a fallback `get()` after a failed `create()`);
    - a query of the transaction runs after the `try`, or on the next iteration of a loop
      around it, the `try`'s own query included when the handler `continue`s or passes
      (SQLAlchemy: also the commit that ends the block);
    - a write made earlier in the transaction is rolled back with it, silently, while the code
      goes on as if it had been saved (not when the handler returns a failure: `return False`,
      `None`, a result or response named for one such as `self.form_invalid(form)` or
      `HttpResponseBadRequest()`, or after recording an error with `form.add_error()` or
      `messages.error()`; the whole block is then undone as an atomic block is meant to be,
      and the caller is told).

    A SQLAlchemy session used outside any block of its own (`with Session() as session:`, a parameter)
    begins a transaction with its first statement (autobegin): a `flush()`, `commit()` or `execute()` in a
    `try` whose handler swallows the error (logs, passes) without `session.rollback()`, a re-raise or a
    `return`, and a later statement, flush or commit on the same session (inside the `with` that bound it,
    before the name is bound to another session), is reported too: after a failed
    flush or commit that later call raises `PendingRollbackError`, after a failed statement PostgreSQL
    refuses it. A bare or `except Exception` handler counts only around a flush or commit: around reads it is
    there for other errors (a missing row, a bad value).

    Django's `get_or_create()`/`update_or_create()` and Peewee's `get_or_create()` run
    their INSERT in an atomic block of their own, a savepoint inside the transaction:
    their failure leaves the transaction usable. So does a call of a function of the same
    module (`helper()`, `Model.method()`, `self.method()`) whose queries all run in such
    savepoints (a nested `atomic()`, `get_or_create()`).

    The harm named is one the handler can reach: the first statement to fail after it (a
    query later in the loop, else the next iteration's own query, else one after the loop),
    never one in another branch of an `if`, or after a `return` that always runs first; a
    write before the `try` counts only on the same path.

    ## Why is this bad?
    After a failed statement the transaction is broken: PostgreSQL refuses every further
    statement ("current transaction is aborted, commands ignored until end of transaction
    block"), Django raises `TransactionManagementError` at the next query and rolls the
    whole block back at its end, and a SQLAlchemy session raises `PendingRollbackError`.
    Swallowing the error hides the real cause, makes the next query fail with a confusing
    error, or loses the block's other writes while the code goes on as if they were saved.

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

    Only lexical contexts count, besides a SQLAlchemy session's own transaction (a function called from
    inside a transaction, and `ATOMIC_REQUESTS`, are not followed). A bare or `except Exception` clause is
    reported only when its `try` body makes an ORM or DB-API call outside a savepoint (building an exception it
    raises, `raise Conflict(...)`, is none)
    (Django's `instance.file.delete(save=False)` removes a stored file and runs no SQL), and
    not when those calls are all one-row lookups (`Model.objects.get(pk=x)`,
    `get_object_or_404()`, SQLAlchemy's `.one()`): the handler takes the row's absence
    (`DoesNotExist`, `NoResultFound`), which leaves the transaction usable.
    A `try` whose failed statement is all its transaction holds, with no query after it
    and no write before it, is left alone: the rollback at the end of the block takes
    back nothing else. Reads before the `try` lose nothing. A savepoint inside the `try`
    (a nested `atomic()`, `begin_nested()`) isolates the statement: the transaction
    around it stays usable.

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
    | `command` | yes | an operator's command runs against production data |
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
    prefilter = (*TRANSACTION_HINTS, ".flush(", ".commit(")
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
                order.lines.update(closed=True)
                return order
            """,
            lines=(7,),
            message="the later query `order.lines.update(closed=True)` at line 9 fails",
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

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self._functions: dict[str, cst.FunctionDef] | None = None
        self._classes: dict[str, cst.ClassDef] = {}

    def visit_Try(self, node: cst.Try) -> None:
        transactions = enclosing_transactions(self.ancestors, self.ctx.imports)
        if not transactions:
            self._autobegun(node)
            return
        unprotected = _UnprotectedCalls(self, transactions)
        walk_visit(node.body, unprotected)
        if not unprotected.calls:
            return
        innermost = transactions[-1]
        for handler in node.handlers:
            caught = caught_error(handler.type, self.ctx.imports)
            if caught is None or _handles(handler):
                continue
            if caught == "broad" and unprotected.db_calls == unprotected.lookups:
                continue  # nothing but lookups: the handler takes the row's absence (``DoesNotExist``)
            harm = self._harm(node, handler, innermost, unprotected.first_db_call)
            if harm is None:
                continue
            self.report(
                handler,
                f"{self._label(handler)} inside {innermost.api} swallows the database error, but the transaction is broken: "
                f"{harm}; re-raise, roll back, or run the failing statement in a savepoint "
                f"({_savepoint_advice(innermost)})",
            )

    def _autobegun(self, node: cst.Try) -> None:
        """A SQLAlchemy session used outside any block of its own (``with Session() as session:``, a
        parameter): its first statement began a transaction (autobegin). A failed ``flush()``/``commit()``/
        ``execute()`` whose error the handler swallows leaves that transaction broken until ``rollback()``:
        the session's next statement or commit raises ``PendingRollbackError``."""
        if not self.ctx.imports.imports_from(*SQLALCHEMY.packages, SQLMODEL_NAME, SA.flask.package):
            return
        failing = next((c for c, _ in own_calls(node.body) if isinstance(c.func, cst.Attribute)
                        and c.func.attr.value in SA.session_writes | SA.session_runs and is_session(c.func.value)), None)
        function = self.enclosing(cst.FunctionDef)
        if failing is None or not isinstance(function, cst.FunctionDef):
            return
        session = dotted_name(failing.func.value)
        writes = failing.func.attr.value in SA.session_writes
        # a broad handler around reads only is there for other errors (a missing row, a bad value)
        swallowing = [h for h in node.handlers if (caught := caught_error(h.type, self.ctx.imports)) is not None
                      and (writes or caught != "broad") and not _handles(h) and not _returns(h)]
        later = self._later_session_call(function, node, session) if swallowing else None
        if later is None:
            return
        harm = "raises PendingRollbackError" if writes else _refused(SQLALCHEMY.name)
        for handler in swallowing:
            self.report(
                handler,
                f"{self._label(handler)} swallows the database error of {self._where(failing)}, but the transaction "
                f"the session began is broken: {self._where(later)} {harm}; call `{session}.rollback()` in the "
                f"handler, or run the statement in a savepoint (`{session}.begin_nested()`)",
            )

    def _later_session_call(self, function: cst.FunctionDef, node: cst.Try, session: str | None) -> cst.Call | None:
        """The first call on ``session`` that runs after the ``try`` (a statement, a flush or the commit), while
        the name still holds that session: inside the ``with`` that bound it (``with get_session() as
        session:`` ends it), before the name is bound again (another ``with ... as session:``, ``session = ...``)."""
        nodes = list(descendants(function.body))
        position = {id(n): i for i, n in enumerate(nodes)}
        end = position[id(node)] + sum(1 for _ in descendants(node))
        limit = len(nodes)
        for binding in (n for n in nodes if isinstance(n, cst.With) and any(
                item.asname is not None and dotted_name(item.asname.name) == session for item in n.items)):
            start = position[id(binding)]
            stop = start + sum(1 for _ in descendants(binding))
            if start < position[id(node)] <= stop:
                limit = min(limit, stop + 1)  # the session this block bound ends with it
            elif start > end:
                limit = min(limit, start)  # a later block binds another session to the name
        rebound = [position[id(n)] for n in nodes if isinstance(n, cst.AssignTarget)
                   and dotted_name(n.target) == session and position[id(n)] > end]
        limit = min([limit, *rebound])
        return next((c for c, _ in own_calls(function.body) if end < position[id(c)] < limit
                     and isinstance(c.func, cst.Attribute) and dotted_name(c.func.value) == session
                     and c.func.attr.value in SA.session_writes | SA.session_queries), None)

    def _harm(self, node: cst.Try, handler: cst.ExceptHandler, transaction: Transaction,
              failing: cst.Call | None) -> str | None:
        """What the broken transaction does to the code around the handler, or None when nothing of it is lost
        and nothing runs in it afterwards: a query in the handler or after the ``try`` fails, so does the
        ``try``'s own query (``failing``) on the next iteration of a loop the handler stays in (in SQLAlchemy,
        also the commit that ends the block), an earlier write of the transaction is rolled back with it."""
        imports = self.ctx.imports
        fallback = next((c for c, _ in own_calls(handler.body) if is_db_call(c, imports)), None)
        if fallback is not None:
            return f"the query in the handler ({self._where(fallback)}) {_refused(transaction.orm)}"
        body = transaction.node.body
        position = {id(n): i for i, n in enumerate(descendants(body))}
        start = position[id(node)]
        end = start + sum(1 for _ in descendants(node))
        chain = tuple(self.ancestors[self.ancestors.index(transaction.node) + 1:])
        exit_depth, exit_statement = _first_exit_after(chain)
        leaves = _returns(handler)
        # Loops whose next iteration can follow the handler: none after a return, none cut by one.
        loops = [] if leaves else [a for depth, a in enumerate(chain)
                                   if isinstance(a, (cst.For, cst.While)) and depth > exit_depth]
        # what runs before the exit statement leaves, its own query too (``return await Invoice.create(...)``)
        unreachable = len(position) if exit_statement is None else \
            position[id(exit_statement)] + sum(1 for _ in descendants(exit_statement)) + 1
        before = after = None
        for call, ancestors in own_calls(body):
            at = position[id(call)]
            if start <= at <= end or _exclusive(chain, (*ancestors, call)):
                continue
            if any(_inside(call, loop, position) for loop in loops) or (end < at < unreachable and not leaves):
                if after is None and is_db_call(call, imports):
                    after = call
            elif at < start and before is None and is_write(call, imports):
                before = call
        # The first statement to fail is named: one later in the loop, else the next iteration's own query.
        repeats = loops and failing is not None and not leaves_loop(handler.body)
        if after is not None and (not repeats or any(_inside(after, loop, position) for loop in loops)):
            return f"the later query {self._where(after)} {_refused(transaction.orm)}"
        if repeats:
            return f"on the loop's next iteration, {self._where(failing)} {_refused(transaction.orm)}"
        if transaction.orm in SA_FAMILY:
            return (f"the commit that ends {transaction.api} raises (PendingRollbackError) or, after a failed "
                    "statement, silently rolls the block back")
        if before is not None and not (leaves and _reports_failure(handler)):
            return (f"the write before it ({self._where(before)}) is rolled back with the transaction, "
                    "silently, while the code goes on as if it had been saved")
        return None

    def local_callee(self, call: cst.Call) -> cst.FunctionDef | None:
        """The function of this module a call runs: ``helper()``, ``Model.method()`` of a class defined here,
        ``self.method()``/``cls.method()`` of the class around the call."""
        if self._functions is None:
            module = self.ctx.module.body
            self._functions = {s.name.value: s for s in module if isinstance(s, cst.FunctionDef)}
            self._classes = {s.name.value: s for s in module if isinstance(s, cst.ClassDef)}
        func = call.func
        if isinstance(func, cst.Name):
            return self._functions.get(func.value)
        if not (isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name)):
            return None
        owner = func.value.value
        klass = self.enclosing(cst.ClassDef) if owner in ("self", "cls") else self._classes.get(owner)
        if not isinstance(klass, cst.ClassDef) or not isinstance(klass.body, cst.IndentedBlock):
            return None
        return function_named(klass.body.body, func.attr.value)

    def _where(self, call: cst.Call) -> str:
        text = self.ctx.module.code_for_node(call)
        if len(text) > 50 or "\n" in text:
            text = _outline(call)
        return f"`{text}` at line {self.ctx.metadata(PositionProvider)[call].start.line}"

    def _label(self, handler: cst.ExceptHandler) -> str:
        """``except IntegrityError``, ``a bare except``: the handler as the message names it."""
        return "a bare except" if handler.type is None else f"except {self._code(handler.type)}"

    def _code(self, node: cst.CSTNode) -> str:
        return self.ctx.module.code_for_node(node)


def _outline(node: cst.BaseExpression) -> str:
    """A call chain with its arguments left out: ``get_object_or_404(...).delete()``."""
    if isinstance(node, cst.Call):
        return _outline(node.func) + ("(...)" if node.args else "()")
    if isinstance(node, cst.Attribute):
        return f"{_outline(node.value)}.{node.attr.value}"
    return node.value if isinstance(node, cst.Name) else "…"


def _refused(orm: str) -> str:
    return ("fails: Django raises TransactionManagementError until the atomic block ends" if orm == DJANGO.name
            else 'fails: PostgreSQL refuses every statement until the rollback ("current transaction is aborted")')


def _savepoint_advice(transaction: Transaction) -> str:
    """How this transaction's ORM opens a savepoint around one statement."""
    if transaction.orm == DJANGO.name:
        return "a nested `transaction.atomic()`"
    if transaction.orm in SA_FAMILY:
        receiver = transaction.api.rsplit(".", 1)[0] if "." in transaction.api else "session"
        return f"`{receiver}.begin_nested()`"
    return f"a nested `{transaction.api}`"


def _first_exit_after(chain: tuple[cst.CSTNode, ...]) -> tuple[int, cst.CSTNode | None]:
    """The first ``return``/``raise`` statement that always runs after the last node of ``chain`` (a later
    statement of a block around it), with the depth in ``chain`` of that block; (-1, None) when none."""
    for depth in range(len(chain) - 2, -1, -1):
        block, inner = chain[depth], chain[depth + 1]
        if not isinstance(block, (cst.IndentedBlock, cst.Module)):
            continue
        later = block.body[next(i for i, s in enumerate(block.body) if s is inner) + 1:]
        for statement in later:
            if _is_exit(statement):
                return depth, statement
    return -1, None


_FAILURE_WORDS = ("error", "invalid", "fail", "badrequest", "conflict", "forbidden", "notfound")
_RECORDS_ERROR = (".add_error", "messages.error")  # a form's error, Django's message to the user


def _reports_failure(handler: cst.ExceptHandler) -> bool:
    """The handler tells its caller the work failed: it returns ``False``/``None``/nothing or a result named
    for a failure (``self.form_invalid(form)``, ``HttpResponseBadRequest()``), or records an error for the user
    (``form.add_error(...)``, ``messages.error(...)``) before returning."""
    for node in descendants(handler.body):
        if isinstance(node, cst.Return):
            value = node.value
            if value is None or (isinstance(value, cst.Name) and value.value in ("False", "None")):
                return True
            if isinstance(value, cst.Call) and _named_for_failure(value):
                return True
        elif isinstance(node, cst.Call) and (dotted_name(node.func) or "").endswith(_RECORDS_ERROR):
            return True
    return False


def _named_for_failure(call: cst.Call) -> bool:
    name = (dotted_name(call.func) or "").rsplit(".", 1)[-1].lower().replace("_", "")
    return any(word in name for word in _FAILURE_WORDS)


def _returns(handler: cst.ExceptHandler) -> bool:
    """The handler always returns: nothing after its ``try`` runs once it has."""
    return isinstance(handler.body, cst.IndentedBlock) and any(_is_exit(s) for s in handler.body.body)


def _is_exit(statement: cst.CSTNode) -> bool:
    return isinstance(statement, cst.SimpleStatementLine) and any(
        isinstance(small, (cst.Return, cst.Raise)) for small in statement.body)


def _exclusive(first: tuple[cst.CSTNode, ...], second: tuple[cst.CSTNode, ...]) -> bool:
    """The last nodes of two ancestor chains from one root sit in different branches of one ``if``
    (or of one ``try``'s handlers and ``else``): they never both run."""
    for parent, a, b in zip(first, first[1:], second[1:]):
        if a is b:
            continue
        if isinstance(parent, cst.If):
            branches = (parent.body, parent.orelse)
        elif isinstance(parent, cst.Try):
            branches = (*parent.handlers, parent.orelse)
        else:
            return False
        return any(a is n for n in branches) and any(b is n for n in branches)
    return False


def _inside(call: cst.Call, loop: cst.CSTNode, position: dict[int, int]) -> bool:
    start = position[id(loop)]
    return start < position[id(call)] <= start + sum(1 for _ in descendants(loop))


def _raises_when_missing(call: cst.Call) -> bool:
    """A one-row lookup whose usual failure is the row's absence, not the database's: Django's
    ``.get(pk=x)`` and ``get_object_or_404()``, SQLAlchemy's ``.one()``."""
    name = call.func.attr.value if isinstance(call.func, cst.Attribute) else dotted_name(call.func) or ""
    return name == "get" and bool(call.args) or name == "one" and not call.args or name == "get_object_or_404"


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
    """Calls of a try body that run outside any savepoint opened inside that body; with ``follow``, a call of
    a function of the module whose queries all run in savepoints of its own counts as one of those."""

    def __init__(self, rule: SwallowedDbErrorInTransaction, outer: list, follow: bool = True) -> None:
        super().__init__()
        self.rule = rule
        self.outer = outer
        self.follow = follow
        self.calls = 0
        self.db_calls = 0
        self.lookups = 0  # db calls that fetch one row and raise when it is missing (``Model.objects.get(pk=x)``)
        self.savepoints = 0
        self.first_db_call: cst.Call | None = None
        self.chained: set[int] = set()  # calls a query chain starts from, counted with the query

    def visit_With(self, node: cst.With) -> bool:
        for item in node.items:
            transaction = transaction_of(item.item, self.rule.ctx.imports, node)
            if transaction is not None and opens_savepoint(transaction, self.outer):
                self.savepoints += 1
                return False
        return True

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        return False

    def visit_Lambda(self, node: cst.Lambda) -> bool:
        return False

    def visit_Raise(self, node: cst.Raise) -> bool:
        return False  # ``raise Conflict("...")``: building the exception runs no query

    def visit_Call(self, node: cst.Call) -> bool:
        if isinstance(node.func, cst.Attribute) and node.func.attr.value in SAVEPOINTED \
                and self.rule.ctx.imports.imports_from(*SAVEPOINTED_PACKAGES):
            self.savepoints += 1
            return False  # the call's own savepoint takes its failure back
        if self.follow and self._savepointed_callee(node):
            return False
        self.calls += 1
        if id(node) not in self.chained and is_db_call(node, self.rule.ctx.imports):
            self.db_calls += 1
            self.lookups += _raises_when_missing(node)
            self.first_db_call = self.first_db_call or node
            receiver = node.func.value if isinstance(node.func, cst.Attribute) else None
            while isinstance(receiver, cst.Call):  # ``.using(db)`` of ``M.objects.using(db).get(pk=x)``: one query
                self.chained.add(id(receiver))
                receiver = receiver.func.value if isinstance(receiver.func, cst.Attribute) else None
        return True

    def _savepointed_callee(self, call: cst.Call) -> bool:
        """``UserFollows.from_request(self)``, ``self.touch()``, ``helper()`` of this module, whose queries all
        run in savepoints of their own (a nested ``atomic()``, ``get_or_create()``)."""
        callee = self.rule.local_callee(call)
        if callee is None:
            return False
        inner = _UnprotectedCalls(self.rule, self.outer, follow=False)
        walk_visit(callee.body, inner)
        return inner.savepoints > 0 and inner.db_calls == 0
