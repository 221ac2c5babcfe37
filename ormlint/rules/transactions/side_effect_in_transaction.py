"""ORM303 side-effect-in-transaction."""

from __future__ import annotations

import libcst as cst
from libcst.metadata import PositionProvider

from ormlint.analysis.db_calls import is_session, is_write
from ormlint.analysis.transactions import (
    TRANSACTION_HINTS,
    Transaction,
    enclosing_transactions,
    in_request_transaction,
    transaction_of,
)
from ormlint.api import CstFix, Example, ImportSpec, Rule
from ormlint.core.roles import NON_PRODUCTION
from ormlint.index.derived import derived_table
from ormlint.index.effects import DISPATCH_METHODS, EffectFinder, EffectRegistry, sends_django_mail
from ormlint.orms import ORMS, write_name_prefixes
from ormlint.orms.django import DJANGO, DJANGO_EXTRAS
from ormlint.orms.sqlalchemy import SA, SQLALCHEMY
from ormlint.syntax.literals import keyword, string_value
from ormlint.syntax.names import dotted_name
from ormlint.syntax.walk import descendants, in_rollback_handler, scope_nodes, walk_scope

# Locking reads: the rows stay locked until the transaction ends (commit or rollback).
LOCKS = frozenset(m for spec in ORMS for m in spec.query.locks)
ENDS = SQLALCHEMY.rollbacks | {SA.session_commit}  # end the transaction, and its locks
_FLUSH = "flush"  # a session's flush(): its changes are written, in a transaction only a commit ends
_ON_COMMIT = DJANGO_EXTRAS.on_commit


class SideEffectInTransaction(Rule):
    """
    ## What it does
    Flags an external side effect started inside a transaction (`transaction.atomic()`,
    `session.begin()`, `db.atomic()`, Tortoise `in_transaction()`/`@atomic()`,
    `conn.transaction()`, Pony `db_session`, a Django view of a project whose `DATABASES`
    set `ATOMIC_REQUESTS = True`), while a row lock taken earlier in the function is held
    (`with_for_update()`, `select_for_update()`, `for_update()`, until `commit()`/`rollback()`;
    a lock taken inside a transaction block ends with the block), or between a SQLAlchemy
    session's `flush()` and that session's `commit()` later in the same function (the flushed
    rows are not committed yet: `db.session.flush(); send_receipt.delay(order.id);
    db.session.commit()`; with no commit of that session in the function, the caller's
    transaction is unknown here and nothing is reported): an HTTP write (`requests`, `httpx`,
    `urllib.request.urlopen`, `aiohttp`; GET, HEAD and OPTIONS only read, as does `urlopen(url)` sending
    no data), an email (Django `send_mail`/`mail_admins`/`EmailMessage.send`, `smtplib`; not Django mail
    when the project's `EMAIL_BACKEND`, besides Django's backends that send nothing, stores each message
    as a row: django-post_office, django-mailer, django-yubin, or a backend of the project's whose
    `send_messages` only writes rows: an outbox rolled back with the transaction), a background
    task (a Celery task's `.delay()`/
    `.apply_async()`, `send_task`, rq `enqueue`, a dramatiq actor's `.send()`) or a
    published message (Kafka `producer.send()`/aiokafka `send_and_wait()`/confluent-kafka
    `produce()`, pika `basic_publish`, kombu `Producer.publish`, boto3 SNS/SQS/EventBridge
    clients and resources, Google Pub/Sub, Redis `publish`); and a call of a project
    function that starts one (a `post_webhook()` helper, in this module or another).
    Clients are followed where they are bound: in the function, as an annotated
    parameter (`client: httpx.AsyncClient`), at module level, or on `self` (built there, or handed to the
    constructor as an annotated parameter: `def __init__(self, producer: AIOKafkaProducer)`), also through a
    local name bound to it (`client = self.client`).

    ## Why is this bad?
    The effect happens even when the transaction later rolls back: the customer gets a
    receipt for an order that does not exist. A worker started before COMMIT may not see
    the new rows yet (`DoesNotExist`), and the transaction stays open, holding its row
    locks and connection, for the whole network round-trip.

    ## Example
    ```python
    with transaction.atomic():
        order.save()
        send_receipt.delay(order.pk)
    ```

    ## Use instead
    ```python
    with transaction.atomic():
        order.save()
        transaction.on_commit(partial(send_receipt.delay, order.pk))
    ```

    A call inside a `lambda` or nested function (an `on_commit` callback) is not
    reported, nor one in an `except` clause inside the transaction that ends by raising
    (a failure alert: it goes out because the transaction rolls back, and `on_commit` would
    never send it; in a helper, such a call is not the helper's effect). `.delay()`/`.apply_async()` count when the receiver is a task defined in
    the file (`@shared_task`, `@app.task`, rq `@job`) or an imported name (Celery's
    task API; a `multiprocessing` pool is a local object), unless the task's class
    (`@app.task(base=...)`) dispatches through `transaction.on_commit` itself, or the task is
    made by a `@task`/`@job` decorator the project defines (a dispatcher of its own, which may
    queue through the database and so deliver on commit: how is unknown), or the name is a function of
    the project that no task decorator makes a task (`@merge_delay_run` gives it a `delay()` of its own); Celery's
    `delay_on_commit()`/`apply_async_on_commit()` wait for the commit. dramatiq `.send()`
    counts only for actors defined in the file, since `.send()` is also how Django
    signals fire. With `ATOMIC_REQUESTS`, a view is a sync function taking `request`
    (after `self`, in a class-based view: a class whose name or a base's names a `View`; not
    a middleware's or an authentication backend's method, which Django runs outside the view's
    transaction, nor a function of a middleware's module, its helper: `handle_exception(request, exc)` of
    `process_exception`) that is not marked `@transaction.non_atomic_requests` (Django refuses
    the setting for async views) nor a task a worker runs (`@dramatiq.actor`, `@shared_task`:
    no request's transaction there); helpers it calls are not followed, and a view that visibly
    changes no row (no write call, no call named like one, `create_user()`, `save()`, no call of
    its class's methods or of the project's functions; reading its attributes, `self.kwargs.get("pk")`, builtins
    and the queued task's own `delay()` are none) is left alone: its transaction holds
    nothing a rollback would undo, and no lock. A block on a read
    replica is left alone: `transaction.atomic(using="replica")` where the settings declare
    the alias a mirror of another (`"TEST": {"MIRROR": "default"}`, Django's setting for a
    replica) and no transaction on another alias encloses it; it can write nothing, so
    there is nothing for the effect to outrun.

    ## Fix safety
    Unsafe, Django only, for a call that is a statement of its own: it becomes
    `transaction.on_commit(partial(<callable>, <arguments>))` (the arguments are
    evaluated now, as before). The effect now runs after COMMIT, is dropped on
    rollback, and its exceptions surface at commit time.

    ## Where it reports
    | context | reports | why |
    |---|---|---|
    | application code | yes | where requests, jobs and commands run against production data |
    | `migration` | yes | a migration's transaction is a real transaction |
    | a block on a read replica (a `MIRROR` alias) | no | a read-only transaction has nothing to roll back |
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
    - [Django: Performing actions after commit](https://docs.djangoproject.com/en/stable/topics/db/transactions/#performing-actions-after-commit)
    - [Celery: Database transactions](https://docs.celeryq.dev/en/stable/userguide/tasks.html#database-transactions)
    - [SQLAlchemy: `Select.with_for_update()`](https://docs.sqlalchemy.org/en/20/core/selectable.html#sqlalchemy.sql.expression.Select.with_for_update)
    - [Tortoise ORM: Transactions](https://tortoise.github.io/transactions.html)
    """

    code = "ORM303"
    name = "side-effect-in-transaction"
    family = "transactions"
    severity = "warning"
    orms = ("django", "sqlalchemy", "sqlmodel", "peewee", "tortoise", "pony", "asyncpg")
    fix_safety = "unsafe"
    summary = "An HTTP call, email, task or message is sent inside a transaction instead of after commit."
    prefilter = (*TRANSACTION_HINTS, *LOCKS, "request", _FLUSH)
    skip_roles = NON_PRODUCTION | {"shipped-migration"}

    VALID = [
        # deferred to commit
        """
        from functools import partial
        from django.db import transaction
        from shop.tasks import send_receipt

        def pay(order):
            with transaction.atomic():
                order.save()
                transaction.on_commit(lambda: send_receipt.delay(order.pk))
                transaction.on_commit(partial(send_receipt.delay, order.pk))
        """,
        # after the block
        """
        import requests
        from django.db import transaction

        def pay(order):
            with transaction.atomic():
                order.save()
            requests.post("https://hooks.example.com/paid", json={"id": order.pk})
        """,
        # a multiprocessing pool, not a task
        """
        from multiprocessing import Pool
        from django.db import transaction

        def rebuild(items):
            pool = Pool(4)
            with transaction.atomic():
                pool.apply_async(work, (items,))
        """,
        # a Django signal's .send(), not a dramatiq actor
        """
        from django.db import transaction
        from shop.signals import order_paid

        def pay(order):
            with transaction.atomic():
                order.save()
                order_paid.send(sender=type(order), order=order)
        """,
        # dict.get, not an HTTP call
        """
        from django.db import transaction

        def pay(order, options):
            with transaction.atomic():
                order.note = options.get("note")
                order.save()
        """,
    ]
    INVALID = [
        Example(
            """
            from django.db import transaction
            from shop.tasks import send_receipt

            def pay(order):
                with transaction.atomic():
                    order.save()
                    send_receipt.delay(order.pk)
            """,
            lines=(7,),
            fixed="""
            from functools import partial

            from django.db import transaction
            from shop.tasks import send_receipt

            def pay(order):
                with transaction.atomic():
                    order.save()
                    transaction.on_commit(partial(send_receipt.delay, order.pk))
            """,
            message="Celery task send_receipt.delay() inside",
        ),
        Example(
            """
            import requests
            from django.db.transaction import atomic

            @atomic
            def pay(order):
                order.save()
                requests.post("https://hooks.example.com/paid", json={"id": order.pk})
            """,
            lines=(7,),
            fixed="""
            from functools import partial

            import requests
            from django.db import transaction
            from django.db.transaction import atomic

            @atomic
            def pay(order):
                order.save()
                transaction.on_commit(partial(requests.post, "https://hooks.example.com/paid", json={"id": order.pk}))
            """,
            message="HTTP request requests.post() inside transaction.atomic():",
        ),
        Example(
            """
            from celery import shared_task
            from django.core.mail import send_mail
            from django.db import transaction

            @shared_task
            def rebuild_index(pk):
                ...

            def publish(article):
                with transaction.atomic():
                    article.save()
                    rebuild_index.apply_async(args=[article.pk], countdown=5)
                    send_mail("Published", article.title, None, [article.author.email])
            """,
            lines=(12, 13),
            message="Celery task rebuild_index.apply_async() inside",
        ),
        Example(
            """
            import httpx

            async def sync(session, user):
                async with session.begin():
                    session.add(user)
                    async with httpx.AsyncClient() as client:
                        await client.post("https://crm.example.com/users", json={"id": user.id})
            """,
            lines=(7,),
            message="HTTP request client.post() inside session.begin(): it",
        ),
    ]

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self._finder = EffectFinder(ctx.module, ctx.module_name, ctx.imports)
        self._local: dict[str, str] | None = None
        self._names: dict[int, set[str]] = {}  # by function: the names written in it (a lock's, flush)
        self._module_defs: set[str] | None = None

    def visit_Call(self, node: cst.Call) -> None:
        transactions = enclosing_transactions(self.ancestors, self.ctx.imports)
        if transactions and all(self._on_replica(t) for t in transactions):
            return  # a read-only block on a replica: nothing to roll back, no write to wait for
        api = transactions[-1].api if transactions else self._request_transaction()
        lock = None if api else self._lock_before(node)
        flushed = None if api or lock else self._flushed_before(node)
        if api is None and lock is None and flushed is None:
            return
        if in_rollback_handler(self.ancestors, transactions[-1].node if transactions else None):
            return  # an alert sent because the transaction fails: on_commit would never send it
        effect = self._effect(node)
        if effect is None:
            return
        if api is not None:
            where = f"inside {api}: it happens even if the transaction rolls back, and the transaction " \
                    "stays open during it"
            deferrable = not transactions or transactions[-1].orm == DJANGO.name  # transaction.on_commit()
        elif lock is not None:
            where = (f"while the row lock of `{self._code(lock)}` (line {self._line(lock)}) is held: it happens even "
                     "if the transaction rolls back, and the lock is held during it")
            deferrable = False
        else:
            flush, commit = flushed
            where = (f"between `{self._code(flush)}` (line {self._line(flush)}) and `{self._code(commit)}` (line "
                     f"{self._line(commit)}): the flushed rows are not committed yet, so it happens even if the "
                     "commit fails, and a worker may not see them")
            deferrable = False
        later = "defer it with transaction.on_commit()" if deferrable else "run it after the commit"
        self.report(node, f"{effect} {where}; {later}", fix=self._on_commit_fix(node) if deferrable else None)

    def _on_replica(self, transaction: Transaction) -> bool:
        """``transaction.atomic(using="replica")`` on an alias the settings declare a mirror (``TEST: {"MIRROR":
        ...}``): a read replica, where the block can write nothing."""
        replicas = self.ctx.index.derived(EffectRegistry).replica_aliases
        if transaction.orm != DJANGO.name or not replicas:
            return False
        node = transaction.node
        opened = [i.item for i in node.items] if isinstance(node, cst.With) else [d.decorator for d in node.decorators]
        return any(isinstance(call, cst.Call) and string_value(keyword(call, DJANGO_EXTRAS.using)) in replicas
                   and transaction_of(call, self.ctx.imports, node, decorator=isinstance(node, cst.FunctionDef))
                   is not None for call in opened)

    # -- what is an effect ---------------------------------------------------------
    def _effect(self, call: cst.Call) -> str | None:
        """What external effect ``call`` starts; none for Django e-mail when the project's ``EMAIL_BACKEND``
        stores messages in the database (an outbox: rolled back with the transaction)."""
        effect = self._started(call)
        if effect is not None and sends_django_mail(effect) and self.ctx.index.derived(EffectRegistry).mail_queued:
            return None
        return effect

    def _started(self, call: cst.Call) -> str | None:
        function = self.enclosing(cst.FunctionDef)
        klass = self.enclosing(cst.ClassDef)
        effect = self._finder.effect(call, function, klass)
        if effect is not None:
            if effect.startswith("Celery task") and self._not_sent_now(call):
                return None
            return effect
        func = call.func
        if isinstance(func, cst.Name):
            if self._local is None:
                self._local = self._finder.effectful_functions()
            if func.value in self._local:
                return f"{func.value}() ({self._local[func.value]})"
        qualified = self.qualify(func)
        if qualified and "." in qualified:
            helper = self.ctx.index.derived(EffectRegistry).effect_of(qualified)
            if helper is not None:
                return f"{dotted_name(func)}() ({helper})"
        return None

    def _not_sent_now(self, call: cst.Call) -> bool:
        """``task.delay()`` of a task whose class hands the dispatch to ``transaction.on_commit``, or of a task
        a dispatcher of the project's own queues (its ``delay()`` may well go through the database), or of a
        function of the project that no task decorator makes a task (``@merge_delay_run``: its ``delay`` is
        the decorator's own, a debounced run in the process)."""
        receiver = call.func.value
        if not isinstance(receiver, (cst.Name, cst.Attribute)):
            return False
        qualified = self.qualify(receiver) or f"{self.ctx.module_name}.{dotted_name(receiver)}"
        registry = self.ctx.index.derived(EffectRegistry)
        return registry.dispatches_after_commit(qualified) or registry.dispatched_by_project(qualified) or (
            self.ctx.index.derived(_ProjectModules).holds(qualified) and not registry.is_task(qualified))

    def _request_transaction(self) -> str | None:
        """The request's transaction when this is a Django view of a project that sets ``ATOMIC_REQUESTS``:
        a sync function taking ``request`` (after ``self``), not marked ``@transaction.non_atomic_requests``
        (Django refuses ``ATOMIC_REQUESTS`` for async views). A lambda in it (an ``on_commit`` callback) runs later."""
        function = self.enclosing(cst.FunctionDef, cst.Lambda)
        if not in_request_transaction(function, self.ctx):
            return None
        if self._writes_nothing(function):
            return None  # the request's transaction holds no change for a rollback to undo, nor a lock
        return f"the request's transaction (ATOMIC_REQUESTS) of view {function.name.value}()"

    def _writes_nothing(self, view: cst.FunctionDef) -> bool:
        """A view that visibly changes no row: no write call, and no call of its class's methods or of the
        project's functions (which may write); library calls (logging, responses, HTTP) change nothing here."""
        modules = self.ctx.index.derived(_ProjectModules)
        for node in scope_nodes(view.body):
            if not isinstance(node, cst.Call):
                continue
            method = node.func.attr.value if isinstance(node.func, cst.Attribute) else ""
            if is_write(node, self.ctx.imports) or method.startswith(MAY_WRITE):
                return False  # create_user(), save(), a session's commit(), a cursor's execute()...
            if method in DISPATCH_METHODS:
                continue  # task.delay(...): the effect itself, which writes nothing here
            target = dotted_name(node.func) or ""
            if target.split(".", 1)[0] in ("self", "cls", "super") and target.count(".") == 1 or target == "super":
                return False  # a method of the view (self.form_valid(form)); not self.kwargs.get("pk"): a read
            qualified = self.qualify(node.func) or ""
            if isinstance(node.func, cst.Name) and not qualified and node.func.value in self._defined_here() \
                    or modules.holds(qualified):
                return False  # a function of this module, or of another of the project (not a builtin: str(), len())
        return True

    def _defined_here(self) -> set[str]:
        """Names of the module's own functions and classes (a call of any other unimported name is a builtin's)."""
        if self._module_defs is None:
            self._module_defs = {s.name.value for s in self.ctx.module.body
                                 if isinstance(s, (cst.FunctionDef, cst.ClassDef))}
        return self._module_defs

    # -- row locks held until the commit ---------------------------------------------
    def _lock_before(self, call: cst.Call) -> cst.Call | None:
        """A locking read earlier in the function (``with_for_update()``, ``select_for_update()``,
        ``for_update()``) with no commit or rollback between it and ``call``: its row locks are held.

        Asked only for a call outside every transaction block: a lock taken inside a block
        (``with transaction.atomic():``, ``with session.begin():``) was released when the block
        ended, so only a lock taken in the function's own (or its caller's) transaction counts."""
        function = self.enclosing(cst.FunctionDef)
        if function is None or not LOCKS & self._names_in(function):
            return None
        lock = None
        for node, ancestors in walk_scope(function.body):
            if node is call:
                return lock
            if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute):
                method = node.func.attr.value
                if method in LOCKS or any(a.keyword is not None and a.keyword.value in LOCKS and
                                          not _false(a.value) for a in node.args):
                    lock = None if enclosing_transactions((*ancestors, node), self.ctx.imports) else node
                elif method in ENDS and lock is not None:
                    lock = None
        return None

    # -- changes flushed, not yet committed ------------------------------------------------
    def _flushed_before(self, call: cst.Call) -> tuple[cst.Call, cst.Call] | None:
        """A session's ``flush()`` earlier in the function and its ``commit()`` later, with no commit or
        rollback of that session between the flush and ``call``: the flushed rows wait, uncommitted, in a
        transaction only that commit ends (``db.session.flush(); task.delay(order.id); db.session.commit()``).

        Asked only for a call outside every transaction block; a flush inside one is committed by the block."""
        function = self.enclosing(cst.FunctionDef)
        if function is None or _FLUSH not in self._names_in(function):
            return None
        flush, passed = None, False
        for node, ancestors in walk_scope(function.body):
            if node is call:
                if flush is None:
                    return None
                passed = True
                continue
            if not (isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute)) or node.args:
                continue
            method, receiver = node.func.attr.value, node.func.value
            if method == _FLUSH and not passed and flush is None and is_session(receiver) and \
                    not enclosing_transactions((*ancestors, node), self.ctx.imports):
                flush = node
            elif method in ENDS and flush is not None and _same(receiver, flush.func.value):
                if not passed:
                    flush = None  # committed (or rolled back) before the call
                else:
                    return (flush, node) if method == SA.session_commit else None
        return None

    def _names_in(self, function: cst.FunctionDef) -> set[str]:
        """The names written in ``function`` (methods and keywords too), read once per function: whether it can
        hold a lock or a flush at all, before walking it for each call."""
        if id(function) not in self._names:
            self._names[id(function)] = {n.value for n in descendants(function.body) if isinstance(n, cst.Name)}
        return self._names[id(function)]

    def _code(self, node: cst.CSTNode) -> str:
        text = self.ctx.module.code_for_node(node)
        return text if len(text) <= 60 and "\n" not in text else f"….{node.func.attr.value}()"

    def _line(self, node: cst.CSTNode) -> int:
        return self.ctx.metadata(PositionProvider)[node].start.line

    # -- the fix ---------------------------------------------------------------------
    def _on_commit_fix(self, call: cst.Call) -> CstFix | None:
        parent = self.ancestors[-2] if len(self.ancestors) > 1 else None
        if not isinstance(parent, cst.Expr) or parent.value is not call:
            return None
        imports: list[ImportSpec] = []
        on_commit = self._local_name(_ON_COMMIT.package, _ON_COMMIT.names[0], "transaction", imports)
        partial = self._local_name("functools", "partial", "partial", imports)
        if on_commit is None or partial is None:
            return None
        deferred = cst.Call(
            func=cst.parse_expression(on_commit),
            args=[cst.Arg(cst.Call(func=cst.parse_expression(partial),
                                   args=[cst.Arg(call.func), *_with_commas(call.args)]))],
        )
        return CstFix("unsafe", "defer the call with transaction.on_commit()", [(call, deferred)], imports)

    def _local_name(self, module: str, name: str, wanted: str, imports: list[ImportSpec]) -> str | None:
        """How this file can spell ``module.name``, adding an import when needed (None: no clean way)."""
        aliases = self.ctx.imports.aliases
        for local, target in aliases.items():
            if target == f"{module}.{name}":
                return local
        for local, target in aliases.items():
            if target == module:
                return f"{local}.{name}"
        if wanted in aliases:
            return None
        if module == _ON_COMMIT.package:  # from django.db import transaction
            parent, _, last = module.rpartition(".")
            imports.append(ImportSpec(parent, last))
            return f"{last}.{name}"
        imports.append(ImportSpec(module, name))
        return name


MAY_WRITE = write_name_prefixes()  # a manager's ``create_user()``, ``obj.save()``, a cursor's ``execute()``


@derived_table
class _ProjectModules:
    """The modules the index holds, and their packages: what is the project's own code."""

    def __init__(self, index) -> None:
        self.names = {facts.module for facts in index.files.values() if facts.module}
        self.names |= {name.rsplit(".", depth)[0] for name in self.names for depth in range(1, name.count(".") + 1)}

    def holds(self, qualified: str) -> bool:
        return bool(qualified) and qualified.rsplit(".", 1)[0] in self.names


def _same(a: cst.BaseExpression, b: cst.BaseExpression) -> bool:
    name = dotted_name(a)
    return name is not None and name == dotted_name(b)


def _false(value: cst.BaseExpression) -> bool:
    return isinstance(value, cst.Name) and value.value in ("False", "None")


def _with_commas(args) -> list[cst.Arg]:
    """The call's arguments with default commas, so that they follow the callable in partial()."""
    return [a.with_changes(comma=cst.MaybeSentinel.DEFAULT) for a in args]
