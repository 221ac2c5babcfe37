"""Which migrations the migration rules check: heads and leaves, files added since a git
revision (``--since``), files named on the command line, or all (``--all-migrations``).

Real projects in tmp_path, real git repositories, the real command line (in-process and as a
subprocess). ORM601 missing-down-migration is the probe: every revision below builds an index and
its downgrade does nothing, except the root every history starts from, whose downgrade works (a
graph where no earlier revision ever downgrades is forward-only by policy, and ORM601 leaves it alone).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

CONFIG = "[tool.ormlint]\nselect = ['ORM601']\n"
needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def revision(name: str, down: str | None) -> str:
    down_text = f'"{down}"' if down else "None"
    return (
        f'from alembic import op\n\nrevision = "{name}"\ndown_revision = {down_text}\n\n\n'
        f'def upgrade():\n    op.execute("CREATE INDEX ix_{name} ON users (flag)")\n\n\n'
        "def downgrade():\n    pass\n"
    )


REVERSIBLE = (
    'from alembic import op\n\nrevision = "base"\ndown_revision = None\n\n\n'
    'def upgrade():\n    op.execute("CREATE INDEX ix_base ON users (flag)")\n\n\n'
    'def downgrade():\n    op.execute("DROP INDEX ix_base")\n'
)


def write(root: Path, files: dict[str, str]) -> Path:
    for rel, content in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(content, encoding="utf-8")
    return root


@pytest.fixture
def alembic_project(tmp_path) -> Path:
    """Revisions a → b → c: c is the head."""
    return write(tmp_path / "proj", {
        "pyproject.toml": CONFIG,
        "app/__init__.py": "",
        "alembic/env.py": "from alembic import context\n",
        "alembic/versions/base.py": REVERSIBLE,
        "alembic/versions/a.py": revision("a", "base"),
        "alembic/versions/b.py": revision("b", "a"),
        "alembic/versions/c.py": revision("c", "b"),
    })


def reported(cli, root: Path, *args: str) -> list[str]:
    result = cli("check", "--no-cache", "--format", "json", *args, cwd=root)
    assert result.exit_code in (0, 1), result.output
    return sorted({f["path"] for f in json.loads(result.stdout)})


def git(root: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, env=env)


def repository(root: Path) -> Path:
    """``root`` as a git repository whose main branch holds everything there now."""
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "start")
    git(root, "checkout", "-q", "-b", "feature")
    return root


def test_by_default_only_the_head_is_checked(cli, alembic_project):
    assert reported(cli, alembic_project) == ["alembic/versions/c.py"]


def test_all_migrations_flag_and_key(cli, alembic_project):
    every = ["alembic/versions/a.py", "alembic/versions/b.py", "alembic/versions/c.py"]
    assert reported(cli, alembic_project, "--all-migrations") == every
    (alembic_project / "pyproject.toml").write_text(CONFIG + "all-migrations = true\n")
    assert reported(cli, alembic_project) == every


def test_a_named_file_is_always_checked(cli, alembic_project):
    assert reported(cli, alembic_project, "alembic/versions/a.py") == ["alembic/versions/a.py"]
    assert reported(cli, alembic_project, "alembic/versions/a.py", "alembic/versions/c.py") == [
        "alembic/versions/a.py", "alembic/versions/c.py"
    ]


def test_a_named_migration_is_checked_even_when_a_whole_run_cached_its_findings(cli, alembic_project):
    cached = ("check", "--format", "json", "--cache-dir", str(alembic_project / ".cache"))
    whole = json.loads(cli(*cached, cwd=alembic_project).stdout)
    assert sorted({f["path"] for f in whole}) == ["alembic/versions/c.py"]  # b.py shipped: not reported
    named = json.loads(cli(*cached, "alembic/versions/b.py", cwd=alembic_project).stdout)
    assert sorted({f["path"] for f in named}) == ["alembic/versions/b.py"]
    assert sorted({f["path"] for f in json.loads(cli(*cached, cwd=alembic_project).stdout)}) == ["alembic/versions/c.py"]


def test_merging_two_heads_moves_the_head(cli, alembic_project):
    write(alembic_project, {"alembic/versions/d.py": revision("d", "b")})
    assert reported(cli, alembic_project) == ["alembic/versions/c.py", "alembic/versions/d.py"]
    merge = revision("m", None).replace("down_revision = None", 'down_revision = ("c", "d")')
    write(alembic_project, {"alembic/versions/m.py": merge})
    assert reported(cli, alembic_project) == ["alembic/versions/m.py"]


def django_migration(dependencies: str, base: str = "migrations.Migration") -> str:
    """A Django data migration without a reverse step (ORM601), deriving from ``base``."""
    imported = "" if base == "migrations.Migration" else f"from shop.migrations import {base}\n\n"
    return (
        f"from django.db import migrations\n\n{imported}\ndef forwards(apps, schema_editor):\n"
        "    apps.get_model('shop', 'Order').objects.update(flag=True)\n\n\n"
        f"class Migration({base}):\n"
        f"    dependencies = {dependencies}\n"
        "    operations = [migrations.RunPython(forwards)]\n"
    )


def test_django_leaf_per_app(cli, tmp_path):
    root = write(tmp_path / "proj", {
        "pyproject.toml": CONFIG,
        "shop/migrations/0001_initial.py": django_migration("[]"),
        "shop/migrations/0002_flag.py": django_migration('[("shop", "0001_initial")]'),
        "billing/migrations/0001_initial.py": django_migration('[("shop", "0001_initial")]'),
    })
    assert reported(cli, root) == ["billing/migrations/0001_initial.py", "shop/migrations/0002_flag.py"]


def test_django_migrations_on_a_base_class_of_the_project(cli, tmp_path):
    root = write(tmp_path / "proj", {
        "pyproject.toml": CONFIG,
        "shop/migrations/__init__.py": (
            "from django.db import migrations\n\n\nclass QuietMigration(migrations.Migration):\n    pass\n"),
        "shop/migrations/0001_initial.py": django_migration("[]", base="QuietMigration"),
        "shop/migrations/0002_flag.py": django_migration('[("shop", "0001_initial")]', base="QuietMigration"),
    })
    # Django's loader reads the class named Migration, whatever it derives from: 0001 is not a leaf
    assert reported(cli, root) == ["shop/migrations/0002_flag.py"]


def test_a_helper_module_of_a_django_migrations_folder_ships_with_its_migrations(cli, tmp_path):
    helper = (
        "from django.db import migrations\n\n\ndef forwards(apps, schema_editor):\n"
        "    apps.get_model('shop', 'Order').objects.update(flag=True)\n\n\n"
        "OPERATIONS = [migrations.RunPython(forwards)]\n"
    )
    root = write(tmp_path / "proj", {
        "pyproject.toml": CONFIG,
        "shop/migrations/_squashed.py": helper,
        "shop/migrations/0001_initial.py": django_migration("[]"),
        "shop/migrations/0002_flag.py": django_migration('[("shop", "0001_initial")]'),
    })
    # Django's loader never reads _squashed.py as a migration: it shipped with those importing it
    assert reported(cli, root) == ["shop/migrations/0002_flag.py"]
    assert reported(cli, root, "--all-migrations") == [
        "shop/migrations/0001_initial.py", "shop/migrations/0002_flag.py", "shop/migrations/_squashed.py"]


@needs_git
def test_since_adds_the_migrations_of_the_branch(cli, alembic_project):
    root = repository(alembic_project)
    write(root, {"alembic/versions/d.py": revision("d", "c")})
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "d")
    write(root, {"alembic/versions/e.py": revision("e", "d")})  # new, not even added yet
    assert reported(cli, root) == ["alembic/versions/e.py"]
    assert reported(cli, root, "--since", "main") == ["alembic/versions/d.py", "alembic/versions/e.py"]
    (root / "pyproject.toml").write_text(CONFIG + 'since = "main"\n')
    assert reported(cli, root) == ["alembic/versions/d.py", "alembic/versions/e.py"]


@needs_git
def test_since_compares_with_the_merge_base(cli, alembic_project):
    """A migration the main branch gained after the branch left it is not the branch's."""
    root = repository(alembic_project)
    git(root, "checkout", "-q", "main")
    write(root, {"alembic/versions/m1.py": revision("m1", "c")})
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "main moves on")
    git(root, "checkout", "-q", "feature")
    write(root, {"alembic/versions/f1.py": revision("f1", "b")})  # a second head, on the branch
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "f1")
    assert reported(cli, root, "--since", "main") == ["alembic/versions/c.py", "alembic/versions/f1.py"]


@needs_git
def test_since_with_a_project_below_the_repository_root(cli, tmp_path):
    repo = write(tmp_path / "repo", {"README": "x\n", "service/pyproject.toml": CONFIG,
                                     "service/alembic/versions/a.py": revision("a", None)})
    repository(repo)
    write(repo, {"service/alembic/versions/b.py": revision("b", "a"),
                 "service/alembic/versions/c.py": revision("c", "b")})
    assert reported(cli, repo / "service", "--since", "main") == [
        "alembic/versions/b.py", "alembic/versions/c.py"
    ]


@needs_git
def test_an_unknown_revision_on_the_command_line_is_an_error(cli, alembic_project):
    root = repository(alembic_project)
    result = cli("check", "--no-cache", "--since", "origin/nope", cwd=root)
    assert result.exit_code == 2
    assert "--since origin/nope: cannot compare with 'origin/nope'" in result.output


def test_since_outside_a_repository_is_an_error_on_the_command_line(cli, alembic_project):
    result = cli("check", "--no-cache", "--since", "main", cwd=alembic_project)
    assert result.exit_code == 2
    assert "--since main:" in result.output and ("not a git repository" in result.output or "git" in result.output)


def test_configured_since_outside_a_repository_warns_and_checks_the_heads(cli, alembic_project):
    (alembic_project / "pyproject.toml").write_text(CONFIG + 'since = "origin/main"\n')
    result = cli("check", "--no-cache", "--format", "json", cwd=alembic_project)
    assert result.exit_code == 1
    assert "warning: --since origin/main:" in result.stderr and "only heads/leaves" in result.stderr
    assert sorted({f["path"] for f in json.loads(result.stdout)}) == ["alembic/versions/c.py"]


@needs_git
def test_as_a_subprocess_in_a_real_repository(alembic_project):
    root = repository(alembic_project)
    write(root, {"alembic/versions/d.py": revision("d", "c")})
    done = subprocess.run(
        [sys.executable, "-m", "ormlint.engine.cli", "check", "--no-cache", "--format", "json", "--since", "main"],
        cwd=root, capture_output=True, text=True, check=False,
    )
    assert done.returncode == 1, done.stderr
    assert sorted({f["path"] for f in json.loads(done.stdout)}) == ["alembic/versions/d.py"]
