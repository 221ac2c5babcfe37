"""A throwaway PostgreSQL cluster for tests: initdb into a temporary directory, pg_ctl start on a
free local port with the unix socket in that directory, stop and delete it afterwards.

The binaries are looked up on PATH, in ``$PG_BIN`` and in the usual Debian/Ubuntu locations
(``/usr/lib/postgresql/<version>/bin``). initdb refuses to run as root: as root the cluster
runs as the ``postgres`` system user when there is one.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator


@dataclass(frozen=True)
class Cluster:
    host: str
    port: int
    socket_dir: str
    user: str = "postgres"
    dbname: str = "postgres"

    @property
    def dsn(self) -> str:
        return f"host={self.host} port={self.port} user={self.user} dbname={self.dbname}"

    @property
    def url(self) -> str:
        return f"postgresql://{self.user}@{self.host}:{self.port}/{self.dbname}"


def find_bin_dir() -> Path | None:
    """A directory holding initdb and pg_ctl, or None."""
    candidates = [os.environ.get("PG_BIN", "")]
    on_path = shutil.which("initdb")
    if on_path:
        candidates.append(str(Path(on_path).parent))
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: p.parent.name, reverse=True)
    candidates += [str(p) for p in versions]
    for candidate in candidates:
        if candidate and (Path(candidate) / "initdb").is_file() and (Path(candidate) / "pg_ctl").is_file():
            return Path(candidate)
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _runner() -> tuple[list[str], int | None, int | None]:
    """The command prefix that runs the server's binaries, and the uid/gid owning its files."""
    if os.geteuid() != 0:
        return [], None, None
    try:
        account = pwd.getpwnam("postgres")
    except KeyError:
        raise RuntimeError("initdb cannot run as root and there is no 'postgres' user") from None
    return ["runuser", "-u", "postgres", "--"], account.pw_uid, account.pw_gid


@contextlib.contextmanager
def cluster(bin_dir: Path) -> Iterator[Cluster]:
    """Start a cluster and yield where it listens; stop it and remove its files on exit."""
    prefix, uid, gid = _runner()
    root = Path(tempfile.mkdtemp(prefix="ormlint-pg-"))
    data, sockets = root / "data", root / "sockets"
    sockets.mkdir()
    if uid is not None:
        for path in (root, sockets):
            os.chown(path, uid, gid)
    port = _free_port()
    run = lambda *args: subprocess.run([*prefix, *args], check=True, capture_output=True, text=True)  # noqa: E731
    try:
        run(str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8",
            "--locale=C")
        options = f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=off"
        run(str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(root / "server.log"), "-w", "start")
        try:
            yield Cluster("127.0.0.1", port, str(sockets))
        finally:
            subprocess.run([*prefix, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
                           capture_output=True)
    finally:
        shutil.rmtree(root, ignore_errors=True)
