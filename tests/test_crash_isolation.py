"""No input ends a run with anything but exit 0/1/2 and a report: what the parser cannot take is
refused before parsing, and a worker that dies anyway costs only the file it was on."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from engine_rules import CreateAllRule, FloatCallRule, ModelManagerRule, SegfaultRule

from ormlint.core.config import Config
from ormlint.engine import limits
from ormlint.engine.discovery import discover, display_path
from ormlint.engine.limits import MAX_DEPTH, Refusal, survey
from ormlint.engine.runner import Input, RunOptions, run
from ormlint.testing import lint_source

RULES = [FloatCallRule, CreateAllRule, ModelManagerRule, SegfaultRule]


def refusal(text: str) -> Refusal | None:
    checked = survey(text, Config())
    return checked if isinstance(checked, Refusal) else None

# Each of these overflows LibCST's native parser (segmentation fault) on an 8 MiB stack.
DEEP = {
    "brackets": "x = " + "(" * 1500 + "1" + ")" * 1500 + "\n",
    "calls": "x = " + "f(" * 1500 + ")" * 1500 + "\n",
    "and_chain": "x = " + " and ".join(["a"] * 8000) + "\n",  # flat for CPython, nested for LibCST
    "dotted_import": "import " + ".".join(["a"] * 8000) + "\n",
    "unary": "x = " + "-" * 10000 + "1\n",
    "elif_chain": "if a:\n    pass\n" + "elif a:\n    pass\n" * 10000,
}


def test_the_refused_inputs_really_crash_the_parser_in_a_child_process():
    """The measurement behind the pre-check: without it, these kill the process."""
    for name in ("brackets", "and_chain", "dotted_import"):
        code = "import sys, libcst; sys.setrecursionlimit(20000); libcst.parse_module(sys.stdin.read())"
        proc = subprocess.run([sys.executable, "-c", code], input=DEEP[name], text=True, capture_output=True)
        assert proc.returncode == -11, (name, proc.returncode)


@pytest.mark.parametrize("name", sorted(DEEP))
def test_precheck_refuses_what_the_parser_cannot_take(name):
    refused = refusal(DEEP[name])
    assert refused is not None
    assert refused.line >= 1 and refused.column >= 1
    if name in ("brackets", "calls"):
        assert refused.reason == "syntax error: too many nested parentheses"  # CPython's own limit
    else:
        assert refused.reason.startswith("not checked")


@pytest.mark.parametrize("source", [
    "x = " + "(" * 200 + "1" + ")" * 200 + "\n",  # CPython's own maximum
    "x = " + " and ".join(["a"] * (MAX_DEPTH - 10)) + "\n",
    "import " + ".".join(["a"] * (MAX_DEPTH - 10)) + "\n",
    "DATA = [" + ", ".join(str(-i) for i in range(50_000)) + "]\n",  # long but flat
    "x = {" + ", ".join(f"'k{i}': {{'a': [{i}]}}" for i in range(10_000)) + "}\n",
    "def f[T](x: T) -> T:\n    return x and " + " and ".join(["y"] * 200) + "\n",  # newer syntax: token bound
])
def test_precheck_accepts_deep_but_parseable_and_long_flat_code(source):
    assert refusal(source) is None


def test_token_bound_for_code_python_cannot_compile():
    newer = "type Alias = int\nx = " + " and ".join(["a"] * (MAX_DEPTH + 5)) + "\n"
    refused = refusal(newer)
    assert refused is not None and refused.line == 2 and "not checked" in refused.reason
    assert refusal("def f(:\n    pass\n") is None  # an ordinary syntax error is left to the parser's message
    concatenated = "type Alias = int\nx = (" + " ".join(["'a'"] * (MAX_DEPTH + 5)) + ")\n"
    assert refusal(concatenated) is not None  # one string chained to the next: nested
    # a long flat tuple of pairs of strings (a column mapping) is siblings, not a chain
    flat = "type Alias = int\nCOLUMNS = (\n" + "".join(f"    ('attr_{i}', 'col_{i}'),\n" for i in range(2000)) + ")\n"
    assert refusal(flat) is None
    calls = "type Alias = int\nx = f(" + ", ".join(f"g(a.b + c['{i}'])" for i in range(3000)) + ")\n"
    assert refusal(calls) is None


def test_refused_file_is_an_orm001_finding_naming_the_reason():
    findings = lint_source("import os\n", FloatCallRule)  # the helper parses through the same gate
    assert findings == []
    with pytest.raises(AssertionError, match="nested more than 1000 levels"):
        lint_source(DEEP["and_chain"], FloatCallRule)


def project(root: Path) -> None:
    (root / "shop").mkdir()
    (root / "shop" / "models.py").write_text(
        "from django.db import models\n\nclass Product(models.Model):\n    price = models.FloatField()\n")
    (root / "shop" / "db.py").write_text("metadata.create_all(engine)\n")
    for i in range(12):
        (root / "shop" / f"extra_{i}.py").write_text(f"from .models import Product\nx{i} = Product.objects.count()\n")


def expected_good(root: Path) -> set[tuple[str, int, str]]:
    return {("shop/models.py", 4, "ORM990"), ("shop/db.py", 1, "ORM991")} | {
        (f"shop/extra_{i}.py", 2, "ORM994") for i in range(12)}


def lint(root: Path, **options):
    files, _ = discover([root], Config(), root)
    inputs = [Input(f, display_path(f, root)) for f in files]
    return run(inputs, Config(), RULES, RunOptions(**options), root)


@pytest.mark.parametrize("jobs", [1, 2])
def test_worker_that_dies_costs_only_its_file(tmp_path, jobs):
    """A real segmentation fault in the rule pass (crash.py) and in the index pass (the
    model file, parsed for its facts): both reported as not checked, every other file checked."""
    project(tmp_path)
    (tmp_path / "shop" / "crash.py").write_text("from .models import Product\n\ncrash_here()\nmetadata.create_all(engine)\n")
    (tmp_path / "shop" / "crash_model.py").write_text("class Order(models.Model):\n    crash_here()\n")
    result = lint(tmp_path, jobs=jobs)
    by_file = {(f.path, f.line, f.code) for f in result.findings}
    assert expected_good(tmp_path) <= by_file
    dead = {f.path: f.message for f in result.findings if f.code == "ORM001"}
    assert set(dead) == {"shop/crash.py", "shop/crash_model.py"}
    assert all("worker process died" in m and "SIGSEGV" in m for m in dead.values())
    assert result.errors == []
    assert result.files == 16


def test_parser_overflow_costs_only_its_file_even_past_the_precheck(tmp_path, monkeypatch):
    """With the pre-check switched off, the deep file really overflows LibCST's stack in the worker."""
    project(tmp_path)
    (tmp_path / "shop" / "deep.py").write_text("class Deep:\n    pass\n" + DEEP["and_chain"])  # indexed
    monkeypatch.setattr(limits, "MAX_DEPTH", 10**9)
    result = lint(tmp_path, jobs=2)
    assert expected_good(tmp_path) <= {(f.path, f.line, f.code) for f in result.findings}
    [dead] = [f for f in result.findings if f.code == "ORM001"]
    assert dead.path == "shop/deep.py" and "SIGSEGV" in dead.message


def test_fix_run_survives_a_death_and_fixes_the_rest(tmp_path):
    project(tmp_path)
    (tmp_path / "shop" / "crash.py").write_text("crash_here()\nmetadata.create_all(engine)\n")
    result = lint(tmp_path, jobs=1, fix=True)
    assert (tmp_path / "shop" / "db.py").read_text() == "metadata.checked_create_all(engine)\n"
    assert (tmp_path / "shop" / "crash.py").read_text() == "crash_here()\nmetadata.create_all(engine)\n"
    assert [f.path for f in result.findings if f.code == "ORM001"] == ["shop/crash.py"]


def ormlint(*args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ormlint", "check", "--no-cache", *args], cwd=cwd, input=stdin,
                          text=True, capture_output=True, timeout=300)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_cli_with_deep_files_among_good_ones_exits_1_with_every_finding(tmp_path, jobs):
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "models.py").write_text(
        "from django.db import models\n\nclass Product(models.Model):\n    price = models.FloatField()\n")
    for name, source in DEEP.items():
        (tmp_path / "app" / f"{name}.py").write_text(source)
    proc = ormlint("--format", "json", "--jobs", jobs, ".", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    findings = json.loads(proc.stdout)
    assert ("app/models.py", "ORM501") in {(f["path"], f["code"]) for f in findings}
    refused = {f["path"]: f["message"] for f in findings if f["code"] == "ORM001"}
    assert set(refused) == {f"app/{name}.py" for name in DEEP}
    assert refused["app/brackets.py"] == "syntax error: too many nested parentheses"


def test_stdin_path_refuses_a_deep_buffer(tmp_path):
    proc = ormlint("--format", "json", "--stdin-filename", "app/deep.py", "-", cwd=tmp_path, stdin=DEEP["and_chain"])
    assert proc.returncode == 1, proc.stderr
    [finding] = json.loads(proc.stdout)
    assert finding["code"] == "ORM001" and "nested more than" in finding["message"]
    for name in ("brackets", "dotted_import"):
        proc = ormlint("--fix", "--stdin-filename", "app/deep.py", "-", cwd=tmp_path, stdin=DEEP[name])
        assert proc.returncode == 1 and proc.stdout == DEEP[name]  # the buffer comes back unchanged
        assert "app/deep.py" in proc.stderr and "ORM001" in proc.stderr


def test_missing_path_among_several_is_reported_and_the_others_checked(tmp_path):
    (tmp_path / "models.py").write_text(
        "from django.db import models\n\nclass Product(models.Model):\n    price = models.FloatField()\n")
    proc = ormlint("--format", "json", "models.py", "nope.py", cwd=tmp_path)
    assert "nope.py" in proc.stderr and "no such file" in proc.stderr
    assert proc.returncode == 2  # a usage error, reported after the run
    assert [f["code"] for f in json.loads(proc.stdout)] == ["ORM501"]
