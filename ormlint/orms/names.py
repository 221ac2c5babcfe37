"""Name resolution that ORM code needs beyond the import table.

- ``from peewee import *`` and ``from pony.orm import *`` are the documented way to use
  those ORMs, so a bare ``FloatField`` or ``Required`` may come from a star import;
- Flask-SQLAlchemy exposes every SQLAlchemy name on its ``db`` object (``db.Column``,
  ``db.Float``, ``db.create_all()``), and that object is usually created in one module and
  imported everywhere else as ``db``.
"""

from __future__ import annotations

import libcst as cst

from ormlint.syntax.names import ImportTable, dotted_name, is_from


class OrmNames:
    """Qualifies names of one module through its imports, its star imports and its ``db`` object."""

    def __init__(self, module: cst.Module, imports: ImportTable) -> None:
        self.module = module
        self.imports = imports
        self._star: list[str] | None = None
        self._flask_db: set[str] | None = None

    def star_modules(self) -> list[str]:
        if self._star is None:
            self._star = [
                dotted_name(stmt.module) or ""
                for line in self.module.body if isinstance(line, cst.SimpleStatementLine)
                for stmt in line.body
                if isinstance(stmt, cst.ImportFrom) and isinstance(stmt.names, cst.ImportStar) and stmt.module
            ]
        return self._star

    def qualified(self, node: cst.CSTNode | None) -> list[str]:
        """Qualified names ``node`` may denote: through imports, else through star imports."""
        qualified = self.imports.qualify(node)
        if qualified:
            return [qualified]
        dotted = dotted_name(node)
        if dotted is None:
            return []
        return [f"{module}.{dotted}" for module in self.star_modules()]

    def is_from(self, node: cst.CSTNode | None, package: str, *names: str) -> bool:
        return any(is_from(q, package, *names) for q in self.qualified(node))

    def imports_from(self, *packages: str) -> bool:
        return self.imports.imports_from(*packages) or any(
            m == p or m.startswith(p + ".") for m in self.star_modules() for p in packages
        )

    def is_flask_db(self, node: cst.CSTNode | None) -> bool:
        """A Flask-SQLAlchemy object: assigned from ``SQLAlchemy(...)`` in this module, or named ``db``."""
        dotted = dotted_name(node)
        if dotted is None:
            return False
        if self._flask_db is None:
            self._flask_db = set()
            for line in self.module.body:
                if not isinstance(line, cst.SimpleStatementLine):
                    continue
                for stmt in line.body:
                    if isinstance(stmt, cst.Assign) and isinstance(stmt.value, cst.Call) and self.is_from(
                        stmt.value.func, "flask_sqlalchemy", "SQLAlchemy"
                    ):
                        self._flask_db.update(t.target.value for t in stmt.targets if isinstance(t.target, cst.Name))
        last = dotted.rsplit(".", 1)[-1]
        return last in self._flask_db or last in ("db", "_db")


def string_value(node: cst.CSTNode | None) -> str | None:
    """The value of a plain string literal, else None."""
    if isinstance(node, cst.SimpleString):
        value = node.evaluated_value
        return value if isinstance(value, str) else None
    return None


def positional_args(call: cst.Call) -> list[cst.Arg]:
    return [a for a in call.args if a.keyword is None and not a.star]


def keyword_arg(call: cst.Call, name: str) -> cst.Arg | None:
    return next((a for a in call.args if a.keyword is not None and a.keyword.value == name), None)
