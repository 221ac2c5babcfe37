"""Memory bounds: a file too large for the parser is refused before anything reads it, with
the reason, and the run goes on; a worker's kept trees never add up with a large parse."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import tokenize
from dataclasses import replace
from pathlib import Path

import pytest
from engine_rules import CreateAllRule, FloatCallRule, ModelManagerRule

from ormlint.core.config import DEFAULT_MAX_FILE_TOKENS, Config
from ormlint.engine import limits, runner
from ormlint.engine.discovery import discover, display_path
from ormlint.engine.limits import Refusal, Survey, survey, token_count
from ormlint.engine.runner import Input, RunOptions, run

SAMPLES = [
    "x = 1\n",
    "def f(a, *args, **kw) -> int:\n    return a ** 2 // 3 if a else -a\n",
    'x = f"{a!r:>10}" + b"\\x00" + r"\\d+" + """doc\nstring"""  # comment\n\n\n',
    "class A(B, metaclass=M):\n    @property\n    def x(self): return self._x; pass\n",
    "a = [i for i in range(10) if i % 2]\nb = {k: v for k, v in d.items()}\nc @= d\n",
    "if (n := len(a)) > 10 and not b or c is not None:\n    x: int = 1_000.5e-3j\n",
    "s = 'é' * 3  # ünïcode names: naïve = 1\nnaïve = 2\n",
]


@pytest.mark.parametrize("source", SAMPLES)
def test_token_count_is_at_least_pythons_own_tokens(source):
    """The bound the limit is measured in: every token Python's tokenizer finds, indentation aside."""
    ignored = (tokenize.INDENT, tokenize.DEDENT, tokenize.ENDMARKER)
    python = [t for t in tokenize.generate_tokens(io.StringIO(source).readline) if t.type not in ignored]
    assert token_count(source) >= len(python)


def test_token_count_reads_in_chunks_and_stops_early(monkeypatch):
    text = "value_name = other_name + 12345\n" * 20_000  # 6 tokens a line, well past one chunk
    assert token_count(text) == 120_000
    monkeypatch.setattr(limits, "_COUNT_CHUNK", 7)  # cut after every few characters: still at line breaks
    assert token_count(text) == 120_000
    assert 1_000 < token_count(text, stop_after=1_000) < 1_100  # stopped soon after


def test_survey_refuses_past_the_token_limit_naming_the_setting():
    config = replace(Config(), max_file_tokens=1_000)
    at_limit = "x = 1\n" * 250  # 4 tokens a line
    checked = survey(at_limit, config)
    assert isinstance(checked, Survey) and checked.tokens == 1_000
    refused = survey(at_limit + "y\n", config)
    assert refused == Refusal(1, 1, "not checked: too large to parse (more than 1,000 tokens, max-file-tokens)")


def test_survey_counts_bytes_of_text_that_never_was_a_file():
    """stdin and editor buffers: the byte limit holds for them too, in UTF-8 bytes."""
    config = replace(Config(), max_file_bytes=100)
    assert isinstance(survey("s = '" + "é" * 45 + "'\n", config), Survey)  # 97 bytes
    refused = survey("s = '" + "é" * 50 + "'\n", config)  # 107 bytes, 57 characters
    assert isinstance(refused, Refusal)
    assert refused.reason == "not checked: file too large (107 bytes; the limit is 100, max-file-bytes)"


def test_survey_gives_statement_lines_in_source_order():
    checked = survey("@d\ndef f():\n    x = 1; y = 2\n\nclass A:\n    pass\n", Config())
    assert checked.statement_lines == (2, 3, 3, 5, 6)
    assert survey("type X = int\n", Config()).statement_lines in ((), (1,))  # () where Python cannot compile it


MODELS = "from django.db import models\n\nclass Product(models.Model):\n    price = models.FloatField()\n"

# Runs ormlint and prints the peak resident memory of its process and of its workers.
MEASURED = """
import atexit, json, resource, sys
atexit.register(lambda: print(json.dumps([resource.getrusage(who).ru_maxrss // 1024 for who in
                                          (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]), file=sys.stderr))
from ormlint.engine.cli import run_main
sys.argv = ["ormlint", *sys.argv[1:]]
run_main()
"""


def measured_check(cwd: Path, *args: str) -> tuple[subprocess.CompletedProcess, int]:
    proc = subprocess.run([sys.executable, "-c", MEASURED, "check", "--no-cache", "--format", "json", *args, "."],
                          cwd=cwd, text=True, capture_output=True, timeout=300)
    return proc, max(json.loads(proc.stderr.strip().splitlines()[-1]))


def test_the_issues_400k_lines_are_refused_fast_and_small_among_good_files(tmp_path):
    """400,000 lines of ``x = 1`` (2.4 MB) took 3.65 GB and 36 s; now they are counted, refused
    and named, in constant memory, and every other file is still checked."""
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "models.py").write_text(MODELS)
    (tmp_path / "app" / "generated.py").write_text("x = 1\n" * 400_000)
    proc, peak_mib = measured_check(tmp_path, "--jobs", "2")
    assert proc.returncode == 1, proc.stderr
    findings = {(f["path"], f["code"], f["message"]) for f in json.loads(proc.stdout)}
    assert ("app/generated.py", "ORM001",
            f"not checked: too large to parse (more than {DEFAULT_MAX_FILE_TOKENS:,} tokens, max-file-tokens)") in findings
    assert ("app/models.py", "ORM501") in {(path, code) for path, code, _ in findings}
    assert peak_mib < 400


def test_a_file_over_the_byte_limit_is_not_read_and_reported_as_not_checked(tmp_path):
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "models.py").write_text(MODELS)
    (tmp_path / "app" / "blob.py").write_text("DATA = '" + "a" * 2_000 + "'\n")
    (tmp_path / "pyproject.toml").write_text("[tool.ormlint]\nmax-file-bytes = 1000\n")
    proc, _ = measured_check(tmp_path)
    assert proc.returncode == 1, proc.stderr  # a finding, not an unreadable file (that would be 2)
    by_path = {f["path"]: f for f in json.loads(proc.stdout)}
    assert by_path["app/blob.py"]["message"] == ("not checked: file too large (2,010 bytes; the limit is 1,000, "
                                                 "max-file-bytes)")
    assert by_path["app/models.py"]["code"] == "ORM501"


def test_configured_token_limit_is_honoured(tmp_path):
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "models.py").write_text(MODELS)  # 24 tokens
    (tmp_path / "pyproject.toml").write_text("[tool.ormlint]\nmax-file-tokens = 20\n")
    proc, _ = measured_check(tmp_path)
    [finding] = json.loads(proc.stdout)
    assert finding["code"] == "ORM001" and "more than 20 tokens, max-file-tokens" in finding["message"]


def project(root: Path) -> list[Input]:
    (root / "shop").mkdir()
    (root / "shop" / "models.py").write_text(
        "from django.db import models\n\nclass Product(models.Model):\n    price = models.FloatField()\n")
    (root / "shop" / "db.py").write_text("metadata.create_all(engine)\n")
    for i in range(30):
        (root / "shop" / f"use_{i}.py").write_text(
            f"from .models import Product\nclass View{i}:\n    x = Product.objects.count()\n" + "y = 1\n" * i * 10)
    files, _ = discover([root], Config(), root)
    return [Input(f, display_path(f, root)) for f in files]


@pytest.mark.parametrize("held_tokens, large_tokens", [(0, 10**9), (500, 10**9), (10**9, 0), (10**9, 200)])
def test_kept_and_released_trees_give_the_same_results(tmp_path, monkeypatch, held_tokens, large_tokens):
    """Whether a worker keeps every tree, none, or releases them before each larger file, the
    findings are the same: released files are parsed again in the rule pass."""
    inputs = project(tmp_path)
    rules = [FloatCallRule, CreateAllRule, ModelManagerRule]
    expected = run(inputs, Config(), rules, RunOptions(jobs=2), tmp_path).findings
    assert len(expected) == 32
    monkeypatch.setattr(runner, "HELD_TOKENS", held_tokens)
    monkeypatch.setattr(runner, "LARGE_TOKENS", large_tokens)
    assert run(inputs, Config(), rules, RunOptions(jobs=2), tmp_path).findings == expected
