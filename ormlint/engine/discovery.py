"""Which files to check, and what role each path plays (test, script, migration)."""

from __future__ import annotations

import fnmatch
import os
from pathlib import Path, PurePosixPath

from ormlint.core.config import Config


def _matches_glob(rel: str, pattern: str) -> bool:
    """Gitignore-like matching: ``dir/`` matches a directory anywhere in the path,
    a pattern with a slash matches from the root, a bare pattern matches any component."""
    parts = PurePosixPath(rel).parts
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
    roles = set()
    if matches_any(rel, config.test_paths):
        roles.add("test")
    if matches_any(rel, config.script_paths):
        roles.add("script")
    if matches_any(rel, config.migration_paths):
        roles.add("migration")
    return frozenset(roles)


def display_path(path: Path, root: Path) -> str:
    """Repo-relative POSIX path when under the root, else the path as given.

    Symbolic links are kept as named (a finding in ``app/link.py`` is reported there).
    """
    for candidate, base in ((Path(os.path.abspath(path)), Path(os.path.abspath(root))), (path.resolve(), root.resolve())):
        try:
            return candidate.relative_to(base).as_posix()
        except ValueError:
            continue
    return path.as_posix()


def _excluded_dir(rel: str, excludes: tuple[str, ...]) -> bool:
    return matches_any(rel, excludes) or matches_any(rel + "/_", excludes)


def discover(paths: list[Path], config: Config, root: Path) -> tuple[list[Path], list[str]]:
    """Python files under ``paths`` minus excludes; also the problems met (missing paths)."""
    excludes = config.exclude + config.extend_exclude
    files: list[Path] = []
    problems: list[str] = []
    for path in paths:
        if not path.exists():
            problems.append(f"{path}: no such file or directory")
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
                    if not matches_any(display_path(candidate, root), excludes):
                        files.append(candidate)
    unique = list(dict.fromkeys(files))
    return unique, problems
