"""The hooks in .pre-commit-hooks.yaml, run by the real ``pre-commit try-repo``.

Slow: pre-commit builds a virtualenv and pip-installs ormlint (and its dependencies from
PyPI) into it on the first run; later runs in this module reuse it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ormlint.engine.registry import all_rules

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("git") is None, reason="pre-commit needs git"),
    pytest.mark.skipif("ORM502" not in {r.code for r in all_rules()}, reason="needs the rule ORM502"),
]

REPO = Path(__file__).parents[1]
IGNORED = shutil.ignore_patterns(".git", "__pycache__", "*.pyc", ".ormlint_cache", ".pytest_cache", "*.egg-info",
                                 "build", "dist", ".venv", "venv", ".tox", ".real-code")
SCHEMA_SYNC = """\
from sqlmodel import SQLModel, create_engine

engine = create_engine("sqlite:///app.db")
SQLModel.metadata.create_all(engine)
"""
CLEAN = """\
from sqlmodel import Session, create_engine

engine = create_engine("sqlite:///app.db")


def get_session():
    with Session(engine) as session:
        yield session
"""


def git(cwd: Path, *args: str) -> str:
    command = ["git", "-c", "user.name=ormlint tests", "-c", "user.email=tests@example.invalid",
               "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args]
    return subprocess.run(command, cwd=cwd, check=True, capture_output=True, text=True).stdout


def _working_tree_files() -> list[Path]:
    """What a commit of the working tree would hold: tracked and untracked, minus .gitignore'd."""
    if (REPO / ".git").exists():
        listed = git(REPO, "ls-files", "-z", "--cached", "--others", "--exclude-standard").split("\0")
        return [Path(p) for p in listed if p and (REPO / p).is_file()]
    return []


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory) -> Path:
    """The working tree committed into a fresh repository: try-repo only sees commits."""
    target = tmp_path_factory.mktemp("ormlint-src")
    files = _working_tree_files()
    if files:
        for rel in files:
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / rel, target / rel)
    else:  # not a git checkout (e.g. an unpacked sdist)
        shutil.copytree(REPO, target, ignore=IGNORED, dirs_exist_ok=True)
    git(target, "init", "-q")
    git(target, "add", "-A")
    git(target, "commit", "-q", "-m", "snapshot")
    return target


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


def try_repo(hook_repo: Path, home: Path, project: Path) -> tuple[int, str]:
    """Run every hook of the repository (``ormlint`` and ``ormlint-fix``) on all files.

    try-repo installs into a fresh temporary store each time, so each call costs a
    virtualenv build: the tests make one call each.
    """
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}
    env.pop("PRE_COMMIT", None)
    result = subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(hook_repo), "--all-files", "--color", "never"],
        cwd=project, env=env, capture_output=True, text=True, timeout=900,
    )
    return result.returncode, result.stdout + result.stderr


def make_project(root: Path, files: dict[str, str]) -> Path:
    root.mkdir()
    git(root, "init", "-q")
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    git(root, "add", "-A")
    return root


def _hook_lines(output: str) -> dict[str, str]:
    """Hook name → Passed/Failed, from pre-commit's status lines."""
    status = {}
    for line in output.splitlines():
        if line.endswith(("Passed", "Failed")) and "..." in line:
            status[line.split("..")[0].strip()] = line.rsplit(".", 1)[-1].strip()
    return status


def test_hooks_fail_on_a_finding_and_name_it(hook_repo, pre_commit_home, tmp_path):
    project = make_project(tmp_path / "dirty", {"app/__init__.py": "", "app/main.py": SCHEMA_SYNC})
    code, output = try_repo(hook_repo, pre_commit_home, project)
    assert code == 1, output
    assert _hook_lines(output) == {"ormlint": "Failed", "ormlint (apply safe fixes)": "Failed"}, output
    assert output.count("app/main.py:4:1: ORM502") == 2  # once per hook
    assert (project / "app/main.py").read_text(encoding="utf-8") == SCHEMA_SYNC  # ORM502 has no fix


def test_hooks_pass_on_clean_code(hook_repo, pre_commit_home, tmp_path):
    project = make_project(tmp_path / "clean", {"app/__init__.py": "", "app/db.py": CLEAN})
    code, output = try_repo(hook_repo, pre_commit_home, project)
    assert code == 0, output
    assert _hook_lines(output) == {"ormlint": "Passed", "ormlint (apply safe fixes)": "Passed"}, output
