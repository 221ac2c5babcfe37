"""The language server's project in a worker process, so that a file that kills the interpreter
(a segmentation fault in a native parser, the kernel's OOM killer, a crash in C) costs that
file's diagnostics, not the server.

The worker is started with the "spawn" method (the server runs threads, which a fork would
copy in whatever state they are in), once, and again only when one dies. It holds the
:class:`~ormlint.engine.editor.EditorProject` (the index) and runs every parse, lint and fix,
in order, on a thread with a large stack (deeply nested code recurses deeply). The server
keeps what a fresh worker needs to take over without reading the workspace again: the facts
of the files on disk as the last scan left them (encoded as the facts cache encodes them), the files changed on
disk since, and the text of each open buffer.

When the worker dies, the call it was on names the file it was on and the reason (``killed
by SIGSEGV``): an open buffer is reported as not checked (ORM001) as long as its text stays
the same and is not sent to a worker again; a file on disk is left out of the index. A fresh
worker takes over everything else.
"""

from __future__ import annotations

import json
import multiprocessing
import threading
from pathlib import Path
from typing import Any, Callable, Collection

from ormlint.core.findings import Finding
from ormlint.engine.cache import CODEC
from ormlint.engine.discovery import display_path
from ormlint.engine.editor import EditorProject
from ormlint.engine.lint import SYNTAX_ERROR, not_checked
from ormlint.engine.noqa import suppress
from ormlint.engine.registry import is_enabled
from ormlint.engine.runner import death_reason, died_while_checking
from ormlint.index.facts import FileFacts

DISK_FACTS = dict[str, FileFacts]  # what a scan leaves: each file's facts
WORKER_STACK = 256 * 1024 * 1024  # deep trees recurse in LibCST and the walk; the default 8 MiB can overflow
Report = Callable[[int, int], None]


class WorkerDied(Exception):
    """The worker process died during a call: on ``display`` (None: between files), for ``reason``."""

    def __init__(self, display: str | None, reason: str) -> None:
        super().__init__(f"{display}: {reason}")
        self.display, self.reason = display, reason


class WorkerError(Exception):
    """A call failed inside the worker with an exception (named in the message); the worker lives on."""


class ProjectProcess:
    """The server's side of the worker: EditorProject's calls, answered by the worker process.
    Blocking; the server calls it from one thread, in order."""

    def __init__(self, workspace: Path) -> None:
        self.workspace = workspace
        self._context = multiprocessing.get_context("spawn")
        self._known: bytes | None = None  # the facts of the files on disk (JSON), from the last full scan
        self._stale: set[str] = set()  # files changed on disk since that scan: a fresh worker reads them again
        self._skip: set[str] = set()  # files on disk a worker died reading
        self._buffers: dict[str, str] = {}  # the open buffers' texts the worker has taken in
        self._dead: dict[str, tuple[str, str]] = {}  # buffer -> (text, reason) a worker died on
        self._stopped = False
        self._process: Any = None
        self._conn: Any = None
        self.root, self.config, self.problem = self._start()

    def display(self, path: Path) -> str:
        return display_path(path, self.root)

    def stop(self) -> None:
        """End the worker (a new configuration replaces this project); a call in progress returns."""
        self._stopped = True
        if self._process is not None:
            self._process.kill()

    # -- the calls ---------------------------------------------------------------------

    def scan(self, report: Report | None = None) -> list[str]:
        """Read the workspace for the index; the messages name each file a worker died reading."""
        problems = []
        while True:
            try:
                self._known, self._stale = self._call("scan", frozenset(self._skip), report=report), set()
                return problems
            except WorkerDied as died:
                if died.display is None:
                    return problems if self._stopped else [*problems, f"indexing stopped: the worker process died ({died.reason})"]
                problems.append(f"{died.display}: not indexed: the worker process died while reading it ({died.reason})")

    def update(self, display: str, text: str) -> bool:
        """An open buffer's new text: True when the index (may have) changed."""
        if self._dead.get(display, ("",))[0] == text:
            return False
        try:
            changed = self._call("update", display, text, blame=display, text=text)
        except WorkerDied:
            return True  # the fresh worker holds no facts of this buffer
        self._taken_in(display, text)
        return changed

    def lint(self, display: str, text: str, update: bool) -> tuple[list[Finding], str]:
        """A buffer's findings (after taking in its facts, with ``update``) and an internal error, if any."""
        dead = self._dead.get(display)
        if dead is not None and dead[0] == text:
            return self._not_checked(display, text, dead[1])
        try:
            findings = self._call("lint", display, text, update, blame=display, text=text)
        except WorkerDied as died:
            return self._not_checked(display, text, died.reason)
        except WorkerError as exc:
            return [], f"{display}: internal error: {exc}"
        if update:
            self._taken_in(display, text)
        return findings, ""

    def fix_safe(self, display: str, text: str) -> str:
        """The buffer with every safe fix applied; unchanged when the worker dies on it."""
        if self._dead.get(display, ("",))[0] == text:
            return text
        try:
            return self._call("fix_safe", display, text, blame=display, text=text)
        except WorkerDied:
            return text

    def close(self, display: str) -> bool:
        """A buffer was closed: True when the index changed."""
        self._buffers.pop(display, None)
        self._dead.pop(display, None)
        try:
            return self._call("close", display)
        except WorkerDied:
            return True

    def disk_changed(self, path: Path) -> bool:
        """A file changed on disk: True when the index changed."""
        display = self.display(path)
        self._stale.add(display)
        self._skip.discard(display)  # it may be readable now
        try:
            return self._call("disk_changed", path, blame=display)
        except WorkerDied:
            return True

    # -- the worker ----------------------------------------------------------------------

    def _taken_in(self, display: str, text: str) -> None:
        self._buffers[display] = text
        self._dead.pop(display, None)

    def _not_checked(self, display: str, text: str, reason: str) -> tuple[list[Finding], str]:
        message = died_while_checking(reason)
        if is_enabled(*SYNTAX_ERROR, self.config.select, self.config.extend_select, self.config.ignore):
            return suppress([not_checked(display, message)], text), ""
        return [], f"{display}: {message}"

    def _start(self) -> tuple:
        """A fresh worker with the kept facts and buffers; a second try without the buffers."""
        for buffers in (self._buffers, {}):
            parent, child = self._context.Pipe()
            self._process = self._context.Process(
                target=_serve, daemon=True,
                args=(child, self.workspace, self._known, frozenset(self._stale), frozenset(self._skip), dict(buffers)))
            self._process.start()
            child.close()
            self._conn = parent
            try:
                kind, opened = parent.recv()
                if kind == "ok":
                    return opened
            except (EOFError, OSError):
                pass
            if self._stopped:
                break
        raise RuntimeError(f"the worker process could not start ({death_reason(self._process)})")

    def _call(self, method: str, *args, blame: str | None = None, text: str | None = None,
              report: Report | None = None) -> Any:
        """The worker's answer; WorkerDied (after a fresh worker has started) when it dies on it."""
        if self._stopped:
            raise WorkerDied(None, "the project was closed")
        try:
            self._conn.send((method, args))
        except OSError:  # it died idle (the OOM killer, a signal): not this call's doing
            self._start()
            self._conn.send((method, args))
        while True:
            try:
                kind, payload = self._conn.recv()
            except (EOFError, OSError):
                break
            if kind == "ok":
                return payload
            if kind == "error":
                raise WorkerError(payload)
            if kind == "reading":
                blame = payload
            elif kind == "progress" and report is not None:
                report(*payload)
        reason = death_reason(self._process)
        if self._stopped:
            raise WorkerDied(None, reason)
        if blame is not None and text is not None:  # an open buffer
            self._dead[blame] = (text, reason)
            self._buffers.pop(blame, None)
        elif blame is not None:  # a file on disk
            self._skip.add(blame)
        self._start()
        raise WorkerDied(blame, reason)


# -- in the worker process ------------------------------------------------------------------


def _serve(conn, workspace: Path, known: bytes | None, stale: Collection[str], skip: Collection[str],
           buffers: dict[str, str]) -> None:
    """The worker process: answers the calls on a thread with a large stack."""
    threading.stack_size(WORKER_STACK)
    thread = threading.Thread(target=_answer, args=(conn, workspace, known, stale, skip, buffers))
    thread.start()
    thread.join()


def _answer(conn, workspace: Path, known: bytes | None, stale: Collection[str], skip: Collection[str],
            buffers: dict[str, str]) -> None:
    project, problem = EditorProject.open(workspace)
    if known is not None:
        project.scan(known={d: f for d, f in _decode(known).items() if d not in stale}, skip=skip)
    for display, text in buffers.items():
        project.update(display, text)
    conn.send(("ok", (project.root, project.config, problem)))
    while True:
        try:
            method, args = conn.recv()
        except (EOFError, OSError):  # the server has gone
            return
        try:
            answer = _CALLS[method](project, conn, *args)
        except Exception as exc:  # noqa: BLE001 - one file never stops the worker
            conn.send(("error", f"{type(exc).__name__}: {exc}"))
        else:
            conn.send(("ok", answer))


def _scan(project: EditorProject, conn, skip: Collection[str]) -> bytes:
    project.scan(report=lambda done, total: conn.send(("progress", (done, total))),
                 announce=lambda display: conn.send(("reading", display)), skip=skip)
    return json.dumps(CODEC.encode(project.disk_facts(), DISK_FACTS)).encode()


def _decode(known: bytes) -> dict[str, FileFacts]:
    """The facts a former worker's scan sent (as the facts cache holds them: JSON, never pickle)."""
    return CODEC.decode(json.loads(known), DISK_FACTS)


def _lint(project: EditorProject, conn, display: str, text: str, update: bool) -> list[Finding]:
    if update:
        project.update(display, text)
    return project.lint(display, text)


_CALLS: dict[str, Callable] = {
    "scan": _scan,
    "lint": _lint,
    "update": lambda project, conn, display, text: project.update(display, text),
    "fix_safe": lambda project, conn, display, text: project.fix_safe(display, text),
    "close": lambda project, conn, display: project.close(display),
    "disk_changed": lambda project, conn, path: project.disk_changed(path),
}
