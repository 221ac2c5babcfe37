"""ORM503 hardcoded-db-credentials."""

from __future__ import annotations

import re

import libcst as cst

from ormlint.analysis.money import name_tokens
from ormlint.api import Example, Rule
from ormlint.core.roles import NON_PRODUCTION
from ormlint.orms import database_openers
from ormlint.orms.spec import any_matches
from ormlint.syntax.literals import string_value as _literal
from ormlint.syntax.names import dotted_name, is_from
from ormlint.syntax.walk import descendants

# scheme://user:password@host[:port]/database — the scheme names a database (driver suffixes allowed).
DB_URL = re.compile(r"^([a-z][a-z0-9+.\-]*)://([^:/@\s]*):([^@/\s]+)@(\S+)$", re.IGNORECASE)
DB_SCHEMES = ("postgres", "mysql", "mariadb", "oracle", "mssql", "sqlserver", "cockroach", "redshift",
              "snowflake", "clickhouse", "db2", "firebird", "sybase", "teradata", "mongodb", "psycopg")
# libpq key=value connection strings: "host=db dbname=app user=app password=S3cret"
DSN_PAIR = re.compile(r"(?:^|\s)([a-z_]+)\s*=\s*('[^']*'|\S+)", re.IGNORECASE)
DSN_KEYS = frozenset({"host", "hostaddr", "dbname", "user", "port", "sslmode"})
PASSWORD_KEYWORDS = frozenset({"password", "passwd", "pwd"})
# Calls that open database connections or describe one.
CONNECT_APIS = database_openers()
DB_DICT_KEYS = frozenset({"engine", "host", "port", "database", "db", "dbname", "provider", "dsn"})
HOST_KEYS = frozenset({"host", "hostname", "server", "hostaddr"})
NAME_KEYS = frozenset({"user", "username", "name", "database", "db", "dbname", "db_name"})
ENV_GETTERS = (("os", ("getenv", "get")), ("environ", ()), ("decouple", ("config",)))
SECRET_ENV = re.compile(r"PASS|PWD", re.IGNORECASE)
SECRET_SUFFIX = re.compile(r"[A-Za-z]*(PASS|PWD)[A-Za-z_]*$", re.IGNORECASE)  # DB_PASSWORD -> DB_
ENV_NAME = re.compile(r"USER|NAME|DATABASE|^_?DB$", re.IGNORECASE)
DB_ENV = re.compile(r"DB|DATABASE|POSTGRES|PG|MYSQL|MARIA|SQL|ORACLE|MONGO", re.IGNORECASE)
PLACEHOLDERS = frozenset({
    "changeme", "changethis", "changeit", "replaceme", "placeholder", "redacted", "example", "dummy",
    "todo", "fixme", "secretgoeshere", "passwordhere", "yourpassword", "mypassword", "enterpassword",
    "insertpassword", "notsecret", "password", "pass", "passwd", "pwd", "pw", "secret",
})
# How a value that asks to be replaced begins (``replace-with-postgres-password``, ``your_db_password``).
PLACEHOLDER_STARTS = ("your", "replacewith", "replaceme", "changeme", "changethis", "insertyour", "enteryour",
                      "putyour", "setyour")
# Passwords every installation of a database image or a project's dev setup ships with.
STOCK_PASSWORDS = frozenset({
    "postgres", "postgresql", "mysql", "mariadb", "root", "admin", "administrator", "dev", "devel", "development",
    "local", "test", "testing", "default", "guest", "demo", "sample", "user", "sa", "oracle", "mongo",
})
PASSWORD_WORDS = frozenset({"pass", "passwd", "password", "pwd", "pw", "secret"})
LOCAL_HOSTS = frozenset({"localhost", "::1", "0.0.0.0", "host.docker.internal"})
LOCAL_SUFFIXES = (".localhost", ".local")
UNKNOWN = object()  # a setting computed by an expression
# Dict keys under which a URL is configuration rather than documentation; names of configuration dicts.
URL_KEYS = re.compile(r"url|uri|dsn|database|^db|^connections$|^binds$", re.IGNORECASE)
CONFIG_NAMES = re.compile(r"DATABASE|URL|URI|DSN|BINDS|CONNECTIONS|TORTOISE|^DB", re.IGNORECASE)


class HardcodedDbCredentials(Rule):
    """
    ## What it does
    Flags a database password written in the code: a database URL with a password
    (`postgresql://app:S3cret@db.example.com/prod`) or a libpq connection string
    (`"host=... user=... password=..."`, nothing but such pairs) used as configuration (a call argument, an
    assigned value, a default, a connection entry of `DATABASES`, Tortoise
    `connections` or `SQLALCHEMY_BINDS`), a literal `password=`/`passwd=`/`pwd=`
    passed to a database connect call (psycopg, asyncpg, PyMySQL, mysqlclient, Oracle,
    SQLAlchemy `URL.create`, Peewee and Pony databases), a literal `PASSWORD` in
    Django `DATABASES` or a database config dict (Tortoise `credentials`), and a
    literal fallback for a database password variable
    (`os.getenv("DB_PASSWORD", "S3cret")`, `env("DB_PASSWORD", default=...)`).

    A development default is not a secret: a throwaway password (a stock one such as
    `postgres` or `root`, the user or database name again, `docs_pwd` for user
    `docs_user`, such words and password words run together, digits aside: `secretpostgres`,
    `apppass123` for user `app`) for a database that is not written down as a remote host (no host: the
    driver connects to the local server; `localhost`, `127.0.0.1`, `::1`, a Unix socket,
    a one-label docker-compose service name such as `db`). The host and names are read
    from the same URL, connection string, dict or call, and for an environment fallback
    from the module's other fallbacks of the same prefix (`DB_HOST`, `DB_USER`). A
    throwaway password next to a remote host (`db.example.com`, `10.0.0.5`) is
    reported; so is any other password, local or not.

    ## Why is this bad?
    The password is in every clone, fork, CI log and backup of the repository, and it
    cannot be rotated without a commit. A fallback is worse than no default: when the
    variable is missing in production the app silently connects with the known password
    instead of failing.

    ## Example
    ```python
    engine = create_engine("postgresql://app:S3cret@db.example.com/prod")
    password = os.getenv("DB_PASSWORD", "S3cret")
    ```

    ## Use instead
    ```python
    engine = create_engine(os.environ["DATABASE_URL"])  # fails fast when missing
    password = os.environ["DB_PASSWORD"]
    ```

    Not reported: empty strings, templates (`${DB_PASSWORD}`, `{password}`,
    `%(password)s`, `<password>`), masks (`***`, `xxx`) and marker words such as
    `changeme`/`password`/`your_password`, or values asking to be replaced
    (`replace-with-postgres-password`) (they hold no secret to leak), text with
    spaces (a field description). Findings never show the secret: the message names only
    where it is, the text output masks the literal and fingerprints are computed from
    masked text.

    ## Fix safety
    No fix: where the secret should come from is a deployment decision.

    ## Where it reports
    | context | reports | why |
    |---|---|---|
    | application code | yes | the password is in every clone, fork and backup |
    | development defaults (throwaway password, local host) | no | the stock credential of a dev database protects nothing |
    | docstrings, documentation dicts | no | examples, not configuration |
    | `migration` | no | a migration connects through the migration tool's configuration |
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
    - [Django: `DATABASES`](https://docs.djangoproject.com/en/stable/ref/settings/#databases)
    - [SQLAlchemy: `URL.create()`](https://docs.sqlalchemy.org/en/20/core/engines.html#sqlalchemy.engine.URL.create)
    - [PostgreSQL: libpq connection strings](https://www.postgresql.org/docs/current/libpq-connect.html#LIBPQ-CONNSTRING)
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
        # development defaults: a throwaway password (a stock one, the user or database name again)
        # for a local database (unset host, loopback, a docker-compose service name)
        """
        import os
        SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL", "postgresql://lemur:lemur@localhost:5432/lemur")
        DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "taiga", "USER": "taiga",
                                 "PASSWORD": "taiga", "HOST": "127.0.0.1"}}
        DEV = {"ENGINE": "django.db.backends.postgresql", "USER": os.environ.get("DB_USER", "docs_user"),
               "PASSWORD": os.environ.get("DB_PWD", "docs_pwd"), "HOST": os.environ.get("DB_HOST", "database")}
        PG_HOST = os.environ.get("PG_HOST", "localhost")
        PG_PASSWORD = os.environ.get("PG_PASSWORD", "postgres")
        """,
        # test settings configure a throwaway database
        Example(
            """
            DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "PASSWORD": "Tr0ub4dor"}}
            """,
            path="shop/settings/test.py",
        ),
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
        # a stock password is a finding when the host written next to it is a remote one
        Example(
            """
            SQLALCHEMY_DATABASE_URI = "postgresql://postgres:postgres@db.example.com:5432/shop"
            """,
            message="hardcoded password in the database URL; read it from the environment",
        ),
        # libpq key=value connection strings
        Example(
            """
            import psycopg2
            conn = psycopg2.connect("host=db.internal.example.com dbname=shop user=app password=Tr0ub4dor")
            """,
            message="hardcoded password in the connection string passed to psycopg2.connect()",
        ),
        # Tortoise-style configuration: connection URLs under "connections"
        Example(
            """
            TORTOISE_ORM = {
                "connections": {"default": "postgres://app:Tr0ub4dor@10.0.0.5:5432/shop"},
                "apps": {"models": {"models": ["app.models"]}},
            }
            """,
            lines=(2,),
            message="hardcoded password in the database URL; read it from the environment",
        ),
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
            DATABASE_PASSWORD = env("DATABASE_PASSWORD", default="Tr0ub4dor")
            """,
            lines=(3,),
            message="hardcoded fallback for DATABASE_PASSWORD in env(): when the",
        ),
    ]

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self._env: dict[str, str | None] | None = None

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        value = _literal(node)
        if value is None or not value.strip():
            return
        parent = self.ancestors[-2] if len(self.ancestors) > 1 else None
        if isinstance(parent, cst.Expr):  # a docstring or a bare string statement
            return
        message = self._url_password(value) or self._dsn_password(value) or self._password_value(node, value)
        if message:
            self.report(node, message)

    # -- where the password is -------------------------------------------------------
    def _url_password(self, value: str) -> str | None:
        match = DB_URL.match(value.strip())
        if not match or not any(s in match.group(1).lower() for s in DB_SCHEMES):
            return None
        user, password, rest = match.group(2), match.group(3), match.group(4)
        host, _, database = rest.partition("/")
        host = _url_host(host)
        if is_placeholder(password) or not self._configures() or is_dev_default(password, host, {user, database}):
            return None
        return f"hardcoded password in the database URL{self._where()}; read it from the environment"

    def _dsn_password(self, value: str) -> str | None:
        """A libpq key=value connection string: ``"host=db dbname=app user=app password=S3cret"``; nothing
        but such pairs (text around them, an example in YAML or prose, is not one)."""
        if DSN_PAIR.sub(" ", value).strip():
            return None
        pairs = dict(DSN_PAIR.findall(value))
        pairs = {k.lower(): v.strip("'") for k, v in pairs.items()}
        password = pairs.get("password")
        if password is None or not set(pairs) & DSN_KEYS or is_placeholder(password) or not self._configures():
            return None
        if is_dev_default(password, pairs.get("host") or pairs.get("hostaddr"),
                          {pairs.get("user"), pairs.get("dbname")}):
            return None
        return f"hardcoded password in the connection string{self._where()}; read it from the environment"

    def _configures(self) -> bool:
        """The string is used: a call argument, an assigned value, a default, or a connection entry of
        a configuration dict (``DATABASES``, Tortoise ``connections``, ``SQLALCHEMY_BINDS``)."""
        in_dict = False
        for parent in reversed(self.ancestors[:-1]):
            if isinstance(parent, (cst.Arg, cst.Param, cst.AnnAssign, cst.Return)):
                return True
            if isinstance(parent, cst.Assign):
                return not in_dict or any(CONFIG_NAMES.search(dotted_name(t.target) or "") for t in parent.targets)
            if isinstance(parent, cst.DictElement):
                key = _literal(parent.key)
                if key is None or URL_KEYS.search(key):
                    return True
                in_dict = True  # an outer key or the assigned name may still say it is configuration
            elif isinstance(parent, (cst.BaseSmallStatement, cst.BaseCompoundStatement)):
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
            return self._in_call(call, parent, value) if isinstance(call, cst.Call) else None
        if isinstance(parent, cst.DictElement) and parent.value is node:
            key = _literal(parent.key)
            owner = self.ancestors[-3]
            if key and key.lower() in PASSWORD_KEYWORDS and isinstance(owner, cst.Dict) and self._db_dict(owner):
                host, names = self._dict_context(owner)
                if not is_dev_default(value, host, names):
                    return f"hardcoded {key} in the database settings; read it from the environment"
        if isinstance(parent, cst.Assign) and parent.value is node:
            target = parent.targets[0].target
            if isinstance(target, cst.Subscript) and "DATABASES" in (self.ctx.module.code_for_node(target)) and \
                    (_literal(target.slice[-1].slice.value) or "").lower() in PASSWORD_KEYWORDS:
                if not is_dev_default(value, None, set()):
                    return "hardcoded PASSWORD in DATABASES; read it from the environment"
        return None

    def _in_call(self, call: cst.Call, arg: cst.Arg, value: str) -> str | None:
        api = _name(call.func)
        keyword = arg.keyword.value if arg.keyword else None
        if keyword and keyword.lower() in PASSWORD_KEYWORDS and self._connect_api(call):
            host, names = self._call_context(call)
            if is_dev_default(value, host, names):
                return None
            return f"hardcoded {keyword}= in {api}(); read it from the environment"
        fallback = keyword == "default" or (keyword is None and call.args.index(arg) == 1)
        if fallback and self._env_getter(call):
            variable = _literal(call.args[0].value) if call.args and call.args[0] is not arg else None
            if variable and SECRET_ENV.search(variable) and (DB_ENV.search(variable) or self._password_slot()):
                host, names = self._fallback_context(variable)
                if is_dev_default(value, host, names):
                    return None
                return (f"hardcoded fallback for {variable} in {api}(): when the variable is missing the "
                        f"literal password is used; fail instead (os.environ[{variable!r}])")
        return None

    # -- the connection the password is for -------------------------------------------
    def _value(self, node: cst.BaseExpression | None) -> str | None | object:
        """What a setting holds when the environment lacks it: a literal, an env lookup's fallback,
        None when unset (the driver's default: the local server), or UNKNOWN."""
        if node is None:
            return None
        text = _literal(node)
        if text is not None:
            return text
        if isinstance(node, cst.Call) and self._env_getter(node):
            fallback = next((a.value for a in node.args[1:] if a.keyword is None or a.keyword.value == "default"),
                            None)
            return None if fallback is None else (_literal(fallback) if _literal(fallback) is not None else UNKNOWN)
        if isinstance(node, cst.Name) and node.value == "None":
            return None
        return UNKNOWN

    def _context(self, settings: dict[str, cst.BaseExpression]) -> tuple[str | None | object, set[str]]:
        """(host, the user and database names) from a connection's other settings, keyed in lower case."""
        host = self._value(next((v for k, v in settings.items() if k in HOST_KEYS), None))
        names = {self._value(v) for k, v in settings.items() if k in NAME_KEYS}
        return host, {n for n in names if isinstance(n, str)}

    def _dict_context(self, node: cst.Dict) -> tuple[str | None | object, set[str]]:
        return self._context({(_literal(e.key) or "").lower(): e.value for e in node.elements
                              if isinstance(e, cst.DictElement)})

    def _call_context(self, call: cst.Call) -> tuple[str | None | object, set[str]]:
        settings = {a.keyword.value.lower(): a.value for a in call.args if a.keyword is not None}
        positional = [a.value for a in call.args if a.keyword is None]
        if positional and _literal(positional[0]) is not None and "://" not in _literal(positional[0]):
            settings.setdefault("database", positional[0])  # PostgresqlDatabase("shop", user=...)
        return self._context(settings)

    def _fallback_context(self, variable: str) -> tuple[str | None | object, set[str]]:
        """For ``os.getenv("DB_PASSWORD", "...")``: the settings around it (a dict, connect keywords),
        else the module's fallbacks for variables of the same prefix (``DB_HOST``, ``DB_USER``)."""
        slot = self.ancestors[-4] if len(self.ancestors) > 3 else None
        owner = self.ancestors[-5] if len(self.ancestors) > 4 else None
        if isinstance(slot, cst.DictElement) and isinstance(owner, cst.Dict):
            return self._dict_context(owner)
        if isinstance(slot, cst.Arg) and isinstance(owner, cst.Call):
            return self._call_context(owner)
        prefix = SECRET_SUFFIX.sub("", variable)
        env = self._module_env()
        host = next((env[v] for v in env if v.startswith(prefix) and "HOST" in v.upper()), None)
        names = {env[v] for v in env if v.startswith(prefix) and ENV_NAME.search(v[len(prefix):])}
        return host, {n for n in names if isinstance(n, str)}

    def _module_env(self) -> dict[str, str | None]:
        """Every ``os.getenv("X", fallback)`` of the module (variable → its fallback) and every module
        constant (``DB_HOST = "db.example.com"``)."""
        if self._env is None:
            self._env = {}
            for statement in self.ctx.module.body:
                for small in statement.body if isinstance(statement, cst.SimpleStatementLine) else ():
                    if isinstance(small, cst.Assign) and _literal(small.value) is not None:
                        for target in small.targets:
                            if isinstance(target.target, cst.Name):
                                self._env[target.target.value] = _literal(small.value)
            for node in descendants(self.ctx.module):
                if isinstance(node, cst.Call) and node.args and self._env_getter(node):
                    name = _literal(node.args[0].value)
                    value = self._value(node)
                    if name and (value is None or isinstance(value, str)):
                        self._env[name] = value
        return self._env

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


def _url_host(netloc: str) -> str:
    """The host of a URL's ``host[:port]`` part (``[::1]:5432`` → ``::1``)."""
    if netloc.startswith("["):
        return netloc[1:].split("]", 1)[0]
    return netloc.rsplit(":", 1)[0] if netloc.count(":") == 1 else netloc


def is_local_host(host: str | None | object) -> bool:
    """Unset (the driver connects to the local server), a loopback address, a Unix socket directory,
    or a one-label name (a docker-compose service, an ``/etc/hosts`` alias): not a server on the
    network. UNKNOWN (an expression) counts as local: only a written remote host is remote."""
    if not isinstance(host, str) or not host.strip():
        return True
    host = host.strip().lower()
    if host in LOCAL_HOSTS or host.startswith(("127.", "/")) or host.endswith(LOCAL_SUFFIXES):
        return True
    return "." not in host and ":" not in host


def is_dev_default(password: str, host: str | None | object, names: set[str | None]) -> bool:
    """A throwaway password (a stock one, or the user or database name again: ``taiga``/``taiga``,
    ``docs_user``/``docs_pwd``) for a database that is not written down as a remote host."""
    return is_local_host(host) and is_throwaway(password, {n for n in names if n})


def is_throwaway(password: str, names: set[str]) -> bool:
    """A stock password, the user or database name, or words of those and of password words run
    together or apart, digits aside (``docs_pwd`` for user ``docs_user``, ``secretpostgres``, ``app123``)."""
    lowered = password.lower()
    if lowered in STOCK_PASSWORDS or lowered in {n.lower() for n in names}:
        return True
    words = set(name_tokens(password)) - PASSWORD_WORDS
    known = {t for n in names for t in name_tokens(n)}
    if words and words <= known:
        return True
    return _spelled_from(re.sub(r"[^a-z]", "", lowered), known | STOCK_PASSWORDS)


def _spelled_from(text: str, words: frozenset[str] | set[str]) -> bool:
    """``text`` is words of ``words`` and :data:`PASSWORD_WORDS` run together, one at least of ``words``."""
    vocabulary = sorted(set(words) | PASSWORD_WORDS, key=len, reverse=True)
    ends: dict[int, bool] = {0: False}  # a prefix spelled so far -> whether it holds one of ``words``
    for start in range(len(text)):
        if start not in ends:
            continue
        for word in vocabulary:
            if word and text.startswith(word, start):
                end = start + len(word)
                ends[end] = ends.get(end, False) or ends[start] or word in words
    return bool(text) and ends.get(len(text), False)


def is_placeholder(secret: str) -> bool:
    """Empty, a template (``${X}``, ``{x}``, ``%(x)s``, ``<x>``), a mask (``***``), or a marker word."""
    text = secret.strip()
    if not text or len(set(text)) == 1:
        return True
    if any(mark in text for mark in ("${", "{", "}", "%(", "%s", "<", ">")) or text.startswith("$"):
        return True
    word = re.sub(r"[^a-z0-9]", "", text.lower())
    return word in PLACEHOLDERS or word.startswith(PLACEHOLDER_STARTS) or set(word) <= {"x"}


def _name(func: cst.BaseExpression) -> str:
    return dotted_name(func) or (f"….{func.attr.value}" if isinstance(func, cst.Attribute) else "…")
