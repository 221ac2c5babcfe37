"""The editor's project: its first index comes from the project's cache, shared with ``ormlint check``."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from ormlint.engine.editor import EditorProject

MODEL = """from django.db import models


class Product(models.Model):
    name = models.CharField(max_length=50)

    def save(self, *args, **kwargs):
        self.name = self.name.strip()
        super().save(*args, **kwargs)
"""
USE = "from shop.models import Product\n\n\ndef cheap(rows):\n    Product.objects.bulk_create(rows)\n"


def _project(root: Path) -> Path:
    (root / "shop").mkdir(parents=True)
    (root / "pyproject.toml").write_text("[tool.ormlint]\nselect = ['ORM401']\n")
    models = root / "shop" / "models.py"
    models.write_text(MODEL)
    an_hour_ago = time.time_ns() - 3600 * 10**9
    os.utime(models, ns=(an_hour_ago, an_hour_ago))
    return models


def _codes(root: Path) -> list[str]:
    project, problem = EditorProject.open(root)
    assert problem is None
    project.scan()
    return [f.code for f in project.lint("shop/use.py", USE)]


def _hide_the_override_keeping_size_and_mtime(models: Path) -> None:
    stat = models.stat()
    models.write_text(MODEL.replace("def save(", "def safe("))
    os.utime(models, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def test_a_restarted_editor_reads_only_files_changed_since(tmp_path):
    models = _project(tmp_path)
    assert _codes(tmp_path) == ["ORM401"]
    _hide_the_override_keeping_size_and_mtime(models)
    assert _codes(tmp_path) == ["ORM401"]  # same size and mtime: the cached facts (a save() override) stand
    os.utime(models)
    assert _codes(tmp_path) == []  # read again: no override any more


def test_the_editor_starts_from_the_facts_ormlint_check_cached(tmp_path):
    models = _project(tmp_path)
    (tmp_path / "shop" / "use.py").write_text(USE)
    check = subprocess.run([sys.executable, "-m", "ormlint", "check", "--format", "json", "."], cwd=tmp_path,
                           capture_output=True, text=True)
    assert check.returncode == 1 and "ORM401" in check.stdout, check.stderr
    _hide_the_override_keeping_size_and_mtime(models)
    assert _codes(tmp_path) == ["ORM401"]


def test_closing_the_project_stops_its_scan(tmp_path):
    _project(tmp_path)
    for number in range(120):
        (tmp_path / "shop" / f"extra_{number}.py").write_text(f"from shop.models import Product\nx{number} = 1\n")
    project, _ = EditorProject.open(tmp_path)
    reports = []

    def report(done: int, total: int) -> None:
        reports.append(done)
        project.closed = True

    project.scan(report)
    assert reports == [50] and project.index.files == {}
