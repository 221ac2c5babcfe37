"""External side effects: HTTP writes, e-mail, published messages, background jobs.

:class:`EffectFinder` says which external effect a call starts, from the libraries' APIs
(``requests.post``, ``send_mail``, ``channel.basic_publish``) and the clients the code binds:
in the function (``with httpx.AsyncClient() as client``), as a parameter annotated with a
client class, at module level (``producer = KafkaProducer(...)``), or on ``self`` in any
method of the class (or handed to its constructor annotated). Reads (HTTP GET/HEAD/OPTIONS)
are not effects: nothing happens that a rollback would have to undo.

The index records, per file, the module-level functions whose own body starts an effect
(directly or through another function of the module: a ``notify_webhook()`` helper),
the task functions (Celery, rq, dramatiq) with the task class they declare (``base=``), and
the task classes that dispatch only after the transaction commits (an ``apply_async``/``delay``
override that calls ``transaction.on_commit``). :class:`EffectRegistry` answers across files.
"""

from __future__ import annotations

from collections.abc import Iterator

import libcst as cst

from ormlint.index.derived import derived_table
from ormlint.index.facts import ClassFact, EffectFact, TaskFact
from ormlint.orms.django import DJANGO, DJANGO_EXTRAS
from ormlint.syntax.literals import class_methods, is_true, positional_args, string_value
from ormlint.syntax.names import (
    ImportTable,
    annotated_type,
    dotted_name,
    dotted_suffixes,
    is_from,
)
from ormlint.syntax.walk import descendants, in_rollback_handler, own_calls, scope_nodes

HINTS = ("requests", "httpx", "aiohttp", "urlopen", "mail", "smtplib", "boto", "kafka", "pika", "kombu", "publish",
         "redis", "pubsub", "enqueue", "task", "actor", "on_commit", DJANGO_EXTRAS.atomic_requests)

HTTP = "HTTP request"
EMAIL = "email"  # through Django's mail API: what happens is the project's EMAIL_BACKEND's to say
SMTP = "SMTP email"  # straight to a mail server
JOB = "queued job"
MESSAGE = "published message"
HTTP_READS = frozenset({"GET", "HEAD", "OPTIONS"})
HTTP_WRITES = ("post", "put", "patch", "delete", "request", "send", "stream")
MAIL_FUNCTIONS = ("send_mail", "send_mass_mail", "mail_admins", "mail_managers")
_MESSAGES = ("send_message", "send_message_batch", "publish", "publish_batch", "put_events", "put_record",
             "put_records")
# Client constructors: (package, names) -> what their calls do, and which methods do it.
CLIENTS = (
    (("requests", ("Session",)), HTTP, HTTP_WRITES),
    (("httpx", ("Client", "AsyncClient")), HTTP, HTTP_WRITES),
    (("aiohttp", ("ClientSession",)), HTTP, HTTP_WRITES),
    (("django.core.mail", ("EmailMessage", "EmailMultiAlternatives")), EMAIL, ("send",)),
    (("django.core.mail", ("get_connection",)), EMAIL, ("send_messages",)),
    (("smtplib", ("SMTP", "SMTP_SSL", "LMTP")), SMTP, ("sendmail", "send_message")),
    (("rq", ("Queue",)), JOB, ("enqueue", "enqueue_call", "enqueue_at", "enqueue_in")),
    (("django_rq", ("get_queue",)), JOB, ("enqueue", "enqueue_call", "enqueue_at", "enqueue_in")),
    (("kombu", ("Producer",)), MESSAGE, ("publish",)),
    (("kafka", ("KafkaProducer",)), MESSAGE, ("send",)),
    (("aiokafka", ("AIOKafkaProducer",)), MESSAGE, ("send", "send_and_wait", "send_batch")),
    (("confluent_kafka", ("Producer", "SerializingProducer")), MESSAGE, ("produce",)),
    (("boto3", ("client", "resource")), MESSAGE, _MESSAGES),
    (("aioboto3", ("client", "resource")), MESSAGE, _MESSAGES),
    (("google.cloud.pubsub_v1", ("PublisherClient",)), MESSAGE, ("publish",)),
    (("redis", ("Redis", "StrictRedis", "from_url")), MESSAGE, ("publish",)),
)
# Functions that are an effect by themselves: (package, names) -> kind.
FUNCTIONS = (
    (("requests", HTTP_WRITES), HTTP),
    (("httpx", HTTP_WRITES), HTTP),
    (("urllib", ("urlopen",)), HTTP),
    (("aiohttp", ("request",)), HTTP),
    (("django.core.mail", MAIL_FUNCTIONS), EMAIL),
    (("django_rq", ("enqueue",)), JOB),
)
# Requests to another service over the network, reads as well as writes: (package, names)
REMOTE_CALLS = (("requests", (*HTTP_WRITES, "get", "head", "options")), ("httpx", (*HTTP_WRITES, "get", "head", "options")),
                ("urllib", ("urlopen",)), ("aiohttp", ("request",)))
PUBLISH_METHODS = frozenset({"basic_publish"})  # a message whatever the receiver (pika channels)
TASK_DECORATORS = (("celery", ("shared_task", "task")), ("rq", ("job",)), ("django_rq", ("job",)))
ACTOR_DECORATORS = (("dramatiq", ("actor",)),)
# huey: calling a function decorated with these queues it; the worker runs it (Celery's task runs in place)
ENQUEUE_ON_CALL_DECORATORS = (("huey", ("task", "db_task", "periodic_task", "db_periodic_task")),)
DISPATCH_METHODS = frozenset({"delay", "apply_async"})  # run a Celery task in a worker
# Django e-mail backends that store each message in the database for a worker to send (an outbox): a message
# sent inside a transaction is rolled back with it
QUEUED_EMAIL_BACKENDS = frozenset({"post_office.EmailBackend", "post_office.backends.EmailBackend",
                                   "mailer.backend.DbBackend", "django_yubin.backends.QueuedEmailBackend"})
EMAIL_BACKEND_SETTING = "EMAIL_BACKEND"
# Django's backends that send nothing (tests' and developers' settings): they say nothing of production
UNSENT_EMAIL_BACKENDS = frozenset(f"django.core.mail.backends.{name}.EmailBackend"
                                  for name in ("locmem", "console", "dummy", "filebased"))
# what an e-mail backend's ``send_messages`` may call and still only store the messages: writes of rows, and
# the message's own text
_OUTBOX_WRITES = frozenset(m for w in DJANGO.writes if w.kind in ("save", "create") for m in w.methods) | frozenset(
    b.method for b in DJANGO.hooks.bulk if b.new)
_OUTBOX_READS = frozenset({"message", "as_string", "as_bytes", "recipients", "len", "list", "str"})
TASK_SIGNATURES = frozenset({"signature", "s", "si"})  # a Celery task call to run later (``.apply_async`` of it)
ACTOR_METHODS = frozenset({"send", "send_with_options"})  # dramatiq actors
CELERY_CANVAS = ("chain", "group", "chord", "signature")
# Packages whose decorators make tasks (their dispatch is known).
TASK_LIBRARIES = tuple(p for p, _ in (*TASK_DECORATORS, *ACTOR_DECORATORS, *ENQUEUE_ON_CALL_DECORATORS))
# Names a decorator of the project's own goes by when it makes its function a task (``@task(queue=...)``).
TASK_DECORATOR_NAMES = frozenset({"task", "job", "actor"})
Client = tuple[str, tuple[str, ...]]  # what a bound client's calls do, and which methods do it


# Calls that only make sure a directory exists (``Path(p).mkdir(parents=True, exist_ok=True)``,
# ``os.makedirs(p, exist_ok=True)``): done once, doing them again changes nothing.
ENSURES = frozenset({"mkdir", "makedirs"})


def ensures(value: cst.BaseExpression | None) -> bool:
    """A call that only makes sure something exists (see ``ENSURES``)."""
    if not isinstance(value, cst.Call):
        return False
    func = value.func
    name = func.attr.value if isinstance(func, cst.Attribute) else dotted_name(func)
    return name in ENSURES and any(a.keyword is not None and a.keyword.value == "exist_ok" and is_true(a.value)
                                   for a in value.args)


def calls_remote(call: cst.Call, imports: ImportTable) -> bool:
    """A request to another service, read or write (``requests.get(url)``, ``httpx.post(...)``, ``urlopen(...)``),
    made with the library's module-level function."""
    qualified = imports.qualify(call.func)
    return any(is_from(qualified, package, *names) for package, names in REMOTE_CALLS)


def run_function(call: cst.Call) -> cst.BaseExpression:
    """The function a call runs: the task itself for ``reindex.delay(pk)`` / ``reindex.apply_async(...)``
    (queued, it runs the task), else the callee."""
    func = call.func
    return func.value if isinstance(func, cst.Attribute) and func.attr.value in DISPATCH_METHODS else func


def deferred_function(call: cst.Call) -> cst.BaseExpression | None:
    """The function ``partial(f, ...)`` or ``transaction.on_commit(f)`` hands on to be run later (the task
    itself for ``partial(reindex.apply_async, ...)``); None for another call."""
    if (dotted_name(call.func) or "").rsplit(".", 1)[-1] not in ("partial", *DJANGO_EXTRAS.on_commit.names) \
            or not call.args:
        return None
    func = call.args[0].value
    return func.value if isinstance(func, cst.Attribute) and func.attr.value in DISPATCH_METHODS else func


def enqueued_when_called(function: cst.FunctionDef, imports: ImportTable) -> bool:
    """A call of ``function`` only queues it (huey's ``@task()``/``@db_task()``): what it runs, it runs in
    a worker, not in the caller."""
    for decorator in function.decorators:
        expr = decorator.decorator
        qualified = imports.qualify(expr.func if isinstance(expr, cst.Call) else expr)
        if any(is_from(qualified, package, *names) for package, names in ENQUEUE_ON_CALL_DECORATORS):
            return True
    return False


def task_queue(decorator: cst.BaseExpression, imports: ImportTable) -> str | None:
    """``celery`` (also rq jobs) or ``dramatiq`` when ``decorator`` makes its function a task run by a
    worker once per message (``@shared_task``, ``@app.task(...)``, ``@job``, ``@dramatiq.actor``)."""
    func = decorator.func if isinstance(decorator, cst.Call) else decorator
    qualified = imports.qualify(func)
    if any(is_from(qualified, package, *names) for package, names in ACTOR_DECORATORS):
        return "dramatiq"
    if any(is_from(qualified, package, *names) for package, names in TASK_DECORATORS) or (
            isinstance(func, cst.Attribute) and func.attr.value == "task"):  # @app.task(...)
        return "celery"
    return None


def constructed_client(value: cst.BaseExpression | None, imports: ImportTable) -> Client | None:
    """The client a constructor call builds (``KafkaProducer(...)``, ``boto3.resource("sqs").Queue(url)``)."""
    if isinstance(value, cst.Await):
        value = value.expression
    while isinstance(value, cst.Call):
        qualified = imports.qualify(value.func)
        for (package, names), kind, methods in CLIENTS:
            if is_from(qualified, package, *names):
                return kind, methods
        value = value.func.value if isinstance(value.func, cst.Attribute) else None
    return None


def annotated_client(annotation: cst.Annotation | None, imports: ImportTable) -> Client | None:
    """The client a parameter's annotation names (``client: httpx.AsyncClient``)."""
    if annotation is None:
        return None
    qualified = imports.qualify(annotated_type(annotation.annotation))
    for (package, names), kind, methods in CLIENTS:
        if is_from(qualified, package, *names):
            return kind, methods
    return None


def _bindings(scope: cst.CSTNode, imports: ImportTable, into_scopes: bool, prefix: str = "") -> dict[str, Client]:
    found: dict[str, Client] = {}
    for node in scope_nodes(scope, into_scopes=into_scopes):
        pairs: list[tuple[cst.BaseExpression, cst.BaseExpression | None]] = []
        if isinstance(node, cst.Assign):
            pairs = [(t.target, node.value) for t in node.targets]
        elif isinstance(node, cst.AnnAssign):
            pairs = [(node.target, node.value)]
        elif isinstance(node, cst.WithItem) and node.asname is not None:
            pairs = [(node.asname.name, node.item)]
        for target, value in pairs:
            name = dotted_name(target)
            client = constructed_client(value, imports)
            if name and client and (name.startswith(prefix) if prefix else "." not in name):
                found[name] = client
    return found


def _aliases_of_attributes(function: cst.FunctionDef) -> dict[str, cst.Attribute]:
    """``client`` -> ``self.client`` for each name the function binds once, to an attribute of ``self``."""
    values: dict[str, list[cst.BaseExpression]] = {}
    for node in scope_nodes(function.body, into_scopes=False):
        if isinstance(node, cst.Assign):
            for target in node.targets:
                if isinstance(target.target, cst.Name):
                    values.setdefault(target.target.value, []).append(node.value)
    return {name: found[0] for name, found in values.items() if len(found) == 1
            and isinstance(found[0], cst.Attribute) and dotted_name(found[0].value) == "self"}


def _injected(klass: cst.ClassDef, imports: ImportTable) -> dict[str, Client]:
    """``self.producer = producer`` in a method whose parameter is annotated with a client class
    (``def __init__(self, producer: AIOKafkaProducer)``): a client handed to the object when it is made."""
    found: dict[str, Client] = {}
    for method in klass.body.body if isinstance(klass.body, cst.IndentedBlock) else ():
        if not isinstance(method, cst.FunctionDef):
            continue
        clients = {p.name.value: client for p in (*method.params.params, *method.params.kwonly_params)
                   if (client := annotated_client(p.annotation, imports)) is not None}
        for node in scope_nodes(method.body, into_scopes=False) if clients else ():
            if isinstance(node, cst.Assign) and isinstance(node.value, cst.Name) and node.value.value in clients:
                for target in node.targets:
                    name = dotted_name(target.target)
                    if name and name.startswith("self.") and name.count(".") == 1:
                        found[name] = clients[node.value.value]
    return found


class EffectFinder:
    """What external effect a call of one module starts, if any (clients and tasks of that module)."""

    def __init__(self, module: cst.Module, module_name: str, imports: ImportTable) -> None:
        self.module = module
        self.module_name = module_name
        self.imports = imports
        self._module_clients: dict[str, Client] | None = None
        self._class_clients: dict[int, dict[str, Client]] = {}
        self._function_clients: dict[int, dict[str, Client]] = {}
        self._function_aliases: dict[int, dict[str, cst.Attribute]] = {}
        self._tasks: dict[str, str] | None = None

    # -- what a call does ----------------------------------------------------------------------
    def effect(self, call: cst.Call, function: cst.FunctionDef | None = None,
               klass: cst.ClassDef | None = None) -> str | None:
        """``"HTTP request requests.post()"`` for a call that starts an external effect, else None."""
        func = call.func
        qualified = self.imports.qualify(func)
        shown = f"{dotted_name(func) or '…'}()"
        for (package, names), kind in FUNCTIONS:
            if is_from(qualified, package, *names) and not _reads(call, func) \
                    and not _opens_for_reading(call, function):
                return f"{kind} {shown}"
        if not isinstance(func, cst.Attribute):
            return None
        method = func.attr.value
        task = self._task_dispatch(func)
        if task:
            return task
        if method in PUBLISH_METHODS:
            return f"{MESSAGE} {shown}"
        client = self._client(func.value, function, klass)
        if client is not None and method in client[1] and not _reads(call, func):
            return f"{client[0]} {shown}"
        return None

    def _client(self, receiver: cst.BaseExpression, function: cst.FunctionDef | None,
                klass: cst.ClassDef | None) -> Client | None:
        if isinstance(receiver, cst.Call):
            return constructed_client(receiver, self.imports)
        name = dotted_name(receiver)
        if not name:
            return None
        if function is not None:
            if id(function) not in self._function_clients:
                local = _bindings(function.body, self.imports, into_scopes=False)
                for param in (*function.params.posonly_params, *function.params.params,
                              *function.params.kwonly_params):
                    client = annotated_client(param.annotation, self.imports)
                    if client is not None:
                        local.setdefault(param.name.value, client)
                self._function_clients[id(function)] = local
            if name in self._function_clients[id(function)]:
                return self._function_clients[id(function)][name]
            if id(function) not in self._function_aliases:
                self._function_aliases[id(function)] = _aliases_of_attributes(function)
            alias = self._function_aliases[id(function)].get(name)
            if alias is not None:  # client = self.client
                return self._client(alias, None, klass)
        if name.startswith("self.") and klass is not None:
            if id(klass) not in self._class_clients:
                self._class_clients[id(klass)] = {**_injected(klass, self.imports),
                                                  **_bindings(klass, self.imports, into_scopes=True, prefix="self.")}
            return self._class_clients[id(klass)].get(name)
        if self._module_clients is None:
            self._module_clients = _bindings(self.module, self.imports, into_scopes=False)
        return self._module_clients.get(name)

    def _task_dispatch(self, func: cst.Attribute) -> str | None:
        method, receiver = func.attr.value, func.value
        if method in DISPATCH_METHODS and self.is_task(receiver):
            return f"Celery task {_short(func)}()"
        if method == "send_task":
            return f"Celery {_short(func)}()"
        if method in ACTOR_METHODS and isinstance(receiver, cst.Name) and self.tasks().get(receiver.value) == "dramatiq":
            return f"dramatiq actor {_short(func)}()"
        return None

    def is_task(self, receiver: cst.BaseExpression) -> bool:
        """A Celery task: defined in the module, imported (a task API), or a canvas of tasks."""
        if isinstance(receiver, cst.Call):  # task.s(...).apply_async(), chain(...).apply_async()
            func = receiver.func
            if is_from(self.imports.qualify(func), "celery", *CELERY_CANVAS):
                return True
            return isinstance(func, cst.Attribute) and func.attr.value in ("s", "si", "signature") and \
                self.is_task(func.value)
        if isinstance(receiver, cst.Name) and receiver.value in self.tasks():
            return self.tasks()[receiver.value] != "project"
        qualified = self.imports.qualify(receiver)
        return qualified is not None and not is_from(qualified, "multiprocessing") and \
            not is_from(qualified, "concurrent")

    def tasks(self) -> dict[str, str]:
        """Module-level functions of this module that are tasks: name -> ``celery`` or ``dramatiq``."""
        if self._tasks is None:
            self._tasks = {f.name.value: kind for f, kind, _ in self.task_functions()}
        return self._tasks

    def task_functions(self) -> Iterator[tuple[cst.FunctionDef, str, str]]:
        """(function, ``celery``/``dramatiq``, the qualified ``base=`` task class or ""); ``project`` with the
        decorator's qualified name for a ``@task``-named decorator the project defines (its own dispatcher)."""
        for statement in self.module.body:
            if not isinstance(statement, cst.FunctionDef):
                continue
            for decorator in statement.decorators:
                expr = decorator.decorator
                queue = task_queue(expr, self.imports)
                if queue == "dramatiq":
                    yield statement, "dramatiq", ""
                elif queue == "celery":
                    base = next((a.value for a in expr.args if a.keyword is not None and a.keyword.value == "base"),
                                None) if isinstance(expr, cst.Call) else None
                    yield statement, "celery", self._qualify(base) if base is not None else ""
                elif (own := self._project_dispatcher(expr)) is not None:
                    yield statement, "project", own

    def _project_dispatcher(self, decorator: cst.BaseExpression) -> str | None:
        """The qualified name of a ``@task``/``@job``-named decorator that no task library defines: a
        dispatcher of the project's own (``from app.dispatch import task``), whose ``delay()`` may queue
        through the database, after the commit."""
        func = decorator.func if isinstance(decorator, cst.Call) else decorator
        name = dotted_name(func) or ""
        if name.rsplit(".", 1)[-1] not in TASK_DECORATOR_NAMES:
            return None
        qualified = self._qualify(func)
        return None if any(is_from(qualified, package) for package in TASK_LIBRARIES) else qualified

    def _qualify(self, name: cst.BaseExpression) -> str:
        """Through the imports; a name of this module after the module's name."""
        return self.imports.qualify(name) or f"{self.module_name}.{dotted_name(name) or ''}"

    # -- functions of the module ---------------------------------------------------------------
    def effectful_functions(self) -> dict[str, str]:
        """Module-level functions whose own body starts an effect, directly or through another of them."""
        functions = {s.name.value: s for s in self.module.body if isinstance(s, cst.FunctionDef)}
        found: dict[str, str] = {}
        for name, function in functions.items():
            effect = next((e for c, ancestors in own_calls(function.body)
                           if not in_rollback_handler(ancestors) and (e := self.effect(c, function))), None)
            if effect:
                found[name] = effect
        changed = True
        while changed:
            changed = False
            for name, function in functions.items():
                if name in found:
                    continue
                for call, _ in own_calls(function.body):
                    callee = call.func.value if isinstance(call.func, cst.Name) else None
                    if callee in found and callee != name:
                        found[name] = f"{callee}() ({found[callee]})"
                        changed = True
                        break
        return found


def _opens_for_reading(call: cst.Call, function: cst.FunctionDef | None) -> bool:
    """``urlopen(url)``: a GET, with no ``data`` and no ``Request`` that sends some (built in the call, or bound
    in the function: ``req = Request(url, data=body)``; ``urlopen(req)``)."""
    if (dotted_name(call.func) or "").rsplit(".", 1)[-1] != "urlopen" or len(positional_args(call)) > 1 or any(
            a.keyword is not None and a.keyword.value == "data" for a in call.args) or not call.args:
        return False
    target = call.args[0].value
    built = [target] if isinstance(target, cst.Call) else [
        stmt.value for stmt in (descendants(function.body) if function is not None else ())
        if isinstance(stmt, cst.Assign) and isinstance(target, cst.Name)
        and any(isinstance(t.target, cst.Name) and t.target.value == target.value for t in stmt.targets)]
    return not any(isinstance(value, cst.Call) and (dotted_name(value.func) or "").rsplit(".", 1)[-1] == "Request"
                   and (len(positional_args(value)) > 1 or any(
                       a.keyword is not None and a.keyword.value in ("data", "method") for a in value.args))
                   for value in built)


def _reads(call: cst.Call, func: cst.BaseExpression) -> bool:
    """An HTTP call that only reads: ``request("GET", url)``, ``send`` of a GET request built in place."""
    last = func.attr.value if isinstance(func, cst.Attribute) else dotted_name(func) or ""
    if last.rsplit(".", 1)[-1] != "request":
        return False
    method = call.args[0].value if call.args and call.args[0].keyword is None else None
    text = string_value(method) if method is not None else None
    return text is not None and text.upper() in HTTP_READS


def _short(func: cst.Attribute) -> str:
    return dotted_name(func) or f"….{func.attr.value}"


def _defers_to_commit(klass: cst.ClassDef, imports: ImportTable) -> bool:
    """A task class whose dispatch methods hand the call to ``transaction.on_commit``."""
    return any(
        isinstance(statement, cst.FunctionDef) and statement.name.value in DISPATCH_METHODS | ACTOR_METHODS
        and any(DJANGO_EXTRAS.on_commit.matches(imports.qualify(c.func)) for c, _ in own_calls(statement.body))
        for statement in klass.body.body)


def extract_effects(module: cst.Module, module_name: str,
                    imports: ImportTable) -> tuple[tuple[EffectFact, ...], tuple[TaskFact, ...], tuple[str, ...]]:
    """Index facts: effectful functions, tasks with their class, task classes that dispatch after commit."""
    finder = EffectFinder(module, module_name, imports)
    effects = tuple(EffectFact(name, effect) for name, effect in sorted(finder.effectful_functions().items()))
    tasks = tuple(TaskFact(f.name.value, kind, base) for f, kind, base in finder.task_functions())
    deferred = tuple(f"{module_name}.{s.name.value}" for s in module.body
                     if isinstance(s, cst.ClassDef) and _defers_to_commit(s, imports))
    return effects, tasks, deferred


def database_settings(module: cst.Module) -> tuple[bool, tuple[str, ...]]:
    """What the module's Django database settings say, in one walk of the whole module:

    - whether it turns ``ATOMIC_REQUESTS`` on: ``{"ATOMIC_REQUESTS": True}`` in a settings dict or
      ``DATABASES["default"]["ATOMIC_REQUESTS"] = True``;
    - the aliases it declares as read replicas: ``"replica": {..., "TEST": {"MIRROR": "default"}}`` in a
      settings dict, or ``DATABASES["replica"] = {...}`` (Django's documented setting for a replica, which
      tests run against its primary).
    """
    key = DJANGO_EXTRAS.atomic_requests
    atomic, replicas = False, []
    for node in descendants(module):
        if type(node) is cst.DictElement:
            if _true(node.value) and string_value(node.key) == key:
                atomic = True
            elif _mirrors(node.value):
                replicas.append(string_value(node.key))
        elif type(node) is cst.Assign and (_true(node.value) or _mirrors(node.value)):
            names = [string_value(t.target.slice[0].slice.value) for t in node.targets
                     if isinstance(t.target, cst.Subscript) and isinstance(t.target.slice[0].slice, cst.Index)]
            if _true(node.value):
                atomic = atomic or key in names
            else:
                replicas.extend(names)
    return atomic, tuple(alias for alias in replicas if alias)


def email_settings(module: cst.Module, module_name: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The Django ``EMAIL_BACKEND`` values the module sets (module-level string literals), and its e-mail backend
    classes whose ``send_messages`` only stores the messages as rows (``RawEmail.objects.bulk_create(...)``):
    an outbox a worker empties after the commit."""
    backends, outboxes = [], []
    for statement in module.body:
        small = statement.body[0] if isinstance(statement, cst.SimpleStatementLine) else None
        names = {t.target.value for t in small.targets if isinstance(t.target, cst.Name)} \
            if isinstance(small, cst.Assign) else set()
        if EMAIL_BACKEND_SETTING in names and string_value(small.value):
            backends.append(string_value(small.value))
        elif isinstance(statement, cst.ClassDef) and _stores_messages(statement):
            outboxes.append(f"{module_name}.{statement.name.value}" if module_name else statement.name.value)
    return tuple(backends), tuple(outboxes)


def _stores_messages(klass: cst.ClassDef) -> bool:
    """A ``send_messages`` that writes rows and calls nothing else but the messages' own text."""
    method = class_methods(klass).get("send_messages")
    if method is None:
        return False
    names = [(c.func.attr.value if isinstance(c.func, cst.Attribute) else dotted_name(c.func) or "")
             for c in descendants(method.body) if isinstance(c, cst.Call)]
    return any(n in _OUTBOX_WRITES for n in names) and all(
        n in _OUTBOX_WRITES | _OUTBOX_READS or n[:1].isupper() for n in names)


def sends_django_mail(effect: str) -> bool:
    """Whether an effect as :class:`EffectFinder` names it is e-mail through Django's mail API (itself, or
    through a function that sends it: ``notify() (email send_mail())``)."""
    return effect.startswith(f"{EMAIL} ") or f"({EMAIL} " in effect


def _mirrors(value: cst.BaseExpression) -> bool:
    """A database's settings whose test options name the database it mirrors."""
    return isinstance(value, cst.Dict) and any(
        isinstance(e, cst.DictElement) and string_value(e.key) == DJANGO_EXTRAS.test_settings
        and isinstance(e.value, cst.Dict) and any(
            isinstance(t, cst.DictElement) and string_value(t.key) == DJANGO_EXTRAS.test_mirror
            for t in e.value.elements)
        for e in value.elements)


def _true(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.Name) and node.value == "True"


@derived_table
class EffectRegistry:
    """The project's effectful functions and tasks, by every dotted suffix of their names."""

    def __init__(self, index) -> None:
        self.effects: dict[str, set[str]] = {}
        self.task_bases: dict[str, set[str]] = {}
        self.task_frameworks: dict[str, set[str]] = {}
        for facts in index.files.values():
            for effect in facts.effects:
                for suffix in dotted_suffixes(f"{facts.module}.{effect.function}"):
                    self.effects.setdefault(suffix, set()).add(effect.effect)
            for task in facts.tasks:
                for suffix in dotted_suffixes(f"{facts.module}.{task.function}"):
                    self.task_bases.setdefault(suffix, set()).add(task.base)
                    self.task_frameworks.setdefault(suffix, set()).add(task.framework)
        self.deferred = _deferred_classes(index)
        self.atomic_requests = any(facts.atomic_requests for facts in index.files.values())
        backends = {b for facts in index.files.values() for b in facts.email_backends} - UNSENT_EMAIL_BACKENDS
        outboxes = {s for facts in index.files.values() for o in facts.outbox_backends for s in dotted_suffixes(o)}
        # the project's e-mail goes to an outbox of rows: sent inside a transaction, it is rolled back with it
        self.mail_queued = bool(backends) and all(b in QUEUED_EMAIL_BACKENDS or b in outboxes for b in backends)
        self.replica_aliases = frozenset(alias for facts in index.files.values() for alias in facts.replica_aliases)

    def effect_of(self, qualified: str | None) -> str | None:
        """The effect a project function (``shop.notify.post_webhook``) starts, when the name is unique."""
        found = self.effects.get(qualified or "")
        return next(iter(found)) if found and len(found) == 1 else None

    def is_task(self, qualified: str | None) -> bool:
        """A function the project makes a task (Celery, rq, dramatiq, or a dispatcher of its own)."""
        return bool(self.task_frameworks.get(qualified or ""))

    def dispatched_by_project(self, qualified: str | None) -> bool:
        """A task made by a ``@task`` decorator of the project's own: how (and when) it is queued is unknown."""
        return self.task_frameworks.get(qualified or "") == {"project"}

    def dispatches_after_commit(self, qualified: str | None) -> bool:
        """A task whose class dispatches only once the transaction commits (``base=TransactionAwareTask``)."""
        bases = self.task_bases.get(qualified or "")
        if not bases or len(bases) != 1:
            return False
        base = next(iter(bases))
        return bool(base) and any(suffix in self.deferred for suffix in dotted_suffixes(base))


def _deferred_classes(index) -> set[str]:
    """Dotted suffixes of the task classes that dispatch after commit, subclasses included."""
    deferred: set[str] = set()
    for facts in index.files.values():
        for qualname in facts.deferred_task_classes:
            deferred.update(dotted_suffixes(qualname))
    classes: list[ClassFact] = [c for facts in index.files.values() for c in facts.classes]
    changed = bool(deferred)
    while changed:
        changed = False
        for klass in classes:
            if klass.qualname not in deferred and any(base in deferred for base in klass.bases):
                deferred.update(dotted_suffixes(klass.qualname))
                changed = True
    return deferred
