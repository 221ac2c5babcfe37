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
    'import os\nPG_PASS = os.environ.get("POSTGRES_PASSWORD", "postgres")\nPOSTGRES_HOST = "pg.prod.example.com"\n',
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


@pytest.mark.parametrize("code", [
    # a remote host written next to a stock password
    'from sqlalchemy import create_engine\ne = create_engine("postgresql://postgres:postgres@db.example.com/app")\n',
    'import psycopg2\nconn = psycopg2.connect(host="10.1.2.3", user="app", password="app")\n',
    'DATABASES = {"default": {"USER": "shop", "PASSWORD": "shop", "HOST": "shop-db.eu-west-1.rds.amazonaws.com"}}\n',
    'import os\nPASSWORD = os.getenv("SHOP_DB_PASSWORD", "shop")\nHOST = os.getenv("SHOP_DB_HOST", "db.shop.io")\n',
    # a real-looking password, even for a local database
    'from sqlalchemy import create_engine\ne = create_engine("postgresql://app:Xk9f2LmQ@localhost/app")\n',
    'DATABASES = {"default": {"USER": "taiga", "PASSWORD": "Xk9f2LmQ", "HOST": "127.0.0.1"}}\n',
    # libpq key=value strings and connection URLs in configuration dicts
    'import psycopg2\nconn = psycopg2.connect("host=db.example.com port=5432 dbname=app user=app password=Xk9f2LmQ")\n',
    "DSN = \"host=localhost dbname=app user=app password='Xk9f2LmQ'\"\n",
    'import os\nURL = os.environ.get("URL", "postgresql://app:secretsauce@localhost/app")\n',
    'import os\nURL = os.environ.get("URL", "postgresql://postgres:secretpostgres@db.example.com/app")\n',
    'DATABASES = {"default": "postgres://app:Xk9f2LmQ@db/app", "replica": "postgres://app:Yk9f2LmQ@db2/app"}\n',
    'SQLALCHEMY_BINDS = {"users": "mysql://app:Xk9f2LmQ@mysql.example.com/users"}\n',
])
def test_remote_hosts_and_real_passwords_are_reported(code):
    assert findings(code)


@pytest.mark.parametrize("code", [
    # values asking to be replaced carry no secret
    'import os\nURL = os.environ.get("URL", "postgresql://app:replace-with-postgres-password@db.example.com/app")\n',
    'DATABASES = {"default": {"USER": "app", "PASSWORD": "change-me-please", "HOST": "db.example.com"}}\n',
    # development defaults: a local database (unset host, loopback, socket, compose service) and a
    # throwaway password (stock, the user name, the database name, a password derived from them)
    'import os\nURL = os.environ.get("URL", "postgresql://lemur:lemur@localhost:5432/lemur")\n',
    'from sqlalchemy import create_engine\ne = create_engine("postgresql://postgres:postgres@[::1]:5432/app")\n',
    'import psycopg2\nconn = psycopg2.connect(host="127.0.0.1", user="app", password="app", dbname="app")\n',
    'import psycopg2\nconn = psycopg2.connect("host=/var/run/postgresql dbname=app user=app password=postgres")\n',
    'DATABASES = {"default": {"NAME": "taiga", "USER": "taiga", "PASSWORD": "taiga", "HOST": "127.0.0.1"}}\n',
    'import os\nDATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", '
    '"USER": os.getenv("PAPERLESS_DBUSER", "paperless"), "PASSWORD": os.getenv("PAPERLESS_DBPASS", "paperless"), '
    '"HOST": os.getenv("PAPERLESS_DBHOST")}}\n',
    'import os\nDB = {"USER": os.environ.get("DB_USER", "docs_user"), "PASSWORD": os.environ.get("DB_PWD", '
    '"docs_pwd"), "HOST": os.environ.get("DB_HOST", "database")}\n',
    'import os\nH = os.environ.get("BENCH_PG_HOST", "localhost")\nU = os.environ.get("BENCH_PG_USER", "bench")\n'
    'P = os.environ.get("BENCH_PG_PASSWORD", "postgres")\n',
    'import os\nPG_PASS = os.environ.get("POSTGRES_PASSWORD", "postgres")\n',
    # stock and password words run together, digits aside
    'import environ\nenv = environ.Env()\nDATABASES = {"default": env.db_url(var="DATABASE_URL", '
    'default="postgres://postgres:secretpostgres@127.0.0.1:5432/pycon")}\n',
    'import os\nURL = os.environ.get("URL", "postgresql://app:apppass123@localhost/app")\n',
    # a dict of documentation, not of configuration
    'EXAMPLES = [{"name": "prod", "connection_string": "postgres://app:Xk9f2LmQ@db.example.com/app"}]\n',
    # a libpq-looking string without a password, or with a template
    'DSN = "host=db.example.com dbname=app user=app"\nDSN2 = "host=db.example.com password={password}"\n',
    # key=value pairs inside other text (a YAML example of a plugin's documentation) are no connection string
    'EXAMPLES = """\n- name: Load settings\n  set_fact:\n    s: "{{ lookup(\'api\', host=\'controller.example.com\',\n'
    '       username=\'admin\', password=my_pass_var) }}"\n"""\n',
])
def test_development_defaults_and_documentation_are_not_reported(code):
    assert findings(code) == []


@pytest.mark.parametrize("path", ["shop/settings/test.py", "shop/settings_test.py", "shop/settings/ci.py",
                                  "shop/settings/testing.py"])
def test_test_settings_modules_are_not_production(path):
    code = 'DATABASES = {"default": {"USER": "u", "PASSWORD": "Xk9f2LmQ", "HOST": "db.example.com"}}\n'
    assert findings(code, path=path) == []
    assert findings(code, path="shop/settings/production.py")


@pytest.mark.parametrize("path", ["tests/test_db.py", "scripts/load.py", "shop/migrations/0002_x.py"])
def test_tests_scripts_and_migrations_are_not_checked(path):
    assert findings('DSN = "postgresql://app:S3cret@db/prod"\n', path=path) == []


@pytest.mark.parametrize("value, expected", [
    ("", True), ("***", True), ("xxxx", True), ("changeme", True), ("CHANGE_ME", True), ("your-password", True),
    ("${DB_PASSWORD}", True), ("%(password)s", True), ("postgres", False), ("S3cret", False),
])
def test_placeholders(value, expected):
    assert is_placeholder(value) is expected
