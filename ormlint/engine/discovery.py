"""Which files to check, and what roles each path plays (test, script, migration, ...)."""

from __future__ import annotations

import errno
import fnmatch
import os
from pathlib import Path, PurePosixPath

from ormlint.core.config import Config
from ormlint.orms import orm_source_paths

ORM_SOURCE_PATHS = orm_source_paths()


def _matches_glob(rel: str, pattern: str) -> bool:
    """Gitignore-like matching: ``dir/`` matches a directory anywhere in the path,
    a pattern with a slash matches from the root, a bare pattern matches any component,
    and a leading ``/`` anchors a pattern at the root (``/django/``: only a top folder)."""
    parts = PurePosixPath(rel).parts
    if pattern.startswith("/"):
        anchored = pattern.lstrip("/")
        if anchored.endswith("/"):
            body = anchored.rstrip("/")
            return any(fnmatch.fnmatch("/".join(parts[:depth]), body) for depth in range(1, len(parts)))
        return fnmatch.fnmatch(rel, anchored)
    if pattern.endswith("/"):
        body = pattern.rstrip("/")
        if "/" in body:
            return rel.startswith(body + "/") or fnmatch.fnmatch(rel, body + "/*") or f"/{body}/" in f"/{rel}"
        return any(fnmatch.fnmatch(p, body) for p in parts[:-1])
    if "/" in pattern:
        return fnmatch.fnmatch(rel, pattern) or fnmatch.fnmatch(rel, "*/" + pattern)
    return any(fnmatch.fnmatch(p, pattern) for p in parts)


def matches_any(rel: str, patterns: tuple[str, ...]) -> bool:
    return any(_matches_glob(rel, p) for p in patterns)


def path_roles(rel: str, config: Config) -> frozenset[str]:
    """The roles a repo-relative path plays by the configured globs (see ``ormlint.core.roles``)."""
    orm_source = ORM_SOURCE_PATHS if config.orm_source_paths is None else config.orm_source_paths
    globs = (
        ("test", config.test_paths), ("test-settings", config.test_settings_paths),
        ("dev-data", config.dev_data_paths), ("script", config.script_paths), ("example", config.example_paths),
        ("orm-source", orm_source), ("migration", config.migration_paths),
    )
    return frozenset(role for role, patterns in globs if matches_any(rel, patterns))


def display_path(path: Path, root: Path) -> str:
    """Repo-relative POSIX path when under the root, else the path as given.

    Symbolic links are kept as named (a finding in ``app/link.py`` is reported there).
    """
    real = (Path(os.path.realpath(path)), Path(os.path.realpath(root)))  # never raises, loops included
    for candidate, base in ((Path(os.path.abspath(path)), Path(os.path.abspath(root))), real):
        try:
            return candidate.relative_to(base).as_posix()
        except ValueError:
            continue
    return path.as_posix()


def _excluded_dir(rel: str, excludes: tuple[str, ...]) -> bool:
    return matches_any(rel, excludes) or matches_any(rel + "/_", excludes)


def missing_reason(path: Path) -> str | None:
    """Why ``path`` cannot be followed to a file or directory (None: it can)."""
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symbolic link loop"
        if os.path.islink(path):
            return f"dangling symbolic link (its target {os.readlink(path)} does not exist)"
        return exc.strerror.lower() if exc.strerror else "no such file or directory"
    return None


def discover(paths: list[Path], config: Config, root: Path) -> tuple[list[Path], list[str]]:
    """Python files under ``paths`` minus excludes; also the problems met (missing paths, broken links).

    Symbolic links to files are followed; links to directories are not walked. A file
    reachable by several paths (through links) is listed once, by a path without links
    when there is one.
    """
    excludes = config.exclude + config.extend_exclude
    files: list[Path] = []
    problems: list[str] = []
    for path in paths:
        reason = missing_reason(path)
        if reason is not None:
            problems.append(f"{path}: {reason}")
            continue
        if path.is_file():  # an explicitly named file is checked even when excluded
            files.append(path)
            continue
        for dirpath, dirnames, filenames in os.walk(path, onerror=lambda e: problems.append(f"{e.filename}: {e.strerror}")):
            base = Path(dirpath)
            dirnames[:] = sorted(d for d in dirnames if not _excluded_dir(display_path(base / d, root), excludes))
            for name in sorted(filenames):
                if name.endswith(".py"):
                    candidate = base / name
                    if matches_any(display_path(candidate, root), excludes):
                        continue
                    reason = missing_reason(candidate) if os.path.islink(candidate) else None
                    if reason is not None:
                        problems.append(f"{display_path(candidate, root)}: {reason}; skipped")
                    else:
                        files.append(candidate)
    return _once_each(files), problems


def _once_each(files: list[Path]) -> list[Path]:
    """One path per real file, in the order met; a path that goes through no link wins."""
    chosen: dict[str, Path] = {}
    for path in files:
        real = os.path.realpath(path)
        if real not in chosen or os.path.abspath(path) == real != os.path.abspath(chosen[real]):
            chosen[real] = path
    return list(chosen.values())


PROJECT_MARKERS = ("pyproject.toml", "setup.cfg", ".git")


def project_root(path: Path) -> Path | None:
    """The nearest directory at or above ``path`` holding a pyproject.toml, setup.cfg or .git."""
    start = Path(os.path.abspath(path))
    for directory in (start, *start.parents):
        if directory.is_dir() and any((directory / marker).exists() for marker in PROJECT_MARKERS):
            return directory
    return None
