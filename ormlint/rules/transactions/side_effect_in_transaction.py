"""ORM303 side-effect-in-transaction."""

from __future__ import annotations

import libcst as cst

from ormlint.analysis.transactions import TRANSACTION_HINTS, enclosing_transactions
from ormlint.api import CstFix, Example, ImportSpec, Rule
from ormlint.core.roles import NON_PRODUCTION
from ormlint.orms.django import DJANGO, DJANGO_EXTRAS
from ormlint.syntax.names import dotted_name, is_from
from ormlint.syntax.walk import visit as walk_visit

HTTP_VERBS = ("get", "post", "put", "patch", "delete", "head", "options", "request", "stream")
MAIL_FUNCTIONS = ("send_mail", "send_mass_mail", "mail_admins", "mail_managers")
# Objects a function creates and then uses for an effect: constructor → (kind, methods).
CLIENTS = (
    (("requests", ("Session",)), "HTTP request", HTTP_VERBS + ("send",)),
    (("httpx", ("Client", "AsyncClient")), "HTTP request", HTTP_VERBS + ("send",)),
    (("aiohttp", ("ClientSession",)), "HTTP request", HTTP_VERBS + ("ws_connect",)),
    (("django.core.mail", ("EmailMessage", "EmailMultiAlternatives")), "email", ("send",)),
    (("django.core.mail", ("get_connection",)), "email", ("send_messages",)),
    (("smtplib", ("SMTP", "SMTP_SSL")), "email", ("sendmail", "send_message")),
    (("rq", ("Queue",)), "queued job", ("enqueue", "enqueue_call", "enqueue_at", "enqueue_in")),
    (("django_rq", ("get_queue",)), "queued job", ("enqueue", "enqueue_call", "enqueue_at", "enqueue_in")),
    (("kombu", ("Producer",)), "published message", ("publish",)),
    (("boto3", ("client",)), "published message", ("send_message", "send_message_batch", "publish", "put_events")),
)
TASK_DECORATORS = (("celery", ("shared_task", "task")), ("rq", ("job",)), ("django_rq", ("job",)))
CELERY_CANVAS = ("chain", "group", "chord", "signature")
_ON_COMMIT = DJANGO_EXTRAS.on_commit


class SideEffectInTransaction(Rule):
    """
    ## What it does
    Flags an external side effect started inside a transaction (`transaction.atomic()`,
    `session.begin()`, `db.atomic()`, `in_transaction()`, `conn.transaction()`):
    an HTTP request (`requests`, `httpx`, `urllib.request.urlopen`, an `aiohttp`
    session), an email (Django `send_mail`/`mail_admins`/`EmailMessage.send`,
    `smtplib`), a background task (a Celery task's `.delay()`/`.apply_async()`,
    `send_task`, rq `enqueue`, a dramatiq actor's `.send()`) or a published message
    (pika `basic_publish`, kombu `Producer.publish`, boto3 SQS/SNS).

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
    reported. `.delay()`/`.apply_async()` count when the receiver is a task defined in
    the file (`@shared_task`, `@app.task`, rq `@job`) or an imported name (Celery's
    task API; a `multiprocessing` pool is a local object); dramatiq `.send()` only for
    actors defined in the file, since `.send()` is also how Django signals fire.

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
    - [Django: Performing actions after commit](https://docs.djangoproject.com/en/stable/topics/db/transactions/#performing-actions-after-commit)
    - [Celery: Database transactions](https://docs.celeryq.dev/en/stable/userguide/tasks.html#database-transactions)
    """

    code = "ORM303"
    name = "side-effect-in-transaction"
    family = "transactions"
    severity = "warning"
    orms = ("django", "sqlalchemy", "sqlmodel", "peewee", "tortoise", "pony", "asyncpg")
    fix_safety = "unsafe"
    summary = "An HTTP call, email, task or message is sent inside a transaction instead of after commit."
    prefilter = TRANSACTION_HINTS
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
        self._tasks: dict[str, str] | None = None
        self._bindings: dict[cst.CSTNode, dict[str, tuple[str, tuple[str, ...]]]] = {}

    def visit_Call(self, node: cst.Call) -> None:
        effect = self._effect(node)
        if effect is None:
            return
        transactions = enclosing_transactions(self.ancestors, self.ctx.imports)
        if not transactions:
            return
        innermost = transactions[-1]
        deferrable = innermost.orm == DJANGO.name  # transaction.on_commit()
        later = "defer it with transaction.on_commit()" if deferrable else "run it after the commit"
        self.report(
            node,
            f"{effect} inside {innermost.api}: it happens even if the transaction rolls back, and the "
            f"transaction stays open during it; {later}",
            fix=self._on_commit_fix(node) if deferrable else None,
        )

    # -- what is an effect ---------------------------------------------------------
    def _effect(self, call: cst.Call) -> str | None:
        func = call.func
        qualified = self.qualify(func)
        shown = f"{dotted_name(func) or '…'}()"
        if is_from(qualified, "requests", *HTTP_VERBS) or is_from(qualified, "httpx", *HTTP_VERBS):
            return f"HTTP request {shown}"
        if is_from(qualified, "urllib", "urlopen") or is_from(qualified, "aiohttp", "request"):
            return f"HTTP request {shown}"
        if is_from(qualified, "django.core.mail", *MAIL_FUNCTIONS):
            return f"email {shown}"
        if is_from(qualified, "django_rq", "enqueue"):
            return f"queued job {shown}"
        if not isinstance(func, cst.Attribute):
            return None
        method = func.attr.value
        if method in ("delay", "apply_async") and self._is_task(func.value):
            return f"Celery task {_short(func)}()"
        if method == "send_task":
            return f"Celery {_short(func)}()"
        if method == "basic_publish":
            return f"published message {_short(func)}()"
        if method in ("send", "send_with_options") and isinstance(func.value, cst.Name):
            if self._task_functions().get(func.value.value) == "dramatiq":
                return f"dramatiq actor {_short(func)}()"
        receiver = func.value
        if isinstance(receiver, cst.Call):
            kind = _client_kind(self.qualify(receiver.func), method)
            return f"{kind} {_short(func)}()" if kind else None
        if isinstance(receiver, cst.Name):
            bound = self._bindings_here().get(receiver.value)
            if bound is not None and method in bound[1]:
                return f"{bound[0]} {_short(func)}()"
        return None

    def _is_task(self, receiver: cst.BaseExpression) -> bool:
        if isinstance(receiver, cst.Call):  # task.s(...).apply_async(), chain(...).apply_async()
            func = receiver.func
            if is_from(self.qualify(func), "celery", *CELERY_CANVAS):
                return True
            return isinstance(func, cst.Attribute) and func.attr.value in ("s", "si", "signature") and \
                self._is_task(func.value)
        if isinstance(receiver, cst.Name) and receiver.value in self._task_functions():
            return True
        qualified = self.qualify(receiver)
        return qualified is not None and not is_from(qualified, "multiprocessing") and \
            not is_from(qualified, "concurrent")

    def _task_functions(self) -> dict[str, str]:
        """Module-level functions of this file that are tasks: name → ``celery`` or ``dramatiq``."""
        if self._tasks is None:
            self._tasks = {}
            for statement in self.ctx.module.body:
                if isinstance(statement, cst.FunctionDef):
                    for decorator in statement.decorators:
                        kind = self._task_kind(decorator.decorator)
                        if kind:
                            self._tasks[statement.name.value] = kind
        return self._tasks

    def _task_kind(self, expr: cst.BaseExpression) -> str | None:
        func = expr.func if isinstance(expr, cst.Call) else expr
        qualified = self.qualify(func)
        if is_from(qualified, "dramatiq", "actor"):
            return "dramatiq"
        if any(is_from(qualified, package, *names) for package, names in TASK_DECORATORS):
            return "celery"
        if isinstance(func, cst.Attribute) and func.attr.value == "task":  # @app.task, @celery_app.task(...)
            return "celery"
        return None

    def _bindings_here(self) -> dict[str, tuple[str, tuple[str, ...]]]:
        """Names the enclosing function binds to clients (``s = requests.Session()``, ``with ... as c``)."""
        scope = self.enclosing(cst.FunctionDef) or self.ctx.module
        if scope not in self._bindings:
            collector = _ClientBindings(self)
            walk_visit(scope, collector)
            self._bindings[scope] = collector.bindings
        return self._bindings[scope]

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


class _ClientBindings(cst.CSTVisitor):
    def __init__(self, rule: SideEffectInTransaction) -> None:
        super().__init__()
        self.rule = rule
        self.bindings: dict[str, tuple[str, tuple[str, ...]]] = {}

    def _bind(self, target: cst.BaseExpression, value: cst.BaseExpression) -> None:
        if isinstance(value, cst.Await):
            value = value.expression
        if isinstance(target, cst.Name) and isinstance(value, cst.Call):
            qualified = self.rule.qualify(value.func)
            for (package, names), kind, methods in CLIENTS:
                if is_from(qualified, package, *names):
                    self.bindings[target.value] = (kind, methods)

    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            self._bind(target.target, node.value)

    def visit_WithItem(self, node: cst.WithItem) -> None:
        if node.asname is not None:
            self._bind(node.asname.name, node.item)


def _client_kind(qualified: str | None, method: str) -> str | None:
    for (package, names), kind, methods in CLIENTS:
        if is_from(qualified, package, *names) and method in methods:
            return kind
    return None


def _short(func: cst.Attribute) -> str:
    return dotted_name(func) or f"….{func.attr.value}"


def _with_commas(args) -> list[cst.Arg]:
    """The call's arguments with default commas, so that they follow the callable in partial()."""
    return [a.with_changes(comma=cst.MaybeSentinel.DEFAULT) for a in args]
