"""ORM302 swallowed-db-error-in-transaction, and the transaction contexts it relies on."""

from __future__ import annotations

import libcst as cst
import pytest
from ormlint.rules.transactions.swallowed_db_error_in_transaction import (
    SwallowedDbErrorInTransaction,
)

from ormlint.analysis.transactions import enclosing_transactions
from ormlint.syntax.names import ImportTable
from ormlint.testing import lint_source


def lines(code: str, path: str = "app/services.py") -> list[int]:
    return [f.line for f in lint_source(code, SwallowedDbErrorInTransaction, path=path)]


# -- transaction contexts -------------------------------------------------------------


class _Collect(cst.CSTVisitor):
    """Transactions around every call named ``probe()``."""

    def __init__(self, imports: ImportTable) -> None:
        super().__init__()
        self.imports = imports
        self.stack: list[cst.CSTNode] = []
        self.found: list[list[tuple[str, str, bool]]] = []

    def on_visit(self, node):
        self.stack.append(node)
        if isinstance(node, cst.Call) and isinstance(node.func, cst.Name) and node.func.value == "probe":
            self.found.append([(t.orm, t.api, t.savepoint) for t in enclosing_transactions(self.stack, self.imports)])
        return True

    def on_leave(self, node):
        self.stack.pop()


def contexts(code: str) -> list[list[tuple[str, str, bool]]]:
    import textwrap

    module = cst.parse_module(textwrap.dedent(code))
    collector = _Collect(ImportTable.from_module(module))
    module.visit(collector)
    return collector.found


@pytest.mark.parametrize(
    "code, expected",
    [
        ("from django.db import transaction\nwith transaction.atomic():\n    probe()\n",
         [("django", "transaction.atomic()", True)]),
        ("from django.db import transaction\n@transaction.atomic\ndef f():\n    probe()\n",
         [("django", "transaction.atomic()", True)]),
        ("from django.db.transaction import atomic\n@atomic(using='other')\ndef f():\n    probe()\n",
         [("django", "transaction.atomic()", True)]),
        ("from django.db import transaction\nwith transaction.atomic(savepoint=False):\n    probe()\n",
         [("django", "transaction.atomic()", False)]),
        ("with session.begin():\n    probe()\n", [("sqlalchemy", "session.begin()", False)]),
        ("with engine.begin() as conn:\n    probe()\n", [("sqlalchemy", "engine.begin()", False)]),
        ("import peewee\nwith db.atomic():\n    probe()\n", [("peewee", "db.atomic()", True)]),
        ("from tortoise.transactions import in_transaction\nasync def f():\n    async with in_transaction():\n"
         "        probe()\n", [("tortoise", "in_transaction()", True)]),
        ("import asyncpg\nasync def f(conn):\n    async with conn.transaction():\n        probe()\n",
         [("dbapi", "conn.transaction()", True)]),
        ("from pony.orm import db_session\n@db_session\ndef f():\n    probe()\n", [("pony", "db_session", False)]),
        ("from pony.orm import db_session\nwith db_session:\n    probe()\n", [("pony", "db_session", False)]),
    ],
)
def test_transaction_contexts_are_recognised(code, expected):
    assert contexts(code) == [expected]


def test_lambda_and_nested_def_are_boundaries():
    code = """
    from django.db import transaction
    with transaction.atomic():
        transaction.on_commit(lambda: probe())
        def later():
            probe()
        probe()
    """
    assert contexts(code) == [[], [], [("django", "transaction.atomic()", True)]]


def test_with_items_and_header_are_not_inside():
    code = """
    from django.db import transaction
    with transaction.atomic(using=probe()):
        pass
    with lock, transaction.atomic():
        probe()
    """
    assert contexts(code) == [[], [("django", "transaction.atomic()", True)]]


def test_nested_transactions_are_listed_outermost_first():
    code = """
    from django.db import transaction
    @transaction.atomic
    def f(session):
        with session.begin_nested():
            probe()
    """
    assert contexts(code) == [[("django", "transaction.atomic()", True), ("sqlalchemy", "session.begin_nested()", True)]]


# -- the rule ---------------------------------------------------------------------------


def test_reports_at_the_except_clause_with_the_transaction_named():
    code = """
    from django.db import IntegrityError, transaction

    def register(user):
        with transaction.atomic():
            try:
                Profile.objects.create(user=user)
            except IntegrityError:
                pass
            user.save()
    """
    [finding] = lint_source(code, SwallowedDbErrorInTransaction)
    assert finding.line == 7 and finding.column == 9
    assert "except IntegrityError" in finding.message and "transaction.atomic()" in finding.message


@pytest.mark.parametrize("handler", ["except:", "except Exception:", "except (ValueError, DatabaseError):",
                                     "except db.OperationalError:"])
def test_broad_and_database_errors(handler):
    code = f"""
    from django import db
    from django.db import DatabaseError, transaction

    @transaction.atomic
    def close(order):
        try:
            order.save()
        {handler}
            log.warning("failed")
        order.items.update(closed=True)
    """
    assert lines(code) == [8]


@pytest.mark.parametrize("handler_body", [
    "raise",
    "raise OrderFailed(order) from None",
    "transaction.set_rollback(True)",
    "session.rollback()",
    "transaction.savepoint_rollback(sid)",
])
def test_handlers_that_reraise_or_roll_back(handler_body):
    code = f"""
    from django.db import IntegrityError, transaction

    @transaction.atomic
    def close(order, session, sid):
        try:
            order.save()
        except IntegrityError:
            {handler_body}
        order.items.update(closed=True)
    """
    assert lines(code) == []


def test_other_exceptions_are_not_database_errors():
    code = """
    from django.db import transaction

    @transaction.atomic
    def close(order):
        try:
            order.save()
        except (ValueError, Order.DoesNotExist):
            pass
        order.items.update(closed=True)
    """
    assert lines(code) == []


def test_broad_except_needs_a_database_call_outside_a_savepoint():
    code = """
    from django.db import transaction

    @transaction.atomic
    def close(order, storage):
        try:
            storage.delete(order.pdf_path)
            image.save("/tmp/x.png")
        except Exception:
            pass
        try:
            order.pdf.delete(save=False)  # a FieldFile: the stored file, not the row
            stripe.Customer.create(email=order.email)  # a class of an API client module, not a related manager
        except Exception:
            pass
        try:
            with transaction.atomic():
                order.save()
        except Exception:
            pass
        try:
            Order.objects.filter(pk=order.pk).update(state="closed")
        except Exception:
            pass
        order.items.update(closed=True)
    """
    assert lines(code) == [22]


def test_savepoint_false_is_not_a_savepoint():
    code = """
    from django.db import IntegrityError, transaction

    @transaction.atomic
    def close(order):
        try:
            with transaction.atomic(savepoint=False):
                order.save()
        except IntegrityError:
            pass
        order.items.update(closed=True)
    """
    assert lines(code) == [8]


def test_a_query_after_the_try_fails_even_inside_a_nested_savepoint():
    """Django marks the atomic block for rollback on the error: the next query in it raises
    TransactionManagementError, savepoint or not; after the savepoint ends, the outer block is fine."""
    code = """
    from django.db import IntegrityError, transaction

    @transaction.atomic
    def close(order):
        with transaction.atomic():
            try:
                order.save()
            except IntegrityError:
                pass
            order.refresh_from_db()
        order.items.update(closed=True)

    @transaction.atomic
    def tag(order):
        with transaction.atomic():
            try:
                order.save()
            except IntegrityError:
                pass
        order.items.update(closed=True)
    """
    assert lines(code) == [8]


def test_nothing_lost_and_nothing_after_is_not_reported():
    """The failed statement is all the transaction holds, and nothing queries it afterwards: the
    rollback at its end takes back nothing else (reads before it lose nothing either)."""
    code = """
    from django.db import IntegrityError, transaction

    def claim(item):
        with transaction.atomic():
            try:
                item.save()
            except IntegrityError:
                return False
        return True

    @transaction.atomic
    def delete_handler(self, request):
        pk = self.object.pk
        try:
            return super().delete_handler(request)
        except (ValidationError, IntegrityError) as exc:
            messages.error(self.request, str(exc))
        self.object.pk = pk
        return redirect(self.reverse("update", instance=self.object))

    def link(user_pk, group):
        with transaction.atomic():
            user = User.objects.get(pk=user_pk)
            try:
                Membership.objects.create(user=user, group=group)
            except IntegrityError:
                log.info("already a member")
            return user
    """
    assert lines(code) == []


def test_fallback_query_in_the_handler():
    code = """
    from django.db import IntegrityError, transaction

    def profile(user, data):
        with transaction.atomic():
            try:
                return Profile.objects.create(user=user, **data)
            except IntegrityError:
                return Profile.objects.get(user=user)

    def profile_savepoint(user, data):
        with transaction.atomic():
            try:
                with transaction.atomic():
                    return Profile.objects.create(user=user, **data)
            except IntegrityError:
                return Profile.objects.get(user=user)
    """
    [finding] = lint_source(code, SwallowedDbErrorInTransaction)
    assert finding.line == 7
    assert "the query in the handler (`Profile.objects.get(user=user)` at line 8)" in finding.message
    assert "TransactionManagementError" in finding.message
    assert "a nested `transaction.atomic()`" in finding.message


def test_earlier_writes_are_lost_silently():
    code = """
    from django.db import IntegrityError, transaction

    def register(user, data):
        with transaction.atomic():
            user.save()
            try:
                Profile.objects.create(user=user, **data)
            except IntegrityError:
                log.info("profile exists")
        return user
    """
    [finding] = lint_source(code, SwallowedDbErrorInTransaction)
    assert finding.line == 8
    assert "the write before it (`user.save()` at line 5) is rolled back" in finding.message


def test_the_harm_named_is_one_the_handler_can_reach():
    code = """
    from django.db import IntegrityError, transaction

    @transaction.atomic
    def shelve(request, book, shelf, moved_from):
        if moved_from:
            ShelfBook.objects.filter(book=book, shelf=moved_from).delete()
            try:
                ShelfBook.objects.create(book=book, shelf=shelf)
            except IntegrityError:
                return redirect("/")
        else:
            Shelf.objects.filter(pk=shelf.pk).update(updated=now())
            try:
                ShelfBook.objects.create(book=book, shelf=shelf)
            except IntegrityError:
                return HttpResponseBadRequest()
        return redirect("/")

    @transaction.atomic
    def import_rows(rows):
        for row in rows:
            try:
                Item.objects.create(sku=row)
            except IntegrityError:
                log.warning("duplicate %s", row)
        return render(rows)
        Audit.objects.create(action="import")

    @transaction.atomic
    def renumber(books):
        for book in books:
            try:
                book.save(update_fields=["number"])
            except IntegrityError:
                errors.append(book)
        Audit.objects.create(action="renumber")
    """
    # each handler loses the write of its own branch, never the other branch's (the second handler
    # answers the request with a failure: nothing goes on as if saved); a query after a
    # return that always runs first is never reached: the next iteration is the harm; the next
    # iteration's query also fails before the one after the loop
    first, third, fourth = lint_source(code, SwallowedDbErrorInTransaction)
    assert (first.line, third.line, fourth.line) == (9, 24, 34)
    assert "the write before it (`ShelfBook.objects.filter(...).delete()` at line 6)" in first.message
    assert "on the loop's next iteration, `Item.objects.create(sku=row)` at line 23" in third.message
    assert "line 27" not in third.message
    assert "on the loop's next iteration, `book.save(update_fields=[\"number\"])` at line 33" in fourth.message


def test_a_handler_that_returns_a_failure_does_not_go_on_as_if_saved():
    """The earlier write is undone with the block, and the handler says so: ``return self.form_invalid(form)``,
    ``return False``, a form error or a message to the user before returning. Returning what looks like
    success (``return obj``), or logging before it, still loses the write silently."""
    code = """
    from django.contrib import messages
    from django.db import IntegrityError, transaction

    class Create:
        def form_valid(self, form):
            with transaction.atomic():
                obj = form.save()
                try:
                    self.invites.save()
                except IntegrityError:
                    return self.form_invalid(form)
            return obj

    def add(request, form, user):
        with transaction.atomic():
            user.save()
            try:
                Profile.objects.create(user=user)
            except IntegrityError:
                messages.error(request, "duplicate")
                return redirect("/")

    def quietly(user, log):
        with transaction.atomic():
            user.save()
            try:
                Profile.objects.create(user=user)
            except IntegrityError:
                log.error("duplicate")
                return user
    """
    assert lines(code) == [28]


def test_a_handler_that_returns_runs_nothing_after_its_try():
    code = """
    from django.db import IntegrityError, transaction

    def follow(user, target):
        with transaction.atomic():
            try:
                Follow.objects.create(user=user, target=target)
            except IntegrityError:
                return False
            notify(Follow.objects.filter(target=target).count())
        return True
    """
    # the failed INSERT is all the block holds on the error path: the rollback takes back nothing else
    assert lines(code) == []


def test_the_next_iteration_of_a_loop_runs_in_the_broken_transaction():
    code = """
    from django.db import DatabaseError, transaction

    @transaction.atomic
    def extend(positions):
        for position in positions:
            position.expires = later()
            try:
                position.save(force_update=True)
            except DatabaseError:
                pass
            position.addons.all().delete()
    """
    assert lines(code) == [9]


def test_the_failing_query_itself_runs_again_on_the_next_iteration():
    code = """
    from tortoise.exceptions import IntegrityError
    from tortoise.transactions import in_transaction

    async def import_products(rows):
        async with in_transaction():
            for row in rows:
                try:
                    await Product.create(sku=row["sku"])
                except IntegrityError:
                    continue

    async def import_until_duplicate(rows):
        async with in_transaction():
            for row in rows:
                try:
                    await Product.create(sku=row["sku"])
                except IntegrityError:
                    break

    async def import_or_give_up(rows):
        async with in_transaction():
            for row in rows:
                try:
                    await Product.create(sku=row["sku"])
                except IntegrityError:
                    for attempt in range(3):
                        if attempt:
                            break
                    return 0

    async def import_each(rows):
        for row in rows:
            async with in_transaction():
                try:
                    await Product.create(sku=row["sku"])
                except IntegrityError:
                    continue
    """
    # the handler stays in the loop: the next create runs in the aborted transaction; breaking out
    # of the loop or returning ends it there; a transaction per row is not carried to the next one
    [finding] = lint_source(code, SwallowedDbErrorInTransaction)
    assert finding.line == 9
    assert "on the loop's next iteration, `Product.create(sku=row[\"sku\"])` at line 8 fails" in finding.message


def test_model_class_queries_of_tortoise_and_peewee():
    tortoise = """
    from tortoise.transactions import in_transaction
    from tortoise.exceptions import IntegrityError

    async def tag_post(name, post):
        async with in_transaction():
            try:
                tag = await Tag.create(name=name)
            except IntegrityError:
                tag = await Tag.get(name=name)
            post.tag = tag
            await post.save()
    """
    [finding] = lint_source(tortoise, SwallowedDbErrorInTransaction)
    assert finding.line == 8
    assert "PostgreSQL refuses every statement" in finding.message
    assert "a nested `in_transaction()`" in finding.message
    peewee = """
    from peewee import IntegrityError, SqliteDatabase

    db = SqliteDatabase("app.db")

    def tag_post(name, post):
        with db.atomic():
            try:
                tag = Tag.create(name=name)
            except IntegrityError:
                tag = None
            post.tag = tag
            post.save()

    def tag_only(name):
        with db.atomic():
            try:
                Tag.create(name=name)
            except IntegrityError:
                pass
    """
    assert lines(peewee) == [9]


def test_a_function_of_the_module_whose_queries_run_in_savepoints_of_its_own():
    code = """
    from django.db import DatabaseError, IntegrityError, models, transaction

    class UserFollows(models.Model):
        @classmethod
        def from_request(cls, request):
            obj, _ = cls.objects.get_or_create(user=request.user, target=request.target)
            return obj

        @classmethod
        def from_request_then_log(cls, request):
            obj, _ = cls.objects.get_or_create(user=request.user, target=request.target)
            Log.objects.create(action="follow")
            return obj

    class Artifact(models.Model):
        def touch(self):
            with transaction.atomic():
                Artifact.objects.select_for_update().filter(pk=self.pk).update(touched=now())

        @transaction.atomic
        def store(self):
            try:
                self.touch()
            except DatabaseError:
                self.save()

    def accept(request):
        with transaction.atomic():
            try:
                UserFollows.from_request(request)
            except IntegrityError:
                pass
            request.delete()

    def accept_and_log(request):
        with transaction.atomic():
            try:
                UserFollows.from_request_then_log(request)
            except IntegrityError:
                pass
            request.delete()
    """
    # get_or_create() and a nested atomic() take their own failure back; a query outside them does not
    assert lines(code) == [39]


def test_sqlalchemy_session_transaction():
    code = """
    from sqlalchemy.exc import IntegrityError

    def add(session, obj):
        with session.begin():
            try:
                session.execute(stmt)
            except IntegrityError:
                log.warning("duplicate")
            session.add(obj)
    """
    assert lines(code) == [7]


def test_tests_are_not_checked():
    code = """
    from django.db import IntegrityError, transaction

    def test_x(user):
        with transaction.atomic():
            try:
                user.save()
            except IntegrityError:
                pass
            user.save()
    """
    assert lines(code, path="tests/test_users.py") == []


def test_get_or_create_runs_its_insert_in_a_savepoint_of_its_own():
    code = """
    from django.db import IntegrityError, transaction

    def url_for(url):
        with transaction.atomic():
            try:
                return URL.objects.get_or_create(identity_hash=url.hash, defaults={"host": url.host})[0]
            except IntegrityError:
                return URL.objects.get(identity_hash=url.hash)

    def url_created(url):
        with transaction.atomic():
            try:
                return URL.objects.create(identity_hash=url.hash, host=url.host)
            except IntegrityError:
                return URL.objects.get(identity_hash=url.hash)

    def request_for(node, user):
        with transaction.atomic():
            try:
                request, created = Request.objects.update_or_create(target=node, creator=user, defaults={})
                if not created:
                    raise Conflict(f"one request per node: {node}")
            except IntegrityError:
                request = Request.objects.filter(target=node, creator=user).first()
            request.save()
    """
    # Django's get_or_create() wraps its INSERT in atomic(): inside a transaction a savepoint, rolled
    # back on IntegrityError, so the fallback get() runs in a healthy transaction; a plain create() has none.
    # Building the exception a try raises runs no query either.
    assert lines(code) == [14]
    peewee = """
    from peewee import IntegrityError

    def tag(db, name):
        with db.atomic():
            try:
                return Tag.get_or_create(name=name)[0]
            except IntegrityError:
                return Tag.get(Tag.name == name)

    def tag_created(db, name):
        with db.atomic():
            try:
                return Tag.create(name=name)
            except IntegrityError:
                return Tag.get(Tag.name == name)
    """
    # Peewee's get_or_create() inserts inside its database's atomic(): a savepoint when nested
    assert lines(peewee) == [14]


def test_a_broad_handler_around_nothing_but_one_row_lookups_takes_the_rows_absence():
    """``try: Concept.objects.get(pk=x) except: node.save()``: what the handler takes is ``DoesNotExist``
    (no database error, the transaction is fine); a handler around a write, or a lookup and a write, is
    still reported."""
    code = """
from django.db import transaction
from django.shortcuts import get_object_or_404
from app.models import Concept

def load(nodes):
    with transaction.atomic():
        for node in nodes:
            try:
                Concept.objects.get(pk=node.id)
            except:
                node.save()
            try:
                get_object_or_404(Concept, pk=node.id)
            except Exception:
                node.save()
            try:
                Concept.objects.get(pk=node.id).delete()
            except Exception:
                node.save()
            try:
                Concept.objects.using("default").select_related("parent").get(pk=node.id)
            except Exception:
                node.save()
"""
    assert lines(code) == [18]


@pytest.mark.parametrize("caught", [
    "asyncpg.UniqueViolationError", "asyncpg.exceptions.ForeignKeyViolationError", "asyncpg.PostgresError",
    "psycopg.errors.UniqueViolation", "psycopg2.errors.SerializationFailure",
])
def test_a_drivers_sqlstate_error_class_is_a_database_error(caught):
    """asyncpg and psycopg name PostgreSQL's SQLSTATE classes (``UniqueViolationError``, ``errors.UniqueViolation``):
    one of them caught inside the transaction leaves it aborted like its base class would."""
    module = caught.split(".")[0]
    code = f"""
import {module}

async def pay(conn, invoice_id):
    async with conn.transaction():
        try:
            await conn.execute("INSERT INTO payments (invoice_id) VALUES ($1)", invoice_id)
        except {caught}:
            pass
        await conn.execute("UPDATE invoices SET paid = true WHERE id = $1", invoice_id)
"""
    assert lines(code) == [7]



def test_a_swallowed_error_of_a_session_that_began_its_own_transaction_breaks_it():
    """A SQLAlchemy session outside any ``begin()`` block begins a transaction with its first statement: a failed
    ``flush()`` whose error is only logged leaves it broken, and the later ``commit()`` raises
    ``PendingRollbackError``. Not when the handler rolls back, re-raises or returns, nor when nothing uses the
    session afterwards, nor for an error that is no database failure (``NoResultFound``)."""
    code = """
import logging
from sqlalchemy.exc import IntegrityError, NoResultFound

log = logging.getLogger(__name__)

def register(session, owner, devices):
    session.add_all(devices)
    try:
        session.flush()
    except IntegrityError:
        log.warning("duplicate serials for %s", owner)
    session.commit()

def rolled_back(session, devices):
    session.add_all(devices)
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
    session.commit()

def leaves(session, devices):
    session.add_all(devices)
    try:
        session.commit()
    except IntegrityError:
        return False
    session.commit()
    return True

def last(session, devices):
    session.add_all(devices)
    try:
        session.commit()
    except IntegrityError:
        log.warning("duplicate")

def missing(session, stmt):
    try:
        row = session.execute(stmt).scalar_one()
    except NoResultFound:
        row = None
    session.commit()
    return row
"""
    assert lines(code) == [10]


def test_a_later_call_on_another_session_bound_to_the_same_name_is_not_broken():
    """The failed commit's session ends with the ``with`` that bound it; a later ``with get_session() as
    session:`` (or ``session = Session()``) is a new session with a transaction of its own. A later call in
    the same block still fails."""
    code = """
import logging
import sqlalchemy
from myapp.db import Session, get_session

log = logging.getLogger(__name__)

def store(rows, summaries):
    with get_session() as session:
        for row in rows:
            try:
                session.add(row)
                session.commit()
            except Exception:
                log.error("failed")
                break
    with get_session() as session:
        session.add_all(summaries)
        session.commit()

def rebound(rows, summaries):
    session = Session()
    try:
        session.add_all(rows)
        session.commit()
    except Exception:
        log.error("failed")
    session = Session()
    session.add_all(summaries)
    session.commit()

def same_block(rows, summaries):
    with get_session() as session:
        try:
            session.add_all(rows)
            session.commit()
        except Exception:
            log.error("failed")
        session.add_all(summaries)
        session.commit()
"""
    assert lines(code) == [36]


def test_a_drivers_sqlstate_error_caught_around_a_savepoint_leaves_the_transaction_usable():
    """The same ``UniqueViolationError`` caught around a nested ``conn.transaction()`` (a savepoint): only the
    savepoint rolls back, the outer transaction goes on."""
    code = """
import asyncpg

async def pay(conn, invoice_id):
    async with conn.transaction():
        try:
            async with conn.transaction():
                await conn.execute("INSERT INTO payments (invoice_id) VALUES ($1)", invoice_id)
        except asyncpg.UniqueViolationError:
            pass
        await conn.execute("UPDATE invoices SET paid = true WHERE id = $1", invoice_id)
"""
    assert lines(code) == []


def test_a_broad_handler_around_a_sessions_read_is_for_other_errors():
    """``except Exception`` around ``session.get(...)`` after ``int(raw)``: there for the bad value or the missing
    row, not a database failure; a database error class caught around the same read still counts."""
    code = """
from sqlalchemy.exc import DataError

def pick(session, raw):
    try:
        node = session.get(Node, int(raw))
    except Exception:
        node = None
    session.commit()
    return node

def pick_strict(session, raw):
    try:
        node = session.execute(select(Node).where(Node.key == raw)).scalar()
    except DataError:
        node = None
    session.commit()
    return node
"""
    assert lines(code) == [14]


def test_a_query_in_the_return_statement_after_the_try_still_runs_in_the_broken_transaction():
    """``return await Invoice.create(...)`` right after a swallowed ``IntegrityError``: the return's own query runs
    before the function leaves, in the aborted transaction. A return that runs no query leaves nothing to fail."""
    code = """
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction
from billing.models import Counter, Invoice


async def issue_invoice(customer, total):
    async with in_transaction() as conn:
        try:
            await Counter.create(name=customer, using_db=conn)
        except IntegrityError:
            pass
        return await Invoice.create(customer=customer, total=total, using_db=conn)


async def count(customer):
    async with in_transaction() as conn:
        try:
            await Counter.create(name=customer, using_db=conn)
        except IntegrityError:
            pass
        return customer
"""
    assert lines(code) == [10]
