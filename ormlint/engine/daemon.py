"""The editor's warm process: ``ormlint check --stdin-filename`` answered by a process that stays.

An editor checks its buffer on every save. A fresh interpreter spends most of that time
importing the linter and decoding the project's cached facts before it reads the buffer. So an
editor run (``check`` with ``--stdin-filename``, its output piped) first asks the project's warm
process, over a Unix socket in the user's cache directory, to run the same command; when there
is none, it runs the command itself and starts one for the next save. The warm process runs
each command exactly as the command line does (same code, same output, same exit status, its
files still checked in worker processes), keeping only what stays valid: the imported code,
the decoded cache (re-read whenever another process changes the cache file; its own changes are
written after each answer) and the index of its last run's facts, built between requests for the
next one's worker (used only when every file's facts are the same).

It serves one working directory, one interpreter and one installation of ormlint, and only a directory
with :data:`WORTH_KEEPING_FILES` Python files or more (below that a fresh run is fast, and none is
left behind); it exits after :data:`IDLE_SECONDS` without a request, and when ormlint's own sources change (the request that
finds them changed is run by its caller). The socket's directory is private to the user
(mode 0700, owned by them) and, on Linux, a connection from another user is refused.
``--no-daemon`` or ``ORMLINT_NO_DAEMON=1`` turns it off.

This module imports nothing of ormlint until the warm process runs a command: the command
line's first step costs an interpreter start and a socket connection.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import socket
import struct
import subprocess
import sys
from pathlib import Path

from ormlint.core.user_dirs import user_cache_root

IDLE_SECONDS = 900
# A warm process stays only where fresh runs are slow: in a directory with at least this many Python files
# (a handful of files is checked fresh in well under a second, and nobody should find processes left
# behind by a script that pipes a few files through the command line).
WORTH_KEEPING_FILES = 100
CONNECT_SECONDS = 1.0
SOCKET_PATH_LIMIT = 100  # sun_path holds 104-108 bytes, depending on the platform
_LENGTH = struct.Struct("!Q")


# -- the command line's side ----------------------------------------------------------------


def run_warm(argv: list[str]) -> int | None:
    """Run ``ormlint ARGV`` in the project's warm process when it is an editor run: its exit status,
    its output already written. None: run it here (stdin, if read, is put back); a warm process is
    then started for the next run."""
    if not _editor_run(argv):
        return None
    path = socket_path(Path.cwd())
    if path is None:
        return None
    stdin = sys.stdin.buffer.read()
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")  # for the command, if it runs here
    answer = _ask(path, {"argv": argv, "cwd": os.getcwd(), "env": dict(os.environ), "stdin": stdin.decode("latin-1")})
    if answer is None or answer.get("status") != "ok":
        _start(path)
        return None
    sys.stdout.buffer.write(answer["stdout"].encode("latin-1"))
    sys.stdout.flush()
    sys.stderr.buffer.write(answer["stderr"].encode("latin-1"))
    sys.stderr.flush()
    return int(answer["exit"])


def stop(cwd: Path) -> bool:
    """Stop the warm process serving ``cwd`` for this interpreter and installation; False: none ran."""
    path = socket_path(cwd)
    return path is not None and _ask(path, {"stop": True}) is not None


def _editor_run(argv: list[str]) -> bool:
    """``check`` with ``--stdin-filename``, output piped (an editor, not a terminal), not turned off."""
    return (
        bool(argv) and argv[0] == "check"
        and any(a == "--stdin-filename" or a.startswith("--stdin-filename=") for a in argv)
        and "--no-daemon" not in argv and os.environ.get("ORMLINT_NO_DAEMON", "") in ("", "0")
        and os.name == "posix" and hasattr(socket, "AF_UNIX")
        and not sys.stdout.isatty() and not sys.stderr.isatty()
    )


def socket_path(cwd: Path) -> Path | None:
    """The socket of the warm process for ``cwd`` and this interpreter and installation, in a
    directory only the user can enter; None when there is no such directory or the path is too long."""
    directory = user_cache_root() / "daemons"
    try:
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        stat = os.stat(directory)
    except OSError:
        return None
    if stat.st_uid != os.getuid() or stat.st_mode & 0o077:
        return None
    key = "\0".join((os.path.realpath(cwd), sys.executable, os.path.dirname(os.path.dirname(__file__))))
    path = directory / f"{hashlib.sha256(key.encode('utf-8', 'surrogateescape')).hexdigest()[:20]}.sock"
    return path if len(os.fsencode(path)) <= SOCKET_PATH_LIMIT else None


def _ask(path: Path, request: dict) -> dict | None:
    """The warm process's answer, or None (none listening, or it went away before answering)."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
        conn.settimeout(CONNECT_SECONDS)
        try:
            conn.connect(os.fspath(path))
            conn.settimeout(None)  # a large file takes as long as it takes
            _send(conn, request)
            return _receive(conn)
        except (OSError, ValueError):
            return None


def _start(path: Path) -> None:
    """Start the warm process for ``path`` in the background, detached from this run."""
    try:
        subprocess.Popen([sys.executable, "-m", "ormlint.engine.daemon", os.fspath(path)],
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         start_new_session=True, close_fds=True)
    except OSError:
        pass  # no warm process: every run is a fresh one


def _send(conn: socket.socket, message: dict) -> None:
    data = json.dumps(message).encode()
    conn.sendall(_LENGTH.pack(len(data)) + data)


def _receive(conn: socket.socket) -> dict | None:
    """One message; None when the peer closed first."""
    header = _read(conn, _LENGTH.size)
    if header is None:
        return None
    body = _read(conn, _LENGTH.unpack(header)[0])
    return None if body is None else json.loads(body)


def _read(conn: socket.socket, size: int) -> bytes | None:
    chunks, left = [], size
    while left:
        chunk = conn.recv(min(left, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


# -- the warm process ----------------------------------------------------------------------


def serve(path: Path, idle: float = IDLE_SECONDS) -> None:
    """Answer commands on ``path`` until ``idle`` seconds pass without one or ormlint's sources change."""
    if not _worth_keeping(Path.cwd()):
        return
    listener = _listen(path)
    if listener is None:
        return
    from ormlint.engine import cache, cli, discovery, runner  # the warm part: imported once, kept

    cache.defer_writes()
    discovery.keep_walks()
    runner.keep_index()
    sources = _source_stamps()
    listener.settimeout(idle)
    try:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:  # idle for too long (a timeout is an OSError)
                return
            with conn:
                conn.settimeout(None)
                if not _same_user(conn):
                    continue
                try:
                    request = _receive(conn)
                except (OSError, ValueError):
                    continue
                if request is None:
                    continue
                if request.get("ping"):
                    _reply(conn, {"status": "alive"})
                    continue
                if request.get("stop"):
                    _close(listener, path)
                    _reply(conn, {"status": "stopped"})
                    return
                if _source_stamps() != sources:  # new code: its caller runs the command, then starts a new one
                    _close(listener, path)
                    _reply(conn, {"status": "stale"})
                    return
                _reply(conn, {"status": "ok", **_run(cli, request)})
            cache.write_deferred()  # while the editor shows the answer
            runner.prepare_index()  # for the next request
    finally:
        _close(listener, path)
        cache.write_deferred()


def _worth_keeping(directory: Path) -> bool:
    """Whether ``directory`` holds :data:`WORTH_KEEPING_FILES` Python files or more (excluded folders
    such as ``.git`` and virtual environments aside)."""
    from ormlint.core.config import DEFAULT_EXCLUDE

    skipped = {name for name in DEFAULT_EXCLUDE if "*" not in name}
    count = 0
    for _, folders, names in os.walk(directory):
        folders[:] = [f for f in folders if f not in skipped and not f.endswith(".egg-info")]
        count += sum(1 for name in names if name.endswith(".py"))
        if count >= WORTH_KEEPING_FILES:
            return True
    return False


def _listen(path: Path) -> socket.socket | None:
    """A listening socket at ``path``; None when a live warm process already holds it."""
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    mask = os.umask(0o077)
    try:
        try:
            listener.bind(os.fspath(path))
        except OSError:
            if _ask(path, {"ping": True}) is not None:  # it answers: another one is serving
                listener.close()
                return None
            path.unlink(missing_ok=True)  # left by a process that was killed
            listener.bind(os.fspath(path))
    except OSError:
        listener.close()
        return None
    finally:
        os.umask(mask)
    listener.listen(8)
    return listener


def _close(listener: socket.socket, path: Path) -> None:
    """Stop listening and remove the socket (first: a new warm process may bind it at once); once."""
    if listener.fileno() == -1:
        return  # closed already: the path may be a new warm process's by now
    path.unlink(missing_ok=True)
    listener.close()


def _reply(conn: socket.socket, message: dict) -> None:
    try:
        _send(conn, message)
    except OSError:
        pass  # the command line went away: nothing to tell


def _same_user(conn: socket.socket) -> bool:
    """The peer runs as this user (Linux tells; elsewhere the socket's private directory decides)."""
    if not hasattr(socket, "SO_PEERCRED"):
        return True
    credentials = conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    return struct.unpack("3i", credentials)[1] == os.getuid()


def _source_stamps() -> list[tuple[str, int, int]]:
    """Size and modification time of each of ormlint's own sources."""
    root = os.path.dirname(os.path.dirname(__file__))
    stamps = []
    for directory, _, names in os.walk(root):
        for name in sorted(n for n in names if n.endswith(".py")):
            stat = os.stat(os.path.join(directory, name))
            stamps.append((os.path.join(directory, name), stat.st_size, stat.st_mtime_ns))
    return sorted(stamps)


def _run(cli, request: dict) -> dict:
    """Run one command as the command line would: its output and exit status."""
    out, err = io.BytesIO(), io.BytesIO()
    saved = sys.stdin, sys.stdout, sys.stderr, dict(os.environ), os.getcwd()
    streams = (io.TextIOWrapper(io.BytesIO(request["stdin"].encode("latin-1")), encoding="utf-8"),
               io.TextIOWrapper(out, encoding="utf-8", errors="surrogateescape", write_through=True),
               io.TextIOWrapper(err, encoding="utf-8", errors="surrogateescape", write_through=True))
    sys.stdin, sys.stdout, sys.stderr = streams
    os.environ.clear()
    os.environ.update(request["env"])
    status = 0
    try:
        os.chdir(request["cwd"])
        cli.run_main(request["argv"])
    except SystemExit as exc:
        status = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        if isinstance(exc.code, str):
            print(exc.code, file=sys.stderr)
    except Exception as exc:  # noqa: BLE001 - the command line's own run would have failed the same way
        print(f"ormlint: error: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        status = 2
    finally:
        for stream in streams:
            stream.flush()
            stream.detach()  # else closing the wrapper would close the buffer it wrote to
        sys.stdin, sys.stdout, sys.stderr = saved[:3]
        os.environ.clear()
        os.environ.update(saved[3])
        os.chdir(saved[4])
    return {"exit": status, "stdout": out.getvalue().decode("latin-1"), "stderr": err.getvalue().decode("latin-1")}


if __name__ == "__main__":
    serve(Path(sys.argv[1]), float(sys.argv[2]) if len(sys.argv) > 2 else IDLE_SECONDS)
