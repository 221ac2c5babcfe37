"""The editor's warm process: an editor run answered by it says exactly what a fresh run says, sees
files changed on disk, and the process keeps to its user, its sources and its idle limit."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from n1_models import LIBRARY_MODELS, LIBRARY_VIEWS

from ormlint.engine import cache, daemon, runner

pytestmark = pytest.mark.skipif(os.name != "posix" or not hasattr(socket, "AF_UNIX"), reason="Unix sockets")

MODELS_WITHOUT_RELATION = LIBRARY_MODELS.replace("models.ForeignKey(Author, on_delete=models.CASCADE)",
                                         "models.CharField(max_length=100)")
EDITOR_RUN = ["check", "--format", "json", "--stdin-filename", "app/views.py", "-"]


@pytest.fixture
def project(tmp_path, monkeypatch):
    root = tmp_path / "proj"
    files = {"pyproject.toml": "[tool.ormlint]\n", "library/models.py": LIBRARY_MODELS, "app/views.py": LIBRARY_VIEWS}
    files.update({f"app/filler/m{n}.py": "VALUE = 1\n" for n in range(daemon.WORTH_KEEPING_FILES)})
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    monkeypatch.delenv("ORMLINT_NO_DAEMON")
    monkeypatch.chdir(root)
    yield root
    daemon.stop(root)  # the warm process a test started, if any


def _command(root: Path, args: list[str], text: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ormlint", *args], input=text.encode(), capture_output=True, cwd=root)


def _ask(root: Path, args: list[str], text: str) -> dict | None:
    """The warm process's answer to ``ormlint ARGS`` with ``text`` on stdin (None: none answered)."""
    return daemon._ask(daemon.socket_path(root), {"argv": args, "cwd": os.fspath(root), "env": dict(os.environ),
                                                  "stdin": text.encode().decode("latin-1")})


def _wait_for_warm_process(root: Path) -> None:
    deadline = time.monotonic() + 60
    while daemon._ask(daemon.socket_path(root), {"ping": True}) is None:
        assert time.monotonic() < deadline, "no warm process started"
        time.sleep(0.1)


def _found(stdout: str) -> list[tuple[str, str, int]]:
    return [(f["code"], f["path"], f["line"]) for f in json.loads(stdout)]


def test_an_editor_run_starts_a_warm_process_that_answers_as_a_fresh_run_would(project):
    first = _command(project, EDITOR_RUN, LIBRARY_VIEWS)  # no warm process yet: it runs here and starts one
    assert first.returncode == 1, first.stderr
    assert _found(first.stdout.decode()) == [("ORM101", "app/views.py", 5)]
    _wait_for_warm_process(project)
    warm = _ask(project, EDITOR_RUN, LIBRARY_VIEWS)
    assert warm is not None and warm["status"] == "ok"
    assert (warm["exit"], warm["stdout"], warm["stderr"]) == (1, first.stdout.decode(), first.stderr.decode())
    again = _command(project, EDITOR_RUN, LIBRARY_VIEWS)
    assert (again.returncode, again.stdout, again.stderr) == (first.returncode, first.stdout, first.stderr)
    usage = _ask(project, ["check", "--no-such-option"], "")  # the command line's own errors, status 2
    assert usage["exit"] == 2 and "No such option" in usage["stderr"]
    assert daemon.stop(project) and not daemon.socket_path(project).exists()
    assert not daemon.stop(project)


def test_the_warm_process_sees_files_changed_on_disk_and_the_buffer_as_given(project):
    _command(project, EDITOR_RUN, LIBRARY_VIEWS)
    _wait_for_warm_process(project)
    assert _found(_ask(project, EDITOR_RUN, LIBRARY_VIEWS)["stdout"]) == [("ORM101", "app/views.py", 5)]
    (project / "library/models.py").write_text(MODELS_WITHOUT_RELATION)  # author is now a column: no query
    assert _found(_ask(project, EDITOR_RUN, LIBRARY_VIEWS)["stdout"]) == []
    (project / "library/models.py").write_text(LIBRARY_MODELS)
    edited = LIBRARY_VIEWS.replace("book.author.name", "book.pk")  # the unsaved buffer, not the file on disk
    assert _found(_ask(project, EDITOR_RUN, edited)["stdout"]) == []
    assert _found(_ask(project, EDITOR_RUN, LIBRARY_VIEWS)["stdout"]) == [("ORM101", "app/views.py", 5)]


def test_a_buffers_facts_never_stand_for_the_file_on_disk(project):
    """The buffer's facts are kept for its next run with the same text; another file's editor run
    reads the file on disk again, whatever the buffer said."""
    assert _command(project, ["check", "--format", "json"], "").returncode == 1  # every file read and stamped
    time.sleep(2.1)  # a file modified just before a run is read again anyway: make the stamps trustworthy
    buffer = ["check", "--no-daemon", "--format", "json", "--stdin-filename", "library/models.py", "-"]
    assert _command(project, buffer, MODELS_WITHOUT_RELATION).returncode == 0
    views = _command(project, [*EDITOR_RUN, "--no-daemon"], LIBRARY_VIEWS)
    assert _found(views.stdout.decode()) == [("ORM101", "app/views.py", 5)], views.stderr


def test_no_warm_process_when_turned_off_or_not_an_editor_run(project, monkeypatch):
    assert daemon._editor_run(EDITOR_RUN)  # output captured by pytest: not a terminal
    assert not daemon._editor_run([*EDITOR_RUN, "--no-daemon"])
    assert not daemon._editor_run(["check", "app/views.py"])
    assert not daemon._editor_run(["rules"])
    monkeypatch.setenv("ORMLINT_NO_DAEMON", "1")
    assert not daemon._editor_run(EDITOR_RUN)
    turned_off = _command(project, EDITOR_RUN, LIBRARY_VIEWS)
    assert turned_off.returncode == 1 and not (daemon.socket_path(project)).exists()


def test_the_socket_lives_in_a_directory_only_its_user_can_enter(project, user_cache):
    path = daemon.socket_path(project)
    assert path.parent == user_cache / "daemons" and path.parent.stat().st_mode & 0o777 == 0o700
    path.parent.chmod(0o777)  # anyone could plant a socket there: not used
    assert daemon.socket_path(project) is None
    result = _command(project, EDITOR_RUN, LIBRARY_VIEWS)  # the run goes on, here, and starts nothing
    assert result.returncode == 1 and _found(result.stdout.decode()) == [("ORM101", "app/views.py", 5)]
    assert not path.exists()


def _in_memory_for_this_test_only(monkeypatch) -> None:
    """serve() keeps caches, their deferred writes and the last index in this process's memory."""
    monkeypatch.setattr(cache, "_kept", None)
    monkeypatch.setattr(cache, "_deferred", None)
    monkeypatch.setattr(runner, "_kept_index", None)


def _serve_in_thread(path: Path, idle: float) -> threading.Thread:
    thread = threading.Thread(target=daemon.serve, args=(path, idle), daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while daemon._ask(path, {"ping": True}) is None:
        assert time.monotonic() < deadline and thread.is_alive(), "the warm process did not start"
        time.sleep(0.05)
    return thread


def test_the_warm_process_ends_when_idle_and_when_ormlint_changes(project, monkeypatch):
    _in_memory_for_this_test_only(monkeypatch)
    path = daemon.socket_path(project)
    idle = _serve_in_thread(path, 0.5)
    idle.join(10)
    assert not idle.is_alive() and not path.exists()

    stamps = iter([[("a.py", 1, 1)], [("a.py", 2, 2)]])  # at start, then at the first request: changed
    monkeypatch.setattr(daemon, "_source_stamps", lambda: next(stamps))
    changed = _serve_in_thread(path, 30)
    assert _ask(project, EDITOR_RUN, LIBRARY_VIEWS) == {"status": "stale"}  # its caller runs the command itself
    changed.join(10)
    assert not changed.is_alive() and not path.exists()


def test_one_warm_process_per_socket_and_a_dead_ones_socket_is_replaced(project, monkeypatch):
    _in_memory_for_this_test_only(monkeypatch)
    path = daemon.socket_path(project)
    first = _serve_in_thread(path, 2)
    assert daemon._listen(path) is None  # a live one answers: a second does not start
    first.join(10)
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as dead:  # bound, never listening: a killed process's
        dead.bind(os.fspath(path))
    listener = daemon._listen(path)
    assert listener is not None
    daemon._close(listener, path)
    assert not path.exists()


def test_no_warm_process_stays_in_a_directory_of_a_few_files(tmp_path, monkeypatch):
    """A handful of files is checked fresh in well under a second: the warm process a run starts there
    leaves at once, and a script piping a few files through the command line leaves nothing behind."""
    (tmp_path / "app").mkdir()
    (tmp_path / "app/views.py").write_text(LIBRARY_VIEWS)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(cache, "_kept", None)
    path = daemon.socket_path(tmp_path)
    daemon.serve(path, 30)  # returns at once: nothing to keep warm
    assert not path.exists()
    assert not daemon._worth_keeping(tmp_path)
    for n in range(daemon.WORTH_KEEPING_FILES):
        (tmp_path / ".venv" / f"m{n}.py").parent.mkdir(exist_ok=True)
        (tmp_path / ".venv" / f"m{n}.py").write_text("")
    assert not daemon._worth_keeping(tmp_path)  # a virtual environment's files are not the project's
    for n in range(daemon.WORTH_KEEPING_FILES):
        (tmp_path / "app" / f"m{n}.py").write_text("")
    assert daemon._worth_keeping(tmp_path)
