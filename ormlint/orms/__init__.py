"""What ormlint knows of each ORM, driver and migration tool: one module per family, the only place that names them.

``ORMS`` lists the ORM specs (:class:`ormlint.orms.spec.OrmSpec`); rules and analyses ask
:func:`spec_of` for the spec of a model's ORM instead of naming its methods themselves.
"""

from __future__ import annotations

from ormlint.orms import dbapi
from ormlint.orms.django import DJANGO
from ormlint.orms.migration_ops import MIGRATIONS
from ormlint.orms.peewee import PEEWEE
from ormlint.orms.pony import PONY
from ormlint.orms.spec import Names, OrmSpec
from ormlint.orms.sqlalchemy import SQLALCHEMY
from ormlint.orms.sqlmodel import SQLMODEL
from ormlint.orms.tortoise import TORTOISE

ORMS: tuple[OrmSpec, ...] = (DJANGO, SQLALCHEMY, SQLMODEL, PEEWEE, TORTOISE, PONY)
_BY_NAME = {spec.name: spec for spec in ORMS}


def spec_of(orm: str | None) -> OrmSpec | None:
    """The spec of the ORM named ``orm`` (``django``, ``sqlalchemy``, ...), if ormlint knows it."""
    return _BY_NAME.get(orm or "")


def star_exports() -> dict[str, frozenset[str]]:
    """What ``from <module> import *`` binds, for every module whose ``__all__`` ormlint knows."""
    found: dict[str, frozenset[str]] = {}
    for spec in ORMS:
        for exports in spec.star_exports:
            found[exports.module] = found.get(exports.module, frozenset()) | exports.names
    return found


def orm_packages() -> frozenset[str]:
    """Top-level packages of every ORM."""
    return frozenset(package for spec in ORMS for package in spec.packages)


def orm_source_paths() -> tuple[str, ...]:
    """Where the ORMs' and migration tools' own source lives in a checkout of them: their top
    packages (or modules) at the root, or under ``src/`` or ``lib/``. A project that uses an ORM
    cannot have a top package of that name (it would hide the ORM), so these are the ORM itself."""
    tops = [f"{package}/" for package in sorted(orm_packages())]
    tops += [f"{package}.py" for package in sorted(orm_packages())] + list(MIGRATIONS.source_paths)
    return tuple(f"/{prefix}{top}" for prefix in ("", "src/", "lib/") for top in tops)


def database_openers() -> tuple[Names, ...]:
    """Calls that open or describe a database connection, and so take its credentials."""
    return tuple(names for spec in ORMS for names in spec.databases) + tuple(
        Names(driver.module, tuple(c.name.rsplit(".", 1)[-1] for c in driver.connects)) for driver in dbapi.DRIVERS
    ) + tuple(pool for driver in dbapi.DRIVERS for pool in driver.pools)


def database_errors() -> tuple[Names, ...]:
    """Exceptions a failed statement raises, in every ORM and driver."""
    return tuple(names for spec in ORMS for names in spec.errors) + dbapi.ERRORS


def rollback_methods() -> frozenset[str]:
    """Calls that end a broken transaction, in every ORM and driver."""
    return frozenset(m for spec in ORMS for m in spec.rollbacks) | dbapi.ROLLBACKS


def sql_running_methods() -> frozenset[str]:
    """Method names that alone say a call runs SQL (``get_or_create``, ``executemany``, ``scalars``)."""
    return frozenset(m for spec in ORMS for m in spec.runs_sql) | dbapi.RUNS_SQL


# Verbs a project's own managers and models name their writes by (``create_user()``, ``update_stats()``).
_WRITE_VERBS = ("save", "delete", "create", "update", "add", "remove", "set", "clear", "bulk_", "insert",
                "merge", "flush", "commit", "execute", "run", "send")


def write_name_prefixes() -> tuple[str, ...]:
    """Beginnings of method names that may change rows, on any receiver: every ORM's write methods and
    SQL-running calls, and the verbs a project's own methods are named by. Reading a call by its name only:
    a method named so may write, one named otherwise may still (left to the caller to weigh)."""
    names = {m for spec in ORMS for w in spec.writes for m in w.methods} | sql_running_methods()
    return tuple(sorted(names | set(_WRITE_VERBS)))


def quoting_functions() -> frozenset[str]:
    """Functions and methods of every ORM and driver that quote an identifier or a literal for SQL."""
    return frozenset(m for spec in ORMS for m in spec.quoting) | frozenset(
        m for driver in dbapi.DRIVERS for m in driver.quoting)


def database_error_names() -> frozenset[str]:
    """The class names of :func:`database_errors`."""
    return frozenset(name for names in database_errors() for name in names.names)
