"""ORM503 hardcoded-db-credentials: what is a database password, and that no output prints it."""

from __future__ import annotations

import textwrap

import pytest
from ormlint.rules.schema.hardcoded_db_credentials import (
    HardcodedDbCredentials,
    is_placeholder,
)
from ormlint.rules.transactions.connection_per_request import ConnectionPerRequest

from ormlint.engine.report import FORMATS, ReportContext, renderer
from ormlint.testing import lint_source

SECRETS = ("Zq7-secret-Pw", "Xk9-other-Pw", "Ym3-fallback-Pw", "Wn5-dict-Pw")
PROJECT = f"""
import os
import psycopg2
from sqlalchemy import create_engine

engine = create_engine("postgresql://app:{SECRETS[0]}@db/prod")
conn = psycopg2.connect(host="db", user="app", password="{SECRETS[1]}")
password = os.environ.get("DB_PASSWORD", "{SECRETS[2]}")
DATABASES = {{"default": {{"ENGINE": "django.db.backends.postgresql", "PASSWORD": "{SECRETS[3]}"}}}}


def handler(request):
    return create_engine("postgresql://app:{SECRETS[0]}@db/prod")
"""


def findings(code: str, path: str = "app/settings.py"):
    return lint_source(code, HardcodedDbCredentials, path=path)


def test_reports_each_password_literal_at_its_line():
    result = findings(PROJECT)
    assert [(f.line, f.column) for f in result] == [(5, 24), (6, 57), (7, 42), (8, 81), (12, 26)]
    assert result[0].message == (
        "hardcoded password in the database URL passed to create_engine(); read it from the environment")
    assert "password= in psycopg2.connect()" in result[1].message
    assert "DB_PASSWORD" in result[2].message and "os.environ['DB_PASSWORD']" in result[2].message
    assert "PASSWORD in the database settings" in result[3].message


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_no_output_format_prints_a_secret(tmp_path, fmt):
    source = textwrap.dedent(PROJECT).lstrip("\n")
    (tmp_path / "app").mkdir()
    (tmp_path / "app/settings.py").write_text(source)
    # ORM305 also reports a line holding a secret: its excerpt must be masked too.
    result = lint_source(PROJECT, [HardcodedDbCredentials, ConnectionPerRequest], path="app/settings.py")
    assert {f.code for f in result} == {"ORM503", "ORM305"}
    try:
        render = renderer(fmt)
    except ModuleNotFoundError:
        pytest.skip(f"the {fmt} renderer does not exist yet")
    output = render(result, ReportContext(root=tmp_path, files=1))
    assert "ORM503" in output
    for secret in SECRETS:
        assert secret not in output, f"{fmt} output prints a secret"


def test_statement_text_is_masked_and_marked_secret():
    for finding in findings(PROJECT):
        assert finding.secret
        assert not any(secret in finding.statement_text for secret in SECRETS)
        assert '"***"' in finding.statement_text


def test_text_output_masks_the_literal_and_keeps_the_marker(tmp_path):
    code = 'from sqlalchemy import create_engine\nengine = create_engine("postgresql://app:S3cretXY@db/prod")\n'
    (tmp_path / "db.py").write_text(code)
    [finding] = lint_source(code, HardcodedDbCredentials, path="db.py")
    output = renderer("text")([finding], ReportContext(root=tmp_path, files=1))
    assert 'engine = create_engine("***")' in output
    assert "                           ^^^^^\n" in output.replace("|", " ")
    assert "S3cretXY" not in output


@pytest.mark.parametrize("code", [
    'from sqlalchemy import create_engine\nengine = create_engine("postgresql+psycopg://u:S3cret@db:5432/prod")\n',
    'SQLALCHEMY_DATABASE_URI = "mysql://root:hunter22@localhost/app"\n',
    'import os\nurl = os.getenv("DATABASE_URL", "postgres://app:S3cret@db/app")\n',
    'import pymysql\nconn = pymysql.connect(host="db", user="app", passwd="S3cret", db="shop")\n',
    'from peewee import PostgresqlDatabase\ndb = PostgresqlDatabase("shop", user="app", password="S3cret")\n',
    'from pony.orm import Database\ndb = Database()\ndb.bind(provider="postgres", user="app", password="S3cret")\n',
    'import os\nPG_PASS = os.environ.get("POSTGRES_PASSWORD", "postgres")\n',
    'TORTOISE = {"connections": {"default": {"engine": "tortoise.backends.asyncpg", '
    '"credentials": {"host": "db", "password": "S3cret"}}}}\n',
    'DATABASES = {}\nDATABASES["default"]["PASSWORD"] = "S3cret"\n',
    'from sqlalchemy import create_engine\ne = create_engine(URL, connect_args={"password": "S3cret"})\n',
    'import os\nimport pymysql\nconn = pymysql.connect(host="db", password=os.getenv("PASSWORD", "S3cret"))\n',
])
def test_positive_forms(code):
    assert findings(code)


@pytest.mark.parametrize("code", [
    # the environment, fail-fast
    'import os\nfrom sqlalchemy import create_engine\nengine = create_engine(os.environ["DATABASE_URL"])\n',
    # templates and placeholders
    'DSN = "postgresql://app:{password}@db/prod"\n',
    'DSN = "postgresql://user:password@host:port/dbname"\n',
    'import psycopg2\nconn = psycopg2.connect(host="db", password="<password>")\n',
    'import psycopg2\nconn = psycopg2.connect(host="db", password="")\n',
    # a field description, not a password
    'PARAMETERS = {"host": "Hostname", "port": "Port", "password": "Database password"}\n',
    # a non-database variable's fallback, and a non-secret one
    'import os\nMAIL = os.getenv("EMAIL_HOST_PASSWORD", "S3cret")\nHOST = os.getenv("DB_HOST", "db")\n',
    # not a database URL
    'BROKER = "amqp://guest:S3cret@rabbit//"\n',
    # a password for something else
    'user = User.objects.create_user("admin", password="S3cret")\n',
    # documentation examples
    'EXAMPLES = [{"description": "demo", "connection_string": "clickhousedb://demo:demo@demo.example.com"}]\n',
])
def test_negative_forms(code):
    assert findings(code) == []


@pytest.mark.parametrize("path", ["tests/test_db.py", "scripts/load.py", "shop/migrations/0002_x.py"])
def test_tests_scripts_and_migrations_are_not_checked(path):
    assert findings('DSN = "postgresql://app:S3cret@db/prod"\n', path=path) == []


@pytest.mark.parametrize("value, expected", [
    ("", True), ("***", True), ("xxxx", True), ("changeme", True), ("CHANGE_ME", True), ("your-password", True),
    ("${DB_PASSWORD}", True), ("%(password)s", True), ("postgres", False), ("S3cret", False),
])
def test_placeholders(value, expected):
    assert is_placeholder(value) is expected
