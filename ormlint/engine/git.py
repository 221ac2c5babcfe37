"""The files a branch added since a git revision (``--since``), read with the ``git`` command."""

from __future__ import annotations

import subprocess
from pathlib import Path

TIMEOUT = 60  # seconds, per git command


class GitError(Exception):
    """git could not say what was added: not a repository, an unknown revision, no git."""


def _git(directory: Path, *args: str) -> str:
    try:
        done = subprocess.run(
            ["git", "-C", str(directory), *args], capture_output=True, text=True, timeout=TIMEOUT, check=False,
        )
    except FileNotFoundError as exc:
        raise GitError("the git command is not installed") from exc
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise GitError(f"git {args[0]} failed: {exc}") from exc
    if done.returncode != 0:
        message = (done.stderr.strip().splitlines() or [f"exit status {done.returncode}"])[-1]
        raise GitError(message.removeprefix("fatal: "))
    return done.stdout


def added_since(revision: str, directory: Path) -> list[Path]:
    """Files added (or renamed into place) since the branch left ``revision``: committed on the
    branch, staged, changed in the work tree, or new and not yet added (untracked, not ignored).

    Like ``git diff --name-only --diff-filter=AR REVISION...HEAD``, plus the work in progress a
    pre-commit run sees. Paths are absolute.
    """
    top = Path(_git(directory, "rev-parse", "--show-toplevel").strip())
    try:
        base = _git(top, "merge-base", revision, "HEAD").strip()
    except GitError as exc:
        raise GitError(f"cannot compare with {revision!r}: {exc}") from exc
    changed = _git(top, "diff", "--name-only", "-z", "--diff-filter=AR", base)
    untracked = _git(top, "ls-files", "--others", "--exclude-standard", "-z")
    return [top / name for name in (changed + untracked).split("\0") if name]
