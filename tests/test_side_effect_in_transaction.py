"""ORM303 side-effect-in-transaction."""

from __future__ import annotations

import libcst as cst
import pytest
from ormlint.rules.transactions.side_effect_in_transaction import (
    SideEffectInTransaction,
)

from ormlint.testing import fix_source, lint_source

HEADER = "from django.db import transaction\n"


def lines(code: str, path: str = "app/services.py") -> list[int]:
    return [f.line for f in lint_source(code, SideEffectInTransaction, path=path)]


@pytest.mark.parametrize("imports, call", [
    ("import requests", "requests.post(url, json=data)"),
    ("import httpx", "httpx.put(url)"),
    ("from urllib.request import urlopen", "urlopen(url, data)"),
    ("from urllib.request import Request, urlopen", "urlopen(Request(url, method='POST'))"),
    ("from django.core.mail import send_mail", "send_mail('s', 'b', None, [to])"),
    ("from django.core.mail import mail_admins", "mail_admins('s', 'b')"),
    ("from django.core.mail import EmailMessage", "EmailMessage('s', 'b', to=[to]).send()"),
    ("from shop.tasks import notify", "notify.delay(1)"),
    ("from shop import tasks", "tasks.notify.apply_async(args=[1])"),
    ("from shop.tasks import notify", "notify.s(1).apply_async()"),
    ("from celery import current_app", "current_app.send_task('shop.notify', args=[1])"),
    ("import django_rq", "django_rq.enqueue(work, 1)"),
    ("import pika", "channel.basic_publish(exchange='', routing_key='q', body=b'x')"),
])
def test_effects_inside_atomic(imports, call):
    code = f"{imports}\n{HEADER}\ndef pay(order, url, data, to, channel, work):\n    with transaction.atomic():\n" \
           f"        order.save()\n        {call}\n"
    assert lines(code) == [7]


def test_urlopen_without_data_reads():
    """``urlopen(url)`` is a GET (a download the transaction needs, nothing a rollback would have to undo),
    unless it sends data or a ``Request`` that does (built in place or bound before)."""
    code = """
    import urllib.request
    from django.db import transaction

    def unpack(bundle, url, body):
        with transaction.atomic():
            bundle.save()
            data = urllib.request.urlopen(url).read()
            plain = urllib.request.urlopen(urllib.request.Request(url, headers={"Accept": "x"}))
            req = urllib.request.Request(url, data=body)
            urllib.request.urlopen(req)
    """
    assert lines(code) == [10]


def test_bound_clients_are_followed():
    code = """
    import smtplib
    import boto3
    import requests
    from rq import Queue
    from django.db import transaction

    def pay(order):
        http = requests.Session()
        smtp = smtplib.SMTP("mail")
        queue = Queue("default")
        sqs = boto3.client("sqs")
        with transaction.atomic():
            order.save()
            http.post("https://example.com")
            smtp.sendmail("a@example.com", ["b@example.com"], "hi")
            queue.enqueue(work, order.pk)
            sqs.send_message(QueueUrl=URL, MessageBody="x")
            http.headers.update({"x": "y"})
    """
    assert lines(code) == [14, 15, 16, 17]


def test_tasks_defined_in_the_file():
    code = """
    import dramatiq
    from celery import shared_task
    from django.db import transaction

    @shared_task
    def rebuild(pk): ...

    @app.task(bind=True)
    def reindex(self, pk): ...

    @dramatiq.actor
    def ping(pk): ...

    def publish(article, local):
        with transaction.atomic():
            rebuild.delay(article.pk)
            reindex.delay(article.pk)
            ping.send(article.pk)
            local.delay(article.pk)
    """
    assert lines(code) == [16, 17, 18]


@pytest.mark.parametrize("code", [
    # on_commit callbacks run after the commit
    HEADER + "from shop.tasks import notify\ndef f(o):\n    with transaction.atomic():\n"
    "        transaction.on_commit(lambda: notify.delay(o.pk))\n",
    # a nested function is a callback
    HEADER + "import requests\ndef f(o):\n    with transaction.atomic():\n        def cb():\n"
    "            requests.post('https://example.com')\n        transaction.on_commit(cb)\n",
    # outside the transaction
    HEADER + "from shop.tasks import notify\ndef f(o):\n    with transaction.atomic():\n        o.save()\n"
    "    notify.delay(o.pk)\n",
    # an unknown object's delay/send, a thread pool's apply_async
    HEADER + "from multiprocessing.pool import ThreadPool\ndef f(o, job, pool, signal):\n"
    "    with transaction.atomic():\n        job.delay(1)\n        pool.apply_async(work)\n        signal.send(o)\n",
    # tests are not checked
])
def test_negatives(code):
    assert lines(code) == []


def test_an_alert_in_a_handler_that_raises_goes_out_because_the_transaction_rolls_back():
    """An effect in an ``except`` clause that ends by raising, inside the transaction, runs exactly when the
    transaction rolls back (on_commit would never send it), also in a helper of the module whose other
    effect would be its own; an effect in a handler that swallows the error, or in the transaction's
    normal path, still counts."""
    code = """
    from django.core.mail import mail_admins, send_mail
    from django.db import transaction

    def alert_on_failure(payment):
        try:
            payment.approve()
        except Exception:
            mail_admins("payment failed", str(payment.pk))
            raise

    def process(payment):
        with transaction.atomic():
            alert_on_failure(payment)

    def swallowed(payment):
        with transaction.atomic():
            try:
                payment.approve()
            except Exception:
                send_mail("failed", "b", None, ["ops@example.com"])
            send_mail("approved", "b", None, [payment.email])

    def failure_alert(payment):
        with transaction.atomic():
            try:
                payment.approve()
            except Exception:
                mail_admins("payment failed", str(payment.pk))
                raise
    """
    assert lines(code) == [20, 21]


def test_sqlalchemy_and_async_contexts_report_without_fix():
    code = """
    import requests

    def sync(session, user):
        with session.begin():
            session.add(user)
            requests.post("https://crm.example.com", json={"id": user.id})
    """
    [finding] = lint_source(code, SideEffectInTransaction)
    assert finding.line == 6 and finding.fix is None
    assert "session.begin()" in finding.message and "after the commit" in finding.message


def test_fix_wraps_in_on_commit_with_partial_and_is_idempotent():
    code = """
    from django.db import transaction
    from shop.tasks import notify

    def pay(orders):
        with transaction.atomic():
            for order in orders:
                order.save()
                notify.delay(order.pk, reason="paid")
    """
    fixed = fix_source(code, SideEffectInTransaction)
    assert "transaction.on_commit(partial(notify.delay, order.pk, reason=\"paid\"))" in fixed
    assert "from functools import partial" in fixed
    cst.parse_module(fixed)
    assert fix_source(fixed, SideEffectInTransaction) == fixed
    assert lint_source(fixed, SideEffectInTransaction) == []


def test_fix_uses_existing_names_and_skips_when_names_clash():
    code = """
    import functools
    from django.db import transaction as tx
    from shop.tasks import notify

    def pay(order):
        with tx.atomic():
            notify.delay(order.pk)
    """
    fixed = fix_source(code, SideEffectInTransaction)
    assert "tx.on_commit(functools.partial(notify.delay, order.pk))" in fixed
    clash = """
    from django.db.transaction import atomic
    from shop.tasks import notify
    from shop import transaction

    @atomic
    def pay(order):
        notify.delay(order.pk)
    """
    [finding] = lint_source(clash, SideEffectInTransaction)
    assert finding.fix is None


def test_no_fix_when_the_result_is_used():
    code = """
    import requests
    from django.db import transaction

    def pay(order):
        with transaction.atomic():
            response = requests.post("https://example.com")
            order.ref = response.json()["id"]
            order.save()
    """
    [finding] = lint_source(code, SideEffectInTransaction)
    assert finding.fix is None


def test_tests_are_not_checked():
    code = HEADER + "import requests\ndef test_x():\n    with transaction.atomic():\n        requests.get('http://x')\n"
    assert lines(code, path="tests/test_x.py") == []


# --- producers, clients bound at module level or by annotation, every ORM's transaction -----------------

def test_message_producers_and_clients_bound_anywhere():
    code = """
    import boto3
    import httpx
    import redis
    from aiokafka import AIOKafkaProducer
    from confluent_kafka import Producer
    from kafka import KafkaProducer
    from tortoise.transactions import in_transaction

    producer = KafkaProducer(bootstrap_servers="kafka:9092")
    sns = boto3.client("sns")
    queue = boto3.resource("sqs").Queue("https://sqs.example.com/orders")
    http = httpx.AsyncClient()
    cache = redis.Redis()

    class Publisher:
        def __init__(self):
            self.kafka = Producer({"bootstrap.servers": "kafka:9092"})

        async def pay(self, order, events: AIOKafkaProducer):
            async with in_transaction():
                await order.save()
                producer.send("orders", b"paid")
                sns.publish(TopicArn=ARN, Message="paid")
                queue.send_message(MessageBody="paid")
                await http.post("https://hooks.example.com/paid", json={})
                await events.send_and_wait("orders", b"paid")
                self.kafka.produce("orders", b"paid")
                cache.publish("orders", "paid")
                await http.get("https://rates.example.com/eur")
                producer.flush()
                cache.get("orders")
    """
    found = lint_source(code, SideEffectInTransaction)
    assert [f.line for f in found] == [22, 23, 24, 25, 26, 27, 28]
    assert "published message producer.send() inside in_transaction()" in found[0].message
    assert "run it after the commit" in found[0].message


def test_sqlalchemy_session_begin_and_aiohttp():
    code = """
    import aiohttp
    from sqlalchemy.ext.asyncio import AsyncSession

    async def sync_user(session: AsyncSession, user):
        async with session.begin():
            session.add(user)
            async with aiohttp.ClientSession() as client:
                await client.post("https://crm.example.com/users", json={"id": user.id})
        async with aiohttp.ClientSession() as client:
            await client.post("https://crm.example.com/users", json={"id": user.id})
    """
    assert lines(code) == [8]


def test_webhook_helpers_of_the_module_and_of_other_modules():
    hooks = """
    import requests

    def post_webhook(url, payload):
        requests.post(url, json=payload, timeout=5)

    def notify_paid(order):
        post_webhook(order.webhook_url, {"id": order.pk})

    def fetch_rates():
        return requests.get("https://rates.example.com").json()
    """
    code = """
    from django.db import transaction
    from shop.hooks import notify_paid, fetch_rates

    def audit(order):
        log.info("paid %s", order.pk)

    def pay(order):
        with transaction.atomic():
            order.save()
            notify_paid(order)
            fetch_rates()
            audit(order)
    """
    found = lint_source(code, SideEffectInTransaction, path="shop/views.py", files={"shop/hooks.py": hooks})
    assert [f.line for f in found] == [10]
    assert "notify_paid() (post_webhook() (HTTP request requests.post()))" in found[0].message
    local = hooks + """
    from django.db import transaction

    def pay(order):
        with transaction.atomic():
            order.save()
            notify_paid(order)
            transaction.on_commit(lambda: notify_paid(order))
    """
    assert lines(local) == [17]


TASKS = """
from celery import Task
from django.db import transaction

from shop.celery import app


class TransactionAwareTask(Task):
    def apply_async(self, *args, **kwargs):
        transaction.on_commit(lambda: super(TransactionAwareTask, self).apply_async(*args, **kwargs))


class ProfiledAwareTask(TransactionAwareTask):
    pass


@app.task(base=TransactionAwareTask)
def send_receipt(order_id): ...


@app.task(base=ProfiledAwareTask)
def reindex(order_id): ...


@app.task
def recalculate(order_id): ...
"""


def test_tasks_whose_class_dispatches_after_commit():
    code = """
    from django.db import transaction
    from shop.tasks import recalculate, reindex, send_receipt

    def pay(order):
        with transaction.atomic():
            order.save()
            send_receipt.apply_async(args=[order.pk])
            reindex.delay(order.pk)
            recalculate.delay(order.pk)
    """
    found = lint_source(code, SideEffectInTransaction, path="shop/views.py", files={"shop/tasks.py": TASKS})
    assert [f.line for f in found] == [9]
    assert "Celery task recalculate.delay()" in found[0].message


PROJECT_DISPATCH = """
from app.dispatch.publish import task


@task(queue="default")
def delete_inventory(inventory_id): ...


@task()
def health_check(hostname): ...
"""

DISPATCHER = """
class task:
    \"\"\"Publishes the call with pg_notify on the request's database connection.\"\"\"

    def __init__(self, queue=None):
        self.queue = queue
"""


def test_tasks_of_a_dispatcher_of_the_project_own_are_not_celery_tasks():
    code = """
    from django.db import transaction
    from app.tasks import delete_inventory, health_check
    from shop.tasks import recalculate

    def schedule_deletion(inventory):
        with transaction.atomic():
            inventory.save()
            delete_inventory.delay(inventory.pk)
            health_check.apply_async([inventory.host])
            recalculate.delay(inventory.pk)
    """
    files = {"app/tasks.py": PROJECT_DISPATCH, "app/dispatch/publish.py": DISPATCHER, "shop/tasks.py": TASKS}
    found = lint_source(code, SideEffectInTransaction, path="app/views.py", files=files)
    # the project's own @task may queue through the database (delivered on commit): how is unknown;
    # a Celery @app.task still sends at once
    assert [f.line for f in found] == [10]
    assert "Celery task recalculate.delay()" in found[0].message
    local = PROJECT_DISPATCH + (
        "from django.db import transaction\n\n"
        "def schedule_deletion(inventory):\n"
        "    with transaction.atomic():\n"
        "        delete_inventory.delay(inventory.pk)\n"
    )
    assert lines(local, path="app/tasks.py") == []


def test_a_project_function_whose_delay_is_a_decorator_of_its_own_is_no_celery_task():
    """``@merge_delay_run`` (a decorator of the project) gives a function a ``delay`` that runs it later in the
    process: no message leaves for a broker. A Celery task of the project imported the same way still does."""
    code = """
    from django.db import transaction
    from shop.tasks import recalculate
    from shop.counts import update_amounts

    def move(node):
        with transaction.atomic():
            node.save()
            update_amounts.delay(node.pk)
            recalculate.delay(node.pk)
    """
    counts = """
from common.decorators import merge_delay_run


@merge_delay_run(ttl=5)
def update_amounts(pk=None):
    pass
"""
    found = lint_source(code, SideEffectInTransaction, path="shop/views.py",
                        files={"shop/tasks.py": TASKS, "shop/counts.py": counts})
    assert [f.line for f in found] == [9]


def test_effects_while_a_row_lock_is_held():
    code = """
    import requests
    from sqlalchemy import select

    def reserve(session, pk):
        seat = session.scalars(select(Seat).where(Seat.id == pk).with_for_update()).one()
        seat.taken = True
        requests.post("https://hooks.example.com/reserved", json={"id": pk})
        session.commit()
        requests.post("https://hooks.example.com/committed", json={"id": pk})

    def reserve_get(session, pk):
        seat = session.get(Seat, pk, with_for_update=True)
        seat.taken = True
        requests.post("https://hooks.example.com/reserved", json={"id": pk})
        session.commit()

    def unlocked(session, pk):
        seat = session.get(Seat, pk)
        seat.taken = True
        requests.post("https://hooks.example.com/reserved", json={"id": pk})
        session.commit()
    """
    found = lint_source(code, SideEffectInTransaction)
    assert [f.line for f in found] == [7, 14]
    assert "while the row lock of `select(Seat).where(Seat.id == pk).with_for_update()` (line 5)" in found[0].message


def test_effects_between_a_flush_and_its_commit():
    """Flushed rows wait, uncommitted, for the session's commit later in the function: a task queued in
    between may run before them (and runs even if the commit fails). After the commit, or with no
    commit of that session in the function (the caller's transaction, unknown here), nothing is reported."""
    code = """
    from celery import shared_task

    @shared_task
    def send_receipt(order_id):
        ...

    def create_order(db, email):
        order = Order(email=email)
        db.session.add(order)
        db.session.flush()
        send_receipt.delay(order.id)
        db.session.commit()

    def committed_first(db, email):
        order = Order(email=email)
        db.session.add(order)
        db.session.flush()
        db.session.commit()
        send_receipt.delay(order.id)

    def callers_commit(session, email):
        order = Order(email=email)
        session.add(order)
        session.flush()
        send_receipt.delay(order.id)

    def another_session(session, other, log):
        session.flush()
        log.flush()
        send_receipt.delay(1)
        other.commit()

    def rolled_back(session):
        session.flush()
        send_receipt.delay(1)
        session.rollback()
    """
    found = lint_source(code, SideEffectInTransaction, path="shop/orders.py")
    assert [f.line for f in found] == [11]
    assert "between `db.session.flush()` (line 10) and `db.session.commit()` (line 12)" in found[0].message
    assert found[0].fix is None


def test_a_lock_taken_inside_a_transaction_block_ends_with_the_block():
    """select_for_update() inside ``with transaction.atomic():`` locks the rows until that block
    commits; a task queued after the block runs with no lock held and nothing to roll back."""
    code = """
    from django.db import transaction
    from shop.tasks import recalculate

    def requeue(pks):
        with transaction.atomic():
            orders = list(Order.objects.select_for_update().filter(pk__in=pks))
            for order in orders:
                order.total = 0
                order.save()
        recalculate.delay(pks)

    def queued_under_the_lock(pks):
        with transaction.atomic():
            orders = list(Order.objects.select_for_update().filter(pk__in=pks))
            recalculate.delay(pks)

    def callers_transaction(pks):
        orders = list(Order.objects.select_for_update().filter(pk__in=pks))
        recalculate.delay(pks)
    """
    found = lint_source(code, SideEffectInTransaction, path="shop/views.py", files={"shop/tasks.py": TASKS})
    assert [f.line for f in found] == [15, 19]
    assert "inside transaction.atomic()" in found[0].message
    assert "while the row lock of `Order.objects.select_for_update()` (line 18)" in found[1].message

ATOMIC_VIEWS = """
import dramatiq
from celery import shared_task
from django.core.mail import send_mail
from django.db import transaction
from django.views import View


def register(request):
    request.user.save(); send_mail("Welcome", "Hi", None, [request.user.email])


@transaction.non_atomic_requests
def resend(request):
    send_mail("Welcome", "Hi", None, [request.user.email])


async def register_async(request):
    send_mail("Welcome", "Hi", None, [request.user.email])


class Signup(View):
    def post(self, request):
        self.sign_up(request); send_mail("Welcome", "Hi", None, [request.user.email])

    def put(self, request):
        transaction.on_commit(lambda: send_mail("Welcome", "Hi", None, [request.user.email]))


def notify(user):
    send_mail("Welcome", "Hi", None, [user.email])


@dramatiq.actor(priority=10)
def receive(request):
    request.user.save(); send_mail("Welcome", "Hi", None, [request.user.email])


@shared_task
def welcome(request):
    request.user.save(); send_mail("Welcome", "Hi", None, [request.user.email])
"""


@pytest.mark.parametrize("settings, expected", [
    ('DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "ATOMIC_REQUESTS": True}}\n', [9, 23]),
    ('DATABASES = {"default": {}}\nDATABASES["default"]["ATOMIC_REQUESTS"] = True\n', [9, 23]),
    ('DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql"}}\n', []),
    ('DATABASES = {"default": {"ATOMIC_REQUESTS": False}}\n', []),
])
def test_views_run_in_the_request_transaction_with_atomic_requests(settings, expected):
    found = lint_source(ATOMIC_VIEWS, SideEffectInTransaction, path="shop/views.py",
                        files={"config/settings.py": settings})
    # non_atomic_requests opts out; Django refuses ATOMIC_REQUESTS for async views; an on_commit callback
    # runs after the commit; a helper taking
    # no request is not a view (its callers are not followed), nor a task a worker runs (a dramatiq actor, a
    # Celery task) even when it takes a request; without the setting views autocommit
    assert [f.line for f in found] == expected
    if found:
        assert "inside the request's transaction (ATOMIC_REQUESTS) of view register()" in found[0].message
        assert found[0].fix is not None and "on_commit" in found[0].fix.description


def test_middleware_and_authentication_backends_run_outside_the_views_transaction():
    """``ATOMIC_REQUESTS`` wraps the view alone: a middleware's method taking ``request`` runs before or after
    it, an authentication backend's ``authenticate(self, request, ...)`` is code a view may call (its own
    transaction is the view's to say); a method of a class-based view is the view."""
    code = """
import requests
from django.views.generic import View
from shop.models import Token


class RefreshTokenMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def refresh_token(self, request):
        Token.objects.filter(user=request.user).delete()
        requests.post("https://idp.example/token", data={"grant_type": "refresh_token"})


class OidcBackend:
    def authenticate(self, request, code=None):
        Token.objects.create(code=code)
        requests.post("https://idp.example/token", data={"code": code})


class TokenView(View):
    def post(self, request):
        Token.objects.create(code="x")
        requests.post("https://idp.example/token", data={})
"""
    found = lint_source(code, SideEffectInTransaction, path="shop/views.py",
                        files={"config/settings.py": 'DATABASES = {"default": {"ATOMIC_REQUESTS": True}}\n'})
    assert [f.line for f in found] == [24]


def test_functions_taking_the_request_in_a_middlewares_module_are_its_helpers_not_views():
    """``handle_exception(request, exception)`` beside ``ErrorPagesMiddleware.process_exception`` that calls it: Django
    calls the middleware after the view's transaction has ended, so the mail its helper sends is no side effect of
    a transaction. The same function in a module without a middleware is a view."""
    code = """
from django.core.mail import mail_admins
from django.utils.deprecation import MiddlewareMixin
from shop.models import Incident


def handle_exception(request, exception):
    Incident.objects.create(path=request.path)
    mail_admins("Error", str(exception), fail_silently=True)


class ErrorPagesMiddleware(MiddlewareMixin):
    def process_exception(self, request, exception):
        return handle_exception(request, exception)
"""
    settings = {"config/settings.py": 'DATABASES = {"default": {"ATOMIC_REQUESTS": True}}\n'}
    assert lint_source(code, SideEffectInTransaction, path="shop/middleware.py", files=settings) == []
    view = code.split("\n\nclass ErrorPagesMiddleware")[0] + "\n"
    assert [f.line for f in lint_source(view, SideEffectInTransaction, path="shop/views.py", files=settings)] == [8]

def test_a_view_that_changes_no_row_has_nothing_in_the_request_transaction_to_roll_back():
    """With ``ATOMIC_REQUESTS``, a view that writes nothing (no write call, no call of its class's methods or
    of the project's functions) holds no change a rollback would undo and no lock: its HTTP call is left
    alone. One that writes, or calls code of the project that may, is reported."""
    code = """
import requests
from django.http import JsonResponse
from shop.models import Session
from shop.payments import record


def start_session(request):
    response = requests.post("https://apple.example/session", json={"domain": request.get_host()})
    return JsonResponse(response.json(), status=response.status_code)


def start_and_store(request):
    response = requests.post("https://apple.example/session", json={})
    Session.objects.create(payload=response.text)
    return JsonResponse(response.json())


def start_and_record(request):
    response = requests.post("https://apple.example/session", json={})
    record(response)
    return JsonResponse(response.json())


class Reindex(View):
    def post(self, request, *args, **kwargs):
        kind = self.kwargs.get("kind")
        reindex.delay(str(kind), len(kind))
        return redirect("/")


class ReindexAndValidate(View):
    def post(self, request, *args, **kwargs):
        reindex.delay(self.kwargs.get("kind"), 1)
        return self.form_valid(None)
"""
    code = code.replace("from shop.payments import record\n", "from shop.payments import record, reindex\n"
                        "from django.shortcuts import redirect\nfrom django.views import View\n")
    settings = {"config/settings.py": 'DATABASES = {"default": {"ATOMIC_REQUESTS": True}}\n',
                "shop/payments.py": "from celery import shared_task\n\ndef record(response):\n    pass\n\n\n"
                                    "@shared_task\ndef reindex(kind, n):\n    pass\n"}
    found = lint_source(code, SideEffectInTransaction, path="shop/views.py", files=settings)
    # a read of the view's kwargs, builtins and the queued task itself change nothing; a method of the view may
    assert [f.line for f in found] == [15, 21, 35]


REPLICA_SETTINGS = """
DATABASES = {
    "default": {"ENGINE": "django.db.backends.postgresql", "NAME": "shop"},
    "replica": {"ENGINE": "django.db.backends.postgresql", "NAME": "shop", "TEST": {"MIRROR": "default"}},
    "archive": {"ENGINE": "django.db.backends.postgresql", "NAME": "archive"},
}
"""

REPLICA_BLOCKS = """
import requests
from django.db import transaction


def export(report):
    with transaction.atomic(using="replica"):
        rows = list(report.rows())
        requests.post("https://hooks.example.com/export", json=rows)


@transaction.atomic(using="replica")
def export_decorated(report):
    requests.post("https://hooks.example.com/export", json=list(report.rows()))


def archive(report):
    with transaction.atomic(using="archive"):
        requests.post("https://hooks.example.com/archive", json={"id": report.pk})


def nested(report):
    with transaction.atomic():
        report.save()
        with transaction.atomic(using="replica"):
            requests.post("https://hooks.example.com/export", json={"id": report.pk})
"""


def test_a_block_on_a_read_replica_has_nothing_to_roll_back():
    found = lint_source(REPLICA_BLOCKS, SideEffectInTransaction, path="shop/exports.py",
                        files={"config/settings.py": REPLICA_SETTINGS})
    # the mirror alias (a replica) is read-only; another alias is a database of its own, and a replica
    # block inside a transaction on the primary is still inside that transaction
    assert [f.line for f in found] == [18, 25]
    without_mirror = REPLICA_SETTINGS.replace(', "TEST": {"MIRROR": "default"}', "")
    found = lint_source(REPLICA_BLOCKS, SideEffectInTransaction, path="shop/exports.py",
                        files={"config/settings.py": without_mirror})
    assert [f.line for f in found] == [8, 13, 18, 25]


def test_a_client_handed_to_the_constructor_and_kept_on_self_is_followed():
    """``def __init__(self, producer: AIOKafkaProducer): self.producer = producer``: the object's client, also
    read through a local alias (``client = self.client``); an unannotated parameter is not known to be one."""
    code = """
import httpx
from aiokafka import AIOKafkaProducer

class Reservations:
    def __init__(self, pool, producer: AIOKafkaProducer, client: httpx.Client, other):
        self.pool = pool
        self.producer = producer
        self.client = client
        self.other = other

    async def reserve(self, sku):
        async with self.pool.acquire() as conn:
            async with conn.transaction():
                await conn.execute("UPDATE stock SET reserved = reserved + 1 WHERE sku = $1", sku)
                await self.producer.send_and_wait("reserved", sku.encode())
                client = self.client
                client.post("https://hooks.example.com", json={"sku": sku})
                self.other.post("https://hooks.example.com", json={"sku": sku})
"""
    assert lines(code) == [15, 17]


def test_email_to_an_outbox_of_rows_is_rolled_back_with_the_transaction():
    """The project's ``EMAIL_BACKEND`` stores each message as a row (django-post_office, or a backend of its own whose
    ``send_messages`` only ``bulk_create``s them): Django mail sent in ``atomic()``, itself or through a helper, is
    rolled back with it. SMTP is still reported, and so is mail when the backend sends (SES), whatever the
    tests' settings say."""
    code = """
    import smtplib
    from django.core.mail import send_mail
    from django.db import transaction
    from mail.helpers import tell_managers

    def close(order):
        with transaction.atomic():
            order.save()
            send_mail("Closed", "body", None, [order.email])
            tell_managers(order)
            smtplib.SMTP("mail").sendmail("a@example.com", [order.email], "closed")
    """
    helpers = {"mail/helpers.py": "from django.core.mail import mail_managers\n\n"
                                  "def tell_managers(order):\n    mail_managers('Closed', str(order.pk))\n"}
    test_settings = {"tests/settings.py": 'EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"\n'}
    outbox = {"mail/backends.py": """
from django.core.mail.backends.base import BaseEmailBackend
from mail.models import RawEmail


class OutboxBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        rows = RawEmail.objects.bulk_create([RawEmail(message=m.message().as_string()) for m in email_messages])
        return len(rows)
""", "config/settings.py": 'EMAIL_BACKEND = "mail.backends.OutboxBackend"\n'}
    sending = {**outbox, "mail/backends.py": outbox["mail/backends.py"].replace(
        "rows = RawEmail.objects.bulk_create(", "rows = ses.send_raw_email(")}
    post_office = {"config/settings.py": 'EMAIL_BACKEND = "post_office.EmailBackend"\n'}

    def found(files):
        return [f.line for f in lint_source(code, SideEffectInTransaction, path="app/services.py",
                                            files={**helpers, **test_settings, **files})]

    assert found({}) == [9, 10, 11]
    assert found(outbox) == [11]
    assert found(post_office) == [11]
    assert found(sending) == [9, 10, 11]
