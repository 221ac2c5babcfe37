"""ORM302 against the databases it describes: what a swallowed error does to the transaction.

PostgreSQL (a throwaway cluster, driven with psql): after a failed statement every further
statement of the transaction is refused ("current transaction is aborted"), COMMIT rolls the
whole transaction back (earlier writes are lost), and ROLLBACK TO SAVEPOINT makes it usable
again. Django (on sqlite, in a subprocess): the error marks the atomic block for rollback, the
next query raises TransactionManagementError, the block's earlier writes are rolled back at its
end, and a nested atomic() (a savepoint) keeps the outer block usable. Each case is linted and
run: ORM302 reports exactly the cases that fail or lose a write.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap

import pytest

from ormlint.rules.transactions.swallowed_db_error_in_transaction import SwallowedDbErrorInTransaction
from ormlint.testing import lint_source


def psql(cluster, script: str) -> subprocess.CompletedProcess:
    command = ["psql", "-X", "-q", "-h", cluster.socket_dir, "-p", str(cluster.port), "-U", cluster.user,
               "-d", cluster.dbname, "-v", "ON_ERROR_STOP=0"]
    return subprocess.run(command, input=textwrap.dedent(script), capture_output=True, text=True, timeout=60)


def rows(cluster, table: str) -> list[str]:
    result = psql(cluster, f"\\pset format unaligned\n\\pset tuples_only on\nSELECT name FROM {table} ORDER BY name;")
    return result.stdout.split()


# Each case: the SQLAlchemy code (linted) and the statements it sends, in the same order.
SQLALCHEMY_CASES = {
    "later_statement": ("""
        from sqlalchemy import text
        from sqlalchemy.exc import IntegrityError

        def tag(session):
            with session.begin():
                try:
                    session.execute(text("INSERT INTO tags (name) VALUES ('dup')"))
                except IntegrityError:
                    pass
                session.execute(text("INSERT INTO tags (name) VALUES ('later')"))
        """, """
        BEGIN;
        INSERT INTO tags (name) VALUES ('dup');
        INSERT INTO tags (name) VALUES ('later');
        COMMIT;
        """, True),
    "savepoint": ("""
        from sqlalchemy import text
        from sqlalchemy.exc import IntegrityError

        def tag(session):
            with session.begin():
                try:
                    with session.begin_nested():
                        session.execute(text("INSERT INTO tags (name) VALUES ('dup')"))
                except IntegrityError:
                    pass
                session.execute(text("INSERT INTO tags (name) VALUES ('later')"))
        """, """
        BEGIN;
        SAVEPOINT sa_savepoint_1;
        INSERT INTO tags (name) VALUES ('dup');
        ROLLBACK TO SAVEPOINT sa_savepoint_1;
        INSERT INTO tags (name) VALUES ('later');
        COMMIT;
        """, False),
}


@pytest.fixture
def tags(postgres):
    if shutil.which("psql") is None:
        pytest.skip("psql is not installed")
    setup = psql(postgres, """
        DROP TABLE IF EXISTS tags;
        CREATE TABLE tags (name text PRIMARY KEY);
        INSERT INTO tags (name) VALUES ('dup');
    """)
    assert setup.returncode == 0, setup.stderr
    return postgres


@pytest.mark.parametrize("case", sorted(SQLALCHEMY_CASES))
def test_postgresql_refuses_statements_after_a_swallowed_error(tags, case):
    code, script, reported = SQLALCHEMY_CASES[case]
    result = psql(tags, script)
    aborted = "current transaction is aborted" in result.stderr
    assert "duplicate key value" in result.stderr
    assert aborted == reported
    assert ("later" in rows(tags, "tags")) == (not reported)
    assert bool(lint_source(code, SwallowedDbErrorInTransaction)) == reported


def test_postgresql_commit_of_a_failed_transaction_rolls_back_its_earlier_writes(tags):
    result = psql(tags, """
        BEGIN;
        INSERT INTO tags (name) VALUES ('earlier');
        INSERT INTO tags (name) VALUES ('dup');
        COMMIT;
    """)
    assert "duplicate key value" in result.stderr
    assert rows(tags, "tags") == ["dup"]  # the earlier write is gone, and COMMIT raised nothing
    assert "current transaction is aborted" not in result.stderr


DJANGO_MODELS = """
from django.db import models


class Profile(models.Model):
    user = models.CharField(max_length=50, unique=True)
    bio = models.CharField(max_length=50, default="")

    class Meta:
        app_label = "shop"


class Audit(models.Model):
    event = models.CharField(max_length=50)

    class Meta:
        app_label = "shop"
"""

DJANGO_CODE = """
from django.db import IntegrityError, transaction

from shop.models import Audit, Profile


def fallback(user):
    with transaction.atomic():
        try:
            return Profile.objects.create(user=user)
        except IntegrityError:
            return Profile.objects.get(user=user)


def fallback_savepoint(user):
    with transaction.atomic():
        try:
            with transaction.atomic():
                return Profile.objects.create(user=user)
        except IntegrityError:
            return Profile.objects.get(user=user)


def earlier_write(user):
    with transaction.atomic():
        Audit.objects.create(event="register " + user)
        try:
            Profile.objects.create(user=user)
        except IntegrityError:
            pass
    return "done"


def only_statement(user):
    with transaction.atomic():
        try:
            Profile.objects.create(user=user)
        except IntegrityError:
            return False
    return True


def read_before(user):
    with transaction.atomic():
        count = Profile.objects.count()
        try:
            Profile.objects.create(user=user)
        except IntegrityError:
            pass
    return count


def next_iteration(users):
    with transaction.atomic():
        for user in users:
            try:
                Profile.objects.create(user=user)
            except IntegrityError:
                pass
            Audit.objects.filter(event=user).exists()
"""

DJANGO_RUNNER = """
import json

import django
from django.conf import settings

settings.configure(
    DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
    INSTALLED_APPS=["shop"], DEFAULT_AUTO_FIELD="django.db.models.AutoField",
)
django.setup()
from django.db import connection

from shop.models import Audit, Profile
import services

with connection.schema_editor() as editor:
    editor.create_model(Profile)
    editor.create_model(Audit)

outcome = {}
for name, argument in [("fallback", "ann"), ("fallback_savepoint", "ann"), ("earlier_write", "ann"),
                       ("only_statement", "ann"), ("read_before", "ann"), ("next_iteration", ["ann", "bob"])]:
    Profile.objects.all().delete()
    Audit.objects.all().delete()
    Profile.objects.create(user="ann")
    try:
        getattr(services, name)(argument)
        error = None
    except Exception as exc:
        error = type(exc).__name__
    outcome[name] = {"error": error, "audits": Audit.objects.count()}
print(json.dumps(outcome))
"""


def test_django_atomic_after_a_swallowed_error(tmp_path):
    pytest.importorskip("django")
    (tmp_path / "shop").mkdir()
    (tmp_path / "shop" / "__init__.py").write_text("")
    (tmp_path / "shop" / "models.py").write_text(DJANGO_MODELS)
    (tmp_path / "services.py").write_text(DJANGO_CODE)
    (tmp_path / "run.py").write_text(DJANGO_RUNNER)
    proc = subprocess.run([sys.executable, "run.py"], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    outcome = json.loads(proc.stdout.strip().splitlines()[-1])
    broken = {name for name, result in outcome.items() if result["error"] == "TransactionManagementError"}
    assert broken == {"fallback", "next_iteration"}
    assert outcome["earlier_write"] == {"error": None, "audits": 0}  # returned "done", the audit row is gone
    assert outcome["fallback_savepoint"]["error"] is None and outcome["only_statement"]["error"] is None
    assert outcome["read_before"]["error"] is None

    findings = lint_source(DJANGO_CODE, SwallowedDbErrorInTransaction, path="shop/services.py")
    functions = {line: name for name, line in _function_lines(DJANGO_CODE).items()}
    reported = {functions[max(line for line in functions if line < f.line)] for f in findings}
    assert reported == broken | {"earlier_write"}


def _function_lines(code: str) -> dict[str, int]:
    lines = textwrap.dedent(code).strip("\n").splitlines()
    return {line.split("(")[0][4:]: number for number, line in enumerate(lines, start=1) if line.startswith("def ")}
