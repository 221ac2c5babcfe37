"""ORM503 hardcoded-db-credentials."""

from __future__ import annotations

import re

import libcst as cst

from ormlint.api import Example, Rule
from ormlint.core.roles import NON_PRODUCTION
from ormlint.orms import database_openers
from ormlint.orms.spec import any_matches
from ormlint.syntax.literals import string_value as _literal
from ormlint.syntax.names import dotted_name, is_from

# scheme://user:password@host — the scheme names a database (driver suffixes allowed).
DB_URL = re.compile(r"^([a-z][a-z0-9+.\-]*)://([^:/@\s]*):([^@/\s]+)@\S", re.IGNORECASE)
DB_SCHEMES = ("postgres", "mysql", "mariadb", "oracle", "mssql", "sqlserver", "cockroach", "redshift",
              "snowflake", "clickhouse", "db2", "firebird", "sybase", "teradata", "mongodb", "psycopg")
PASSWORD_KEYWORDS = frozenset({"password", "passwd", "pwd"})
# Calls that open database connections or describe one.
CONNECT_APIS = database_openers()
DB_DICT_KEYS = frozenset({"engine", "host", "port", "database", "db", "dbname", "provider", "dsn"})
ENV_GETTERS = (("os", ("getenv", "get")), ("environ", ()), ("decouple", ("config",)))
SECRET_ENV = re.compile(r"PASS|PWD", re.IGNORECASE)
DB_ENV = re.compile(r"DB|DATABASE|POSTGRES|PG|MYSQL|MARIA|SQL|ORACLE|MONGO", re.IGNORECASE)
PLACEHOLDERS = frozenset({
    "changeme", "changethis", "changeit", "replaceme", "placeholder", "redacted", "example", "dummy",
    "todo", "fixme", "secretgoeshere", "passwordhere", "yourpassword", "mypassword", "enterpassword",
    "insertpassword", "notsecret", "password", "pass", "passwd", "pwd", "pw", "secret",
})
# Dict keys under which a URL is configuration rather than documentation.
URL_KEYS = re.compile(r"url|uri|dsn|database|^db", re.IGNORECASE)


class HardcodedDbCredentials(Rule):
    """
    ## What it does
    Flags a database password written in the code: a database URL with a password
    (`postgresql://app:S3cret@db/prod`) anywhere in production code, a literal
    `password=`/`passwd=`/`pwd=` passed to a database connect call (psycopg,
    asyncpg, PyMySQL, mysqlclient, Oracle, SQLAlchemy `URL.create`, Peewee and Pony
    databases), a literal `PASSWORD` in Django `DATABASES` or a database config dict,
    and a literal fallback for a database password variable
    (`os.getenv("DB_PASSWORD", "S3cret")`, `env("DB_PASSWORD", default=...)`).

    ## Why is this bad?
    The password is in every clone, fork, CI log and backup of the repository, and it
    cannot be rotated without a commit. A fallback is worse than no default: when the
    variable is missing in production the app silently connects with the known password
    instead of failing.

    ## Example
    ```python
    engine = create_engine("postgresql://app:S3cret@db/prod")
    password = os.getenv("DB_PASSWORD", "S3cret")
    ```

    ## Use instead
    ```python
    engine = create_engine(os.environ["DATABASE_URL"])  # fails fast when missing
    password = os.environ["DB_PASSWORD"]
    ```

    Not reported: empty strings, templates (`${DB_PASSWORD}`, `{password}`,
    `%(password)s`, `<password>`), masks (`***`, `xxx`) and marker words such as
    `changeme`/`password`/`your_password` (they hold no secret to leak; a literal
    default like `postgres` is a real password and is reported), text with spaces (a
    field description), URLs in documentation (docstrings, example dicts), and tests,
    scripts and migrations. Findings never show the secret: the message names only where it is, the
    text output masks the literal and fingerprints are computed from masked text.

    ## Fix safety
    No fix: where the secret should come from is a deployment decision.

    ## Where it reports
    | context | reports | why |
    |---|---|---|
    | application code | yes | where requests, jobs and commands run against production data |
    | `migration` | no | a migration connects through the migration tool's configuration |
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
    - [Django: `DATABASES`](https://docs.djangoproject.com/en/stable/ref/settings/#databases)
    - [SQLAlchemy: `URL.create()`](https://docs.sqlalchemy.org/en/20/core/engines.html#sqlalchemy.engine.URL.create)
    - [OWASP: Secrets Management Cheat Sheet](https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html)
    """

    code = "ORM503"
    name = "hardcoded-db-credentials"
    family = "schema"
    severity = "error"
    orms = ("django", "sqlalchemy", "sqlmodel", "peewee", "tortoise", "pony", "dbapi", "asyncpg")
    fix_safety = "none"
    summary = "A database password is written in the code (URL, connect argument, settings or env fallback)."
    prefilter = ("://", "password", "passwd", "pwd", "PASSWORD", "PASS", "PWD")
    skip_roles = NON_PRODUCTION | {"migration"}
    reports_secrets = True

    VALID = [
        """
        import os
        from sqlalchemy import create_engine
        engine = create_engine(os.environ["DATABASE_URL"])
        """,
        """
        import os
        DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql",
                                 "PASSWORD": os.environ["DB_PASSWORD"], "HOST": "db"}}
        """,
        # templates and placeholders hold no secret
        """
        import psycopg2
        DSN = "postgresql://app:${DB_PASSWORD}@db/prod"
        conn = psycopg2.connect(host="db", user="app", password="changeme")
        DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "PASSWORD": ""}}
        """,
        # a fallback for a non-secret variable; a URL without a password
        """
        import os
        host = os.getenv("DB_HOST", "localhost")
        url = os.getenv("DATABASE_URL", "sqlite:///local.db")
        engine_url = "postgresql://app@db/prod"
        """,
        # a docstring showing the URL format
        '''
        def connect_to(url):
            """url: e.g. postgresql://user:secret@host/db"""
        ''',
        # tests may hold fixtures' passwords
        Example(
            """
            from sqlalchemy import create_engine
            engine = create_engine("postgresql://app:S3cret@localhost/test")
            """,
            path="tests/test_db.py",
        ),
    ]
    INVALID = [
        Example(
            """
            from sqlalchemy import create_engine
            engine = create_engine("postgresql://app:S3cret@db/prod")
            """,
            lines=(2,),
            message="hardcoded password in the database URL passed to",
        ),
        Example(
            """
            DATABASES = {
                "default": {
                    "ENGINE": "django.db.backends.postgresql",
                    "NAME": "shop",
                    "PASSWORD": "S3cret",
                }
            }
            """,
            lines=(5,),
            message="hardcoded PASSWORD in the database settings",
        ),
        Example(
            """
            import os
            import psycopg2

            password = os.getenv("DB_PASSWORD", "S3cret")
            conn = psycopg2.connect(
                host="db",
                user="app",
                password="hunter2",
            )
            """,
            lines=(4, 8),
            message="hardcoded fallback for DB_PASSWORD in os.getenv(): when the",
        ),
        Example(
            """
            import environ
            env = environ.Env()
            DATABASE_PASSWORD = env("DATABASE_PASSWORD", default="postgres")
            """,
            lines=(3,),
            message="hardcoded fallback for DATABASE_PASSWORD in env(): when the",
        ),
    ]

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        value = _literal(node)
        if value is None or not value.strip():
            return
        parent = self.ancestors[-2] if len(self.ancestors) > 1 else None
        if isinstance(parent, cst.Expr):  # a docstring or a bare string statement
            return
        message = self._url_password(value) or self._password_value(node, value)
        if message:
            self.report(node, message)

    def _url_password(self, value: str) -> str | None:
        match = DB_URL.match(value.strip())
        if not match or not any(s in match.group(1).lower() for s in DB_SCHEMES):
            return None
        if is_placeholder(match.group(3)) or not self._configures():
            return None
        return f"hardcoded password in the database URL{self._where()}; read it from the environment"

    def _configures(self) -> bool:
        """The URL is used: a call argument, an assigned value, a default, or a config dict's URL entry."""
        for parent in reversed(self.ancestors[:-1]):
            if isinstance(parent, (cst.Arg, cst.Param, cst.Assign, cst.AnnAssign, cst.Return)):
                return True
            if isinstance(parent, cst.DictElement):
                key = _literal(parent.key)
                return key is None or bool(URL_KEYS.search(key))
            if isinstance(parent, (cst.BaseSmallStatement, cst.BaseCompoundStatement)):
                return False
        return False

    def _where(self) -> str:
        for parent in reversed(self.ancestors[:-1]):
            if isinstance(parent, cst.Call):
                return f" passed to {_name(parent.func)}()"
            if isinstance(parent, (cst.BaseSmallStatement, cst.BaseCompoundStatement)):
                return ""
        return ""

    def _password_value(self, node: cst.SimpleString, value: str) -> str | None:
        """The literal is a password: a connect keyword, a settings key, or an env fallback."""
        if is_placeholder(value) or any(c.isspace() for c in value):  # prose, not a password
            return None
        parent = self.ancestors[-2] if len(self.ancestors) > 1 else None
        if isinstance(parent, cst.Arg):
            call = self.ancestors[-3]
            return self._in_call(call, parent) if isinstance(call, cst.Call) else None
        if isinstance(parent, cst.DictElement) and parent.value is node:
            key = _literal(parent.key)
            owner = self.ancestors[-3]
            if key and key.lower() in PASSWORD_KEYWORDS and isinstance(owner, cst.Dict) and self._db_dict(owner):
                return f"hardcoded {key} in the database settings; read it from the environment"
        if isinstance(parent, cst.Assign) and parent.value is node:
            target = parent.targets[0].target
            if isinstance(target, cst.Subscript) and "DATABASES" in (self.ctx.module.code_for_node(target)) and \
                    (_literal(target.slice[-1].slice.value) or "").lower() in PASSWORD_KEYWORDS:
                return "hardcoded PASSWORD in DATABASES; read it from the environment"
        return None

    def _in_call(self, call: cst.Call, arg: cst.Arg) -> str | None:
        api = _name(call.func)
        keyword = arg.keyword.value if arg.keyword else None
        if keyword and keyword.lower() in PASSWORD_KEYWORDS and self._connect_api(call):
            return f"hardcoded {keyword}= in {api}(); read it from the environment"
        fallback = keyword == "default" or (keyword is None and call.args.index(arg) == 1)
        if fallback and self._env_getter(call):
            variable = _literal(call.args[0].value) if call.args and call.args[0] is not arg else None
            if variable and SECRET_ENV.search(variable) and (DB_ENV.search(variable) or self._password_slot()):
                return (f"hardcoded fallback for {variable} in {api}(): when the variable is missing the "
                        f"literal password is used; fail instead (os.environ[{variable!r}])")
        return None

    def _password_slot(self) -> bool:
        """The env lookup around the literal is itself a password: ``password=os.getenv("PASS", "...")``."""
        slot = self.ancestors[-4] if len(self.ancestors) > 3 else None
        if isinstance(slot, cst.Arg) and slot.keyword is not None:
            return slot.keyword.value.lower() in PASSWORD_KEYWORDS
        if isinstance(slot, cst.DictElement):
            return (_literal(slot.key) or "").lower() in PASSWORD_KEYWORDS
        return False

    def _connect_api(self, call: cst.Call) -> bool:
        qualified = self.qualify(call.func)
        if any_matches(qualified, CONNECT_APIS):
            return True
        # Pony: db.bind(provider="postgres", ..., password=...)
        return isinstance(call.func, cst.Attribute) and call.func.attr.value == "bind" and \
            any(a.keyword is not None and a.keyword.value == "provider" for a in call.args)

    def _env_getter(self, call: cst.Call) -> bool:
        qualified = self.qualify(call.func)
        if any(is_from(qualified, package, *names) for package, names in ENV_GETTERS):
            return True
        func = call.func
        # django-environ: env = environ.Env(); env("X", default=...) / env.str("X", default=...)
        base = func.value if isinstance(func, cst.Attribute) else func
        return isinstance(base, cst.Name) and base.value == "env" and self.ctx.imports.imports_from("environ")

    def _db_dict(self, node: cst.Dict) -> bool:
        keys = {(_literal(e.key) or "").lower() for e in node.elements if isinstance(e, cst.DictElement)}
        if keys & DB_DICT_KEYS:
            return True
        holder = self.ancestors[-4] if len(self.ancestors) > 3 else None
        if isinstance(holder, cst.Arg) and holder.keyword is not None and holder.keyword.value == "connect_args":
            return True
        for parent in reversed(self.ancestors[:-3]):
            if isinstance(parent, cst.Assign):
                return any(dotted_name(t.target) == "DATABASES" for t in parent.targets)
        return False


def is_placeholder(secret: str) -> bool:
    """Empty, a template (``${X}``, ``{x}``, ``%(x)s``, ``<x>``), a mask (``***``), or a marker word."""
    text = secret.strip()
    if not text or len(set(text)) == 1:
        return True
    if any(mark in text for mark in ("${", "{", "}", "%(", "%s", "<", ">")) or text.startswith("$"):
        return True
    word = re.sub(r"[^a-z0-9]", "", text.lower())
    return word in PLACEHOLDERS or word.startswith("your") or set(word) <= {"x"}


def _name(func: cst.BaseExpression) -> str:
    return dotted_name(func) or (f"….{func.attr.value}" if isinstance(func, cst.Attribute) else "…")
