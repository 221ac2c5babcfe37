"""Fixes proven on a real tree: copy it, apply every fix, and check what the fixes did.

    python benchmarks/fixes.py DIR [--jobs N] [--all-migrations] [--keep] [--json OUT]

DIR is copied into a temporary directory (the original is never written). On the copy:
``ormlint check`` lists the findings; ``--fix --unsafe-fixes`` applies every fix (and lists
the findings that remain); a second ``--fix --unsafe-fixes`` must change nothing. Reported:

- fixes by rule: findings offered a fix before, and how many findings of the rule are gone after;
- files changed, and any changed file that LibCST or Python no longer parses (a file that
  Python could not compile before is not held against the fix);
- files a second pass changes (idempotence);
- SQL fixes (ORM201): each fix applied alone to the original file; its SQL must parse
  (sqlglot, in the dialects ormlint knows) and, rewritten to sqlite's ``?`` style, be
  prepared by sqlite (``EXPLAIN`` on an in-memory database with the tables and columns it
  names), and a literal parameter tuple must hold one value per placeholder;
- migration fixes (ORM601): what the generated down step leaves behind, read from the fix
  (RunPython.noop is offered only where the forward function writes nothing the rollback
  keeps; a generated ``downgrade()`` drops what ``upgrade()`` created, data included), and
  for Alembic revisions that import nothing but alembic and sqlalchemy, upgrade → downgrade
  → upgrade run for real on an empty sqlite database in a child process: the schema after
  the downgrade must be the schema before it.
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import json
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

import libcst as cst
import sqlglot
from sqlglot import exp

from ormlint.analysis.sql.holes import parses_in_dialects

SKIP = shutil.ignore_patterns(".git", ".hg", ".venv", "venv", "node_modules", "__pycache__", ".tox", ".ormlint_cache")
SQL_START = re.compile(r"^\s*(\(\s*)?(SELECT|INSERT|UPDATE|DELETE|WITH|REPLACE)\b", re.IGNORECASE)
# Placeholders of the DB-API paramstyles, and SQLAlchemy's/Django's named ones.
PLACEHOLDER = re.compile(r"%\((\w+)\)s|%s|\?|(?<![:\w]):(\w+)")
ALEMBIC_ONLY = re.compile(r"^\s*(import|from)\s+(?!alembic\b|sqlalchemy\b|__future__\b|typing\b)\S+", re.MULTILINE)


def ormlint(root: Path, *args: str, options: argparse.Namespace) -> list[dict]:
    scope = ["--all-migrations"] if options.all_migrations else []
    command = [sys.executable, "-m", "ormlint", "check", "--format", "json", "--exit-zero", "--no-cache",
               "--jobs", str(options.jobs), *scope, *args, "."]
    proc = subprocess.run(command, cwd=root, text=True, capture_output=True)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"ormlint failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return json.loads(proc.stdout or "[]")


def snapshot(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha1(p.read_bytes()).hexdigest()
            for p in root.rglob("*.py") if p.is_file() and not p.is_symlink()}


def compiles(text: str) -> bool:
    try:
        compile(text, "<fixed>", "exec", flags=ast.PyCF_ONLY_AST, dont_inherit=True)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True


def parses(text: str) -> bool:
    try:
        cst.parse_module(text)
    except Exception:  # noqa: BLE001 - any failure is what is being counted
        return False
    return True


def apply_edits(text: str, edits: list[dict]) -> str:
    for edit in sorted(edits, key=lambda e: e["start"], reverse=True):
        text = text[:edit["start"]] + edit["content"] + text[edit["end"]:]
    return text


# -- SQL fixes ------------------------------------------------------------------------------


def sql_calls(text: str, edits: list[dict]) -> list[tuple[str, cst.BaseExpression | None]]:
    """(SQL text, the argument after it) for each call in ``text`` (the file with one fix
    applied) that the fix wrote and whose first string argument, or the name it is given
    through, holds SQL. F-string parts are the string constants they name, else ``x``."""
    written = [edit["content"] for edit in edits]
    module = cst.parse_module(text)
    strings: dict[str, cst.BaseExpression] = {}  # name -> string it is assigned (last wins)
    calls: list[cst.Call] = []

    class Finder(cst.CSTVisitor):
        def visit_Assign(self, node: cst.Assign) -> None:
            if len(node.targets) == 1 and isinstance(node.targets[0].target, cst.Name) and isinstance(node.value, cst.BaseString):
                strings[node.targets[0].target.value] = node.value

        def visit_Call(self, node: cst.Call) -> None:
            calls.append(node)

    module.visit(Finder())

    def value(node: cst.BaseExpression) -> str | None:
        if isinstance(node, (cst.SimpleString, cst.ConcatenatedString)):
            evaluated = node.evaluated_value
            return evaluated if isinstance(evaluated, str) else None
        if isinstance(node, cst.FormattedString):
            parts = []
            for part in node.parts:
                if isinstance(part, cst.FormattedStringText):
                    parts.append(part.value)
                else:
                    named = strings.get(part.expression.value) if isinstance(part.expression, cst.Name) else None
                    parts.append(value(named) or "x" if named is not None else "x")
            return "".join(parts)
        return None

    found = []
    for call in calls:
        for i, arg in enumerate(call.args):
            node = strings.get(arg.value.value) if isinstance(arg.value, cst.Name) else arg.value
            sql = value(node) if node is not None else None
            if sql is None or not SQL_START.match(sql):
                continue
            if any(module.code_for_node(call).strip() in w or module.code_for_node(node) in w for w in written):
                found.append((sql, call.args[i + 1].value if i + 1 < len(call.args) else None))
            break
    return found


def sqlite_prepares(sql: str) -> tuple[bool, str]:
    """Whether sqlite prepares the statement (tables and columns it names created empty)."""
    names: list[str] = []
    positional = PLACEHOLDER.sub(lambda m: names.append(m.group(0)) or "?", sql)
    try:
        tree = sqlglot.parse_one(positional.replace("?", "NULL"), read="sqlite")
    except Exception as exc:  # noqa: BLE001
        return False, f"sqlglot: {type(exc).__name__}"
    tables = {t.name for t in tree.find_all(exp.Table) if t.name}
    columns = {c.name for c in tree.find_all(exp.Column) if c.name} | {"id"}
    conn = sqlite3.connect(":memory:")
    try:
        column_list = ", ".join(f'"{c}"' for c in sorted(columns))
        for table in tables:
            conn.execute(f'CREATE TABLE IF NOT EXISTS "{table}" ({column_list})')
        conn.execute("EXPLAIN " + positional, [None] * len(names))
    except sqlite3.Error as exc:
        return False, f"sqlite: {exc}"
    finally:
        conn.close()
    return True, ""


def check_sql_fix(text: str, finding: dict) -> dict:
    fixed = apply_edits(text, finding["fix"]["edits"])
    calls = sql_calls(fixed, finding["fix"]["edits"]) if parses(fixed) else []
    if not calls:
        return {"outcome": "no SQL literal written (parameters only)"}
    outcome = {"outcome": "prepared by sqlite"}
    for sql, params in calls:
        placeholders = len(PLACEHOLDER.findall(sql))
        if isinstance(params, (cst.Tuple, cst.List)) and "%(" not in sql and not re.search(r"(?<![:\w]):\w", sql):
            if len(params.elements) != placeholders:
                return {"outcome": "BROKEN: parameter count", "sql": sql}
        if not any(parses_in_dialects(sql).values()):
            return {"outcome": "BROKEN: does not parse", "sql": sql}
        ok, why = sqlite_prepares(sql)
        if not ok:
            outcome = {"outcome": "parses; not preparable on sqlite (dialect or schema)", "sql": sql, "why": why}
    return outcome


# -- migration fixes ----------------------------------------------------------------------------

ROUND_TRIP = """
import json, sys, types
import sqlalchemy as sa
from alembic.migration import MigrationContext
from alembic.operations import Operations
engine = sa.create_engine("sqlite://")
def schema(conn):
    return sorted(tuple(r) for r in conn.exec_driver_sql("SELECT type, name, sql FROM sqlite_master").fetchall())
with engine.begin() as conn, Operations.context(MigrationContext.configure(conn)):
    module = types.ModuleType("revision")
    exec(compile(open(sys.argv[1]).read(), sys.argv[1], "exec"), module.__dict__)
    before = schema(conn)
    steps = []
    for step in ("upgrade", "downgrade", "upgrade"):
        try:
            getattr(module, step)()
        except Exception as exc:
            print(json.dumps({"ran": steps, "failed": step, "why": f"{type(exc).__name__}: {exc}"[:300]}))
            sys.exit(0)
        steps.append(schema(conn))
    print(json.dumps({"ran": ["upgrade", "downgrade", "upgrade"], "restored": steps[1] == before,
                      "again": steps[2] == steps[0]}))
"""


def check_migration_fix(path: Path, finding: dict) -> dict:
    what = finding["fix"]["message"]
    if "RunPython.noop" in what:
        reading = "the function only reads" if "only reads" in what else "it writes only what the rollback drops"
        return {"outcome": f"RunPython.noop offered: {reading}", "kind": "django RunPython"}
    if "reverse_sql" in what or "rollback" in what:
        return {"outcome": "reverse SQL derived from DDL (drops what it created)", "kind": "django/yoyo SQL"}
    text = path.read_text(encoding="utf-8", errors="replace")
    if ALEMBIC_ONLY.search(text):
        return {"outcome": "downgrade() generated; not run (the revision imports project code)", "kind": "alembic"}
    proc = subprocess.run([sys.executable, "-c", ROUND_TRIP, str(path)], text=True, capture_output=True, timeout=60)
    try:
        result = json.loads(proc.stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        return {"outcome": "downgrade() generated; not run (" + (proc.stderr.strip().splitlines() or ["?"])[-1][:120] + ")",
                "kind": "alembic"}
    if "failed" in result:
        when = "needs the earlier schema" if result["failed"] == "upgrade" and not result["ran"] else "FAILED"
        return {"outcome": f"downgrade() generated; round trip {when} at {result['failed']}()", "why": result["why"],
                "kind": "alembic"}
    ok = result["restored"] and result["again"]
    return {"outcome": "downgrade() generated; round trip on sqlite " + ("restores the schema" if ok else "LEAVES A DIFFERENT SCHEMA"),
            "kind": "alembic"}


# -- the run -----------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("tree", type=Path)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--all-migrations", action="store_true", help="check (and fix) shipped migrations too")
    parser.add_argument("--keep", action="store_true", help="keep the fixed copy and print where it is")
    parser.add_argument("--json", type=Path, help="write the full report here")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="ormlint-fixes-"))
    copy = work / args.tree.resolve().name
    shutil.copytree(args.tree, copy, ignore=SKIP, symlinks=True)
    original = {p: (copy / p).read_text(encoding="utf-8", errors="surrogateescape") for p in snapshot(copy)}

    before = ormlint(copy, options=args)
    offered = Counter(f["code"] for f in before if f["fix"])
    first = snapshot(copy)
    after = ormlint(copy, "--fix", "--unsafe-fixes", options=args)  # the findings that remain
    fixed = snapshot(copy)
    ormlint(copy, "--fix", "--unsafe-fixes", options=args)
    second = snapshot(copy)

    changed = sorted(p for p in fixed if fixed[p] != first.get(p))
    unparsable = []
    for p in changed:
        text = (copy / p).read_text(encoding="utf-8", errors="surrogateescape")
        if not parses(text) or (compiles(original[p]) and not compiles(text)):
            unparsable.append(p)
    report = {
        "tree": str(args.tree), "files": len(first), "findings_before": len(before), "findings_after": len(after),
        "rules": {code: {"findings": n, "offered_fix": offered.get(code, 0),
                         "gone_after": n - sum(1 for f in after if f["code"] == code)}
                  for code, n in sorted(Counter(f["code"] for f in before).items())},
        "files_changed": len(changed), "do_not_parse": unparsable,
        "second_pass_changes": sorted(p for p in second if second[p] != fixed.get(p)),
    }
    sql, migrations = [], []
    for f in before:
        if not f["fix"]:
            continue
        if f["code"] == "ORM201":
            sql.append({"path": f["path"], "line": f["line"], **check_sql_fix(original[f["path"]], f)})
        elif f["code"] == "ORM601":
            original_file = work / "migration.py"
            original_file.write_text(apply_edits(original[f["path"]], f["fix"]["edits"]), encoding="utf-8")
            migrations.append({"path": f["path"], "line": f["line"], **check_migration_fix(original_file, f)})
    report["sql_fixes"] = dict(Counter(s["outcome"] for s in sql))
    report["migration_fixes"] = dict(Counter(m["outcome"] for m in migrations))
    report["details"] = {"sql": sql, "migrations": migrations}
    if args.json:
        args.json.write_text(json.dumps(report, indent=1))
    print(json.dumps({k: v for k, v in report.items() if k != "details"}, indent=1))
    for item in sql + migrations:
        if "BROKEN" in item["outcome"] or "FAILED" in item["outcome"] or "DIFFERENT" in item["outcome"]:
            print(f"{item['path']}:{item['line']}: {item['outcome']} {item.get('sql', '')} {item.get('why', '')}")
    if args.keep:
        print(f"fixed copy: {copy}")
    else:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
