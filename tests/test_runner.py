import multiprocessing
import os
import time
from pathlib import Path

from engine_rules import CreateAllRule, FloatCallRule, ModelManagerRule

from ormlint.core.config import Config
from ormlint.engine.discovery import discover, display_path
from ormlint.engine.runner import (
    PAYLOAD_CHUNK,
    Input,
    RunOptions,
    ShardWorker,
    _payload_messages,
    _receive_payload,
    run,
)

RULES = [FloatCallRule, CreateAllRule, ModelManagerRule]


def project(tmp_path: Path, extra: int = 0) -> None:
    (tmp_path / "shop").mkdir()
    (tmp_path / "shop" / "models.py").write_text(
        "from django.db import models\n\nclass Product(models.Model):\n    price = models.FloatField()\n"
    )
    (tmp_path / "shop" / "views.py").write_text("from .models import Product\n\ndef f():\n    return Product.objects.all()\n")
    (tmp_path / "shop" / "db.py").write_text("metadata.create_all(engine)\n")
    (tmp_path / "shop" / "broken.py").write_text("def f(:\n")
    (tmp_path / "shop" / "blob.py").write_bytes(b"\x00\x01binary")
    (tmp_path / "shop" / "skipped.py").write_text("# ormlint: skip-file\nmetadata.create_all(engine)\n")
    for i in range(extra):
        (tmp_path / "shop" / f"extra_{i}.py").write_text(f"x{i} = Product.objects.count()\nfrom .models import Product\n")


def lint(tmp_path: Path, **options) -> object:
    files, _ = discover([tmp_path], Config(), tmp_path)
    inputs = [Input(f, display_path(f, tmp_path)) for f in files]
    return run(inputs, Config(), RULES, RunOptions(**options), tmp_path)


def summary(result) -> list[tuple]:
    return [(f.path, f.line, f.code) for f in result.findings]


def test_run_reports_findings_syntax_errors_and_problems(tmp_path):
    project(tmp_path)
    result = lint(tmp_path, jobs=1)
    assert summary(result) == [
        ("shop/broken.py", 1, "ORM001"),
        ("shop/db.py", 1, "ORM991"),
        ("shop/models.py", 4, "ORM990"),
        ("shop/views.py", 4, "ORM994"),
    ]
    assert any("shop/blob.py" in p and "binary" in p for p in result.problems)
    assert result.errors == []


def test_parallel_equals_serial(tmp_path):
    project(tmp_path, extra=30)
    serial = lint(tmp_path, jobs=1)
    parallel = lint(tmp_path, jobs=2)
    assert summary(serial) == summary(parallel)
    assert len(serial.findings) == 4 + 30


def test_cache_reuses_and_invalidates_on_index_change(tmp_path):
    project(tmp_path)
    cache_dir = tmp_path / "cache"
    first = lint(tmp_path, cache_dir=cache_dir)
    assert (cache_dir / "cache.json").exists()
    second = lint(tmp_path, cache_dir=cache_dir)
    assert summary(first) == summary(second)
    # Product stops being a model: views.py did not change, but its finding must go.
    (tmp_path / "shop" / "models.py").write_text("class Product:\n    price = 1.0\n")
    third = lint(tmp_path, cache_dir=cache_dir)
    assert ("shop/views.py", 4, "ORM994") not in summary(third)
    assert ("shop/models.py", 4, "ORM990") not in summary(third)


def test_fix_writes_atomically_and_diff_writes_nothing(tmp_path):
    project(tmp_path)
    before = (tmp_path / "shop" / "db.py").read_text()
    result = lint(tmp_path, diff=True)
    assert (tmp_path / "shop" / "db.py").read_text() == before
    assert "+metadata.checked_create_all(engine)" in "".join(result.diffs)
    result = lint(tmp_path, fix=True)
    assert (tmp_path / "shop" / "db.py").read_text() == "metadata.checked_create_all(engine)\n"
    assert [f.code for f in result.fixed] == ["ORM991"]
    assert "Decimal" not in (tmp_path / "shop" / "models.py").read_text()  # unsafe: not applied


def test_stdin_input_is_reported_under_its_name(tmp_path):
    project(tmp_path)
    files, _ = discover([tmp_path], Config(), tmp_path)
    inputs = [Input(f, display_path(f, tmp_path)) for f in files if not f.name == "views.py"]
    inputs.append(Input(None, "shop/views.py", "from .models import Product\nProduct.objects.get()\n"))
    result = run(inputs, Config(), RULES, RunOptions(checked=frozenset({"shop/views.py"})), tmp_path)
    assert summary(result) == [("shop/views.py", 2, "ORM994")]


def test_named_files_are_checked_against_the_whole_project_index(tmp_path, monkeypatch):
    """pre-commit passes only staged files: models elsewhere must still be known."""
    from click.testing import CliRunner

    from ormlint.engine.cli import main

    project(tmp_path)
    (tmp_path / "pyproject.toml").write_text("[tool.ormlint]\nselect = ['ORM994']\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("ormlint.engine.cli.selected_rules", lambda *a: (ModelManagerRule,))
    monkeypatch.setattr("ormlint.engine.cli.unknown_selectors", lambda *a: [])
    result = CliRunner().invoke(main, ["check", "--no-cache", "shop/views.py"])
    assert "shop/views.py:4:12: ORM994" in result.output
    assert "shop/models.py" not in result.output
    assert result.exit_code == 1


def test_a_warm_cache_checks_no_file_again(tmp_path, monkeypatch):
    """Facts read back from the cache give the same index digest, so every result is reused."""
    project(tmp_path)
    cache_dir = tmp_path / "cache"
    cold = lint(tmp_path, cache_dir=cache_dir, jobs=1)

    def check_again(self, item, *args):  # runs in the worker process: its error reaches the result
        raise AssertionError(f"{item.display} was checked again")

    monkeypatch.setattr(ShardWorker, "_check_one", check_again)
    warm = lint(tmp_path, cache_dir=cache_dir, jobs=1)
    assert summary(warm) == summary(cold) and warm.errors == []


def _stdin_run(tmp_path: Path, cache_dir: Path, display: str = "shop/views.py",
               text: str = "from .models import Product\nProduct.objects.get()\n") -> list[tuple]:
    """An editor's run: ``text`` (its buffer) checked as ``display``, the project's other files feeding the index."""
    files, _ = discover([tmp_path / "shop"], Config(), tmp_path)
    inputs = [Input(f, display_path(f, tmp_path)) for f in files if display_path(f, tmp_path) != display]
    inputs.append(Input(None, display, text))
    return summary(run(inputs, Config(), RULES, RunOptions(checked=frozenset({display}), cache_dir=cache_dir,
                                                          jobs=1), tmp_path))


def _rename_model_keeping_size_and_mtime(models: Path, mtime_ns: int) -> None:
    text = models.read_text()
    models.write_text(text.replace("class Product(", "class Produkt("))
    os.utime(models, ns=(mtime_ns, mtime_ns))


def test_files_only_feeding_the_index_are_not_read_again_while_their_size_and_mtime_hold(tmp_path):
    project(tmp_path)
    models, cache_dir = tmp_path / "shop" / "models.py", tmp_path / "cache"
    an_hour_ago = time.time_ns() - 3600 * 10**9
    os.utime(models, ns=(an_hour_ago, an_hour_ago))
    assert _stdin_run(tmp_path, cache_dir) == [("shop/views.py", 2, "ORM994")]
    # Same size, same mtime: the file is not read, its cached facts (a Product model) stand.
    _rename_model_keeping_size_and_mtime(models, an_hour_ago)
    assert _stdin_run(tmp_path, cache_dir) == [("shop/views.py", 2, "ORM994")]
    # A new mtime: read again, Product is no model any more.
    os.utime(models, ns=(an_hour_ago + 10**9, an_hour_ago + 10**9))
    assert _stdin_run(tmp_path, cache_dir) == []


def test_an_editor_buffer_never_stands_for_its_file_on_disk(tmp_path):
    """Unsaved text checked through stdin is not cached as the file's facts: the file on disk,
    its size and mtime unchanged, still feeds the next run's index with its own."""
    project(tmp_path)
    models, cache_dir = tmp_path / "shop" / "models.py", tmp_path / "cache"
    an_hour_ago = time.time_ns() - 3600 * 10**9
    os.utime(models, ns=(an_hour_ago, an_hour_ago))
    assert _stdin_run(tmp_path, cache_dir) == [("shop/views.py", 2, "ORM994")]
    _stdin_run(tmp_path, cache_dir, "shop/models.py", models.read_text().replace("class Product(", "class Produkt("))
    assert _stdin_run(tmp_path, cache_dir) == [("shop/views.py", 2, "ORM994")]


def test_a_kept_index_serves_the_next_run_only_while_the_facts_are_the_same(tmp_path, monkeypatch):
    """The warm process prepares the index of its last run's facts between requests; the next run's worker
    takes it when every file's facts are equal (a buffer edited inside a function), and builds its own
    once a file's facts changed (a model renamed in a buffer): the findings are those of a fresh run."""
    import ormlint.engine.runner as runner_module
    from ormlint.index import ProjectIndex

    monkeypatch.setattr(runner_module, "_kept_index", None)
    runner_module.keep_index()
    builds = tmp_path / "builds"
    original = ProjectIndex.build.__func__
    monkeypatch.setattr(ProjectIndex, "build", classmethod(
        lambda cls, facts: (builds.open("a").write("x") and None) or original(cls, facts)))  # forked workers too
    project(tmp_path)
    models, cache_dir = tmp_path / "shop" / "models.py", tmp_path / "cache"
    an_hour_ago = time.time_ns() - 3600 * 10**9
    os.utime(models, ns=(an_hour_ago, an_hour_ago))
    assert _stdin_run(tmp_path, cache_dir) == [("shop/views.py", 2, "ORM994")]
    runner_module.prepare_index()
    kept, built = runner_module._kept_index["index"], builds.read_text()
    edited = "from .models import Product\n\nProduct.objects.get()  # edited\n"
    assert _stdin_run(tmp_path, cache_dir, text=edited) == [("shop/views.py", 3, "ORM994")]
    assert runner_module._kept_index["index"] is kept and builds.read_text() == built  # the worker took it
    renamed = models.read_text().replace("class Product(", "class Produkt(")
    _stdin_run(tmp_path, cache_dir, "shop/models.py", renamed)
    assert "index" not in runner_module._kept_index and builds.read_text() == built + "x"
    runner_module.prepare_index()
    assert runner_module._kept_index["index"] is not kept


def test_a_file_modified_just_before_a_run_is_read_again_even_with_the_same_stamp(tmp_path):
    """Racy stamps: a file changed within the mtime tick of its read may change again unseen."""
    project(tmp_path)
    models, cache_dir = tmp_path / "shop" / "models.py", tmp_path / "cache"
    now = time.time_ns()
    os.utime(models, ns=(now, now))
    assert _stdin_run(tmp_path, cache_dir) == [("shop/views.py", 2, "ORM994")]
    _rename_model_keeping_size_and_mtime(models, now)
    assert _stdin_run(tmp_path, cache_dir) == []


def test_an_unchanged_cache_is_not_written_again(tmp_path):
    project(tmp_path)
    cache_dir = tmp_path / "cache"
    lint(tmp_path, cache_dir=cache_dir, jobs=1)
    written = (cache_dir / "cache.json").stat().st_mtime_ns
    os.utime(cache_dir / "cache.json", ns=(written - 10**9, written - 10**9))
    lint(tmp_path, cache_dir=cache_dir, jobs=1)
    assert (cache_dir / "cache.json").stat().st_mtime_ns == written - 10**9
    (tmp_path / "shop" / "views.py").write_text("from .models import Product\n")
    lint(tmp_path, cache_dir=cache_dir, jobs=1)
    assert (cache_dir / "cache.json").stat().st_mtime_ns != written - 10**9


def test_a_rule_pass_payload_goes_through_the_pipe_in_chunks_and_comes_back_in_order():
    """The facts a worker lacks travel in messages of PAYLOAD_CHUNK files (no second copy of them all
    in the parent); the worker puts them back together in the parent's order, the index's order."""
    new_facts = {f"app/m{i:04d}.py": (f"digest{i}", None) for i in range(2 * PAYLOAD_CHUNK + 3)}
    results = {"app/m0001.py": ("key", [])}
    sender, receiver = multiprocessing.Pipe()
    messages = list(_payload_messages((new_facts, results)))
    assert [kind for kind, _ in messages] == ["facts", "facts", "facts", "results"]
    for message in messages:
        sender.send(message)
    facts, cached = _receive_payload(receiver)
    assert list(facts.items()) == list(new_facts.items()) and cached == results
