"""Progress on stderr: silent in pipes unless asked, phases and counts when forced, a
terminal line that is cleared at the end. Real ``ormlint`` processes, real pipes and ptys."""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_cli import MAIN, MODELS, write

from ormlint.engine.progress import ProgressCounter, ProgressDisplay

FILES = 20
LINE = re.compile(r"ormlint: (indexing|checking) (\d+)/(\d+) files")


@pytest.fixture
def tree(tmp_path) -> Path:
    files = {f"shop/models_{i:02d}.py": MODELS.replace("Product", f"Product{i}") for i in range(FILES)}
    return write(tmp_path / "big", {**files, "app/main.py": MAIN})


def run(root: Path, *args: str, stderr_tty: bool = False) -> tuple[subprocess.CompletedProcess, str]:
    """Run ``ormlint check``; stderr goes to a pipe, or to a pseudo-terminal whose output is returned."""
    command = [sys.executable, "-m", "ormlint", "check", "--no-cache", "--format", "json", "--jobs", "2", *args]
    if not stderr_tty:
        out = subprocess.run(command, capture_output=True, text=True, cwd=root)
        return out, out.stderr
    leader, follower = pty.openpty()
    try:
        out = subprocess.run(command, stdout=subprocess.PIPE, stderr=follower, text=True, cwd=root)
    finally:
        os.close(follower)
    return out, _read_all(leader)


def _read_all(leader: int) -> str:
    """Everything written to a pseudo-terminal whose follower side is closed; closes it."""
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: every writer is gone
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    return b"".join(chunks).decode()


def test_a_pipe_gets_nothing_extra(tree):
    out, stderr = run(tree)
    assert out.returncode == 1 and len(json.loads(out.stdout)) == FILES + 1
    assert stderr == ""


def test_a_forced_run_prints_each_phase_with_its_final_count(tree):
    out, stderr = run(tree, "--progress")
    assert out.returncode == 1 and len(json.loads(out.stdout)) == FILES + 1  # the report is untouched
    lines = stderr.splitlines()
    parsed = [LINE.fullmatch(line) for line in lines]
    assert lines and all(parsed), stderr
    phases = [m.group(1) for m in parsed]
    assert phases == sorted(phases, key=["indexing", "checking"].index)  # indexing lines come first
    total = str(FILES + 1)
    assert [m.groups() for m in parsed if m.group(1) == "indexing"][-1] == ("indexing", total, total)
    assert [m.groups() for m in parsed if m.group(1) == "checking"][-1] == ("checking", total, total)


def test_only_the_named_files_count_as_checked(tree):
    out, stderr = run(tree, "--progress", "app/main.py")
    assert [f["path"] for f in json.loads(out.stdout)] == ["app/main.py"]
    assert stderr.splitlines()[-1] == "ormlint: checking 1/1 files"  # the others only feed the index


def test_a_short_run_on_a_terminal_stays_quiet(tree):
    out, shown = run(tree, stderr_tty=True)
    assert out.returncode == 1
    assert shown == ""


def _drawn_on_a_terminal(delay: float) -> str:
    """What a ProgressDisplay shows on a real pseudo-terminal while a run indexes 3 files and checks 2."""
    leader, follower = pty.openpty()
    counter = ProgressCounter()
    with os.fdopen(follower, "w") as stream:
        with ProgressDisplay(counter, {"indexing": 3, "checking": 2}, stream, interactive=True, delay=delay, tick=0.02):
            for phase in ("indexing",) * 3 + ("checking",) * 2:
                counter.advance(phase)
                time.sleep(0.1)
    return _read_all(leader)


def test_a_terminal_line_is_redrawn_in_place_and_cleared():
    shown = _drawn_on_a_terminal(delay=0.0)
    assert "\rormlint: indexing 1/3 files\x1b[K" in shown and "\rormlint: checking 2/2 files\x1b[K" in shown
    assert "\n" not in shown and shown.endswith("\r\x1b[K")


def test_a_terminal_shows_nothing_before_the_delay():
    assert _drawn_on_a_terminal(delay=30.0) == ""


def test_no_progress_silences_a_terminal(tree):
    _, shown = run(tree, "--no-progress", stderr_tty=True)
    assert shown == ""
