from pathlib import Path

from ormlint.core.config import Config
from ormlint.engine.discovery import discover, display_path, matches_any, path_roles


def make(tmp_path: Path, *names: str) -> None:
    for name in names:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x = 1\n")


def test_default_excludes(tmp_path):
    make(tmp_path, "app/models.py", ".venv/lib/x.py", "node_modules/a.py", "build/b.py", "app/__pycache__/c.py",
         ".tox/py/d.py", "lib/site-packages/e.py", "app/readme.txt", "pkg.egg-info/f.py")
    files, problems = discover([tmp_path], Config(), tmp_path)
    assert [display_path(f, tmp_path) for f in files] == ["app/models.py"]
    assert problems == []


def test_configured_excludes_and_explicit_files(tmp_path):
    make(tmp_path, "app/models.py", "legacy/old.py", "app/generated/g.py")
    config = Config(extend_exclude=("legacy/", "app/generated"))
    files, _ = discover([tmp_path], config, tmp_path)
    assert [display_path(f, tmp_path) for f in files] == ["app/models.py"]
    explicit, _ = discover([tmp_path / "legacy" / "old.py"], config, tmp_path)
    assert explicit == [tmp_path / "legacy" / "old.py"]


def test_missing_path_is_a_problem(tmp_path):
    files, problems = discover([tmp_path / "nope"], Config(), tmp_path)
    assert files == [] and "nope" in problems[0] and "no such file" in problems[0]


def test_path_roles_defaults():
    config = Config()
    assert path_roles("tests/test_models.py", config) == {"test"}
    assert path_roles("app/test_models.py", config) == {"test"}
    assert path_roles("app/models_test.py", config) == {"test"}
    assert path_roles("conftest.py", config) == {"test"}
    assert path_roles("shop/migrations/0001_initial.py", config) == {"migration"}
    assert path_roles("alembic/versions/abc_add.py", config) == {"migration"}
    assert path_roles("scripts/seed.py", config) == {"script"}
    assert path_roles("app/main.py", config) == frozenset()
    assert path_roles("app/contest.py", config) == frozenset()


def test_glob_forms():
    assert matches_any("a/b/c.py", ("b/",))
    assert not matches_any("a/bc/c.py", ("b/",))
    assert matches_any("src/gen/x.py", ("src/gen/*",))
    assert matches_any("deep/src/gen/x.py", ("src/gen/*",))
    assert matches_any("x/settings_dev.py", ("settings_*.py",))
