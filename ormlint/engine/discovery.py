"""Which files to check, and what roles each path plays (test, script, migration, ...)."""

from __future__ import annotations

import errno
import fnmatch
import os
import re
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Callable, Iterable

from ormlint.core.config import Config
from ormlint.orms import orm_source_paths

ORM_SOURCE_PATHS = orm_source_paths()


def _matcher(glob: str) -> Callable[[str], bool]:
    """``fnmatch`` against the whole string, compiled once (``*`` crosses slashes, as in fnmatch)."""
    return re.compile(fnmatch.translate(os.path.normcase(glob))).match


def _directory_name(pattern: str) -> str | None:
    """``name`` of an unanchored ``name/`` pattern (a directory of that name anywhere), else None."""
    body = pattern.rstrip("/")
    return body if pattern.endswith("/") and not pattern.startswith("/") and "/" not in body else None


@lru_cache(maxsize=None)
def _with_slash(pattern: str) -> Callable[[str, list[str]], bool]:
    """Matching of a repo-relative path (given with its ``/``-split parts) against a pattern holding a
    slash that is not a bare ``name/`` (:func:`_pattern_set` takes those and bare names): a pattern with
    a slash matches from the root, also below any folder, ``a/b/`` a folder of that path, and a leading
    ``/`` anchors a pattern at the root (``/django/``: only a top folder)."""
    if pattern.startswith("/"):
        anchored = pattern.lstrip("/")
        if anchored.endswith("/"):
            body = _matcher(anchored.rstrip("/"))
            return lambda rel, parts: any(body("/".join(parts[:depth])) for depth in range(1, len(parts)))
        whole = _matcher(anchored)
        return lambda rel, parts: bool(whole(rel))
    if pattern.endswith("/"):
        body_text = pattern.rstrip("/")
        under = _matcher(body_text + "/*")
        return lambda rel, parts: (rel.startswith(body_text + "/") or bool(under(rel))
                                   or f"/{body_text}/" in f"/{rel}")
    whole, nested = _matcher(pattern), _matcher("*/" + pattern)
    return lambda rel, parts: bool(whole(rel) or nested(rel))


def _parts(rel: str) -> list[str]:
    """``PurePosixPath(rel).parts``, without building a path for the usual plain relative one."""
    parts = rel.split("/")
    return list(PurePosixPath(rel).parts) if "" in parts or "." in parts else parts


def _one_of(globs: list[str]) -> Callable[[str], object] | None:
    """One expression matching a whole string against any of ``globs`` (None for none)."""
    if not globs:
        return None
    return re.compile("|".join(f"(?:{fnmatch.translate(os.path.normcase(glob))})" for glob in globs)).match


@lru_cache(maxsize=64)
def _pattern_set(patterns: tuple[str, ...]) -> Callable[[str, list[str]], bool]:
    """Gitignore-like matching against every pattern as one test (a discovery tests every path against
    every exclude): the bare names (``build``, ``*.egg-info``) match any component, as one expression;
    the unanchored ``name/`` ones any directory, as one expression; the others one by one
    (:func:`_with_slash`)."""
    names = [p for p in patterns if "/" not in p]
    directories = [d for d in map(_directory_name, patterns) if d is not None]
    others = [_with_slash(p) for p in patterns if "/" in p and _directory_name(p) is None]
    name, directory = _one_of(names), _one_of(directories)

    def test(rel: str, parts: list[str]) -> bool:
        return bool(name is not None and any(name(p) for p in parts)
                    or directory is not None and any(directory(p) for p in parts[:-1])
                    or any(other(rel, parts) for other in others))
    return test


def matches_any(rel: str, patterns: tuple[str, ...]) -> bool:
    rel = os.path.normcase(rel)
    return _pattern_set(tuple(patterns))(rel, _parts(rel))


@lru_cache(maxsize=8)
def _orm_source_paths(root: str) -> tuple[str, ...]:
    """The ORM source paths that are an ORM's own package under ``root``: a top folder named like an
    ORM's package is its source only when it is a package (holds ``__init__.py``); a ``django/``
    folder holding a project's Django site is not. Without a known root, every one counts."""
    if not root:
        return ORM_SOURCE_PATHS
    return tuple(pattern for pattern in ORM_SOURCE_PATHS
                 if not pattern.endswith("/") or os.path.isfile(os.path.join(root, pattern.strip("/"), "__init__.py")))


def path_roles(rel: str, config: Config) -> frozenset[str]:
    """The roles a repo-relative path plays by the configured globs (see ``ormlint.core.roles``)."""
    orm_source = _orm_source_paths(config.root) if config.orm_source_paths is None else config.orm_source_paths
    globs = (
        ("test", config.test_paths), ("test-settings", config.test_settings_paths),
        ("dev-data", config.dev_data_paths), ("script", config.script_paths), ("command", config.command_paths),
        ("example", config.example_paths),
        ("orm-source", orm_source), ("migration", config.migration_paths),
    )
    roles = frozenset(role for role, patterns in globs if matches_any(rel, patterns))
    if "migration" not in roles and "-" in PurePosixPath(rel).stem and rel.endswith(".py"):
        roles |= {"script"}  # ``tools/migrate-legacy.py``: no import can name it, it only runs as a script
    return roles


def display_path(path: Path, root: Path) -> str:
    """Repo-relative POSIX path when under the root, else the path as given.

    Symbolic links are kept as named (a finding in ``app/link.py`` is reported there).
    """
    return display_paths([path], root)[0]


def display_paths(paths: Iterable[Path], root: Path) -> list[str]:
    """:func:`display_path` of each of ``paths``, the root resolved once."""
    bases = [resolve(root) for resolve in (os.path.abspath, os.path.realpath)]  # realpath never raises
    prefixes = [(os.path.normcase(base), os.path.normcase(base if base.endswith(os.sep) else base + os.sep))
                for base in bases]
    shown = []
    for path in paths:
        for resolve, (base, prefix) in zip((os.path.abspath, os.path.realpath), prefixes):
            full = resolve(path)
            folded = os.path.normcase(full)
            if folded == base:
                shown.append(".")
                break
            if folded.startswith(prefix):
                shown.append(full[len(prefix):].replace(os.sep, "/"))
                break
        else:
            shown.append(path.as_posix())
    return shown


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


# A directory changed this close before a walk may change again within the same mtime tick.
RACY_NS = 2_000_000_000
# A long-lived process (the editor's warm process, ormlint.engine.daemon) keeps each walk it made, by
# what was asked, with the modification time of every directory it read: while none of them has changed
# (no entry added, removed or renamed), the next identical ``discover`` call reuses it.
_kept_walks: dict[tuple, tuple[tuple[tuple[str, int], ...], list[Path], list[str]]] | None = None


def keep_walks() -> None:
    """Keep each walk's result in this process between runs (see ``_kept_walks``)."""
    global _kept_walks
    _kept_walks = {} if _kept_walks is None else _kept_walks


@dataclass
class _Walk:
    """One ``discover`` call's walk: what it found, in order, and the problems met."""

    root: Path
    excludes: tuple[str, ...]
    files: list[tuple[Path, str]] = field(default_factory=list)  # (path, its real path)
    problems: list[str] = field(default_factory=list)
    stamps: list[tuple[str, int]] = field(default_factory=list)  # each directory read, its mtime before the read

    def display(self, path: Path, parent_display: str | None, name: str) -> str:
        """``display_path(path, root)``; a child of a directory under the root (by absolute
        path) is that directory's display plus its name, with no path arithmetic."""
        if parent_display is None:
            return display_path(path, self.root)
        return name if parent_display == "." else f"{parent_display}/{name}"

    def directory(self, path: Path, display: str | None) -> None:
        """Files of ``path`` (sorted by name), then its subdirectories in order, like ``os.walk``
        top-down without following links to directories. ``display`` is the directory's
        display when it lies under the root by absolute path, else None."""
        try:
            self.stamps.append((str(path), os.stat(path).st_mtime_ns))
            with os.scandir(path) as scan:
                entries = sorted(scan, key=lambda e: e.name)
        except OSError as exc:
            self.problems.append(f"{exc.filename}: {exc.strerror}")
            return
        real = os.path.realpath(path)
        subdirs = []
        for entry in entries:
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                shown = self.display(path / entry.name, display, entry.name)
                if not _excluded_dir(shown, self.excludes) and not entry.is_symlink():
                    subdirs.append((entry.name, shown if display is not None else None))
            elif entry.name.endswith(".py"):
                self._file(path / entry.name, self.display(path / entry.name, display, entry.name), entry, real)
        for name, shown in subdirs:
            self.directory(path / name, shown)

    def _file(self, candidate: Path, shown: str, entry: os.DirEntry, real_dir: str) -> None:
        if matches_any(shown, self.excludes):
            return
        if not entry.is_symlink():
            self.files.append((candidate, os.path.join(real_dir, entry.name)))
            return
        reason = missing_reason(candidate)
        if reason is not None:
            self.problems.append(f"{shown}: {reason}; skipped")
        else:
            self.files.append((candidate, os.path.realpath(candidate)))


def discover(paths: list[Path], config: Config, root: Path) -> tuple[list[Path], list[str]]:
    """Python files under ``paths`` minus excludes; also the problems met (missing paths, broken links).

    Symbolic links to files are followed; links to directories are not walked. A file
    reachable by several paths (through links) is listed once, by a path without links
    when there is one.
    """
    key = (tuple(map(str, paths)), str(root), config.exclude + config.extend_exclude)
    kept = _kept_walks.get(key) if _kept_walks is not None else None
    if kept is not None and _unchanged(kept[0]):
        return list(kept[1]), list(kept[2])
    began = time.time_ns()
    walk = _Walk(root, config.exclude + config.extend_exclude)
    for path in paths:
        reason = missing_reason(path)
        if reason is not None:
            walk.problems.append(f"{path}: {reason}")
            continue
        if path.is_file():  # an explicitly named file is checked even when excluded
            walk.files.append((path, os.path.realpath(path)))
            continue
        walk.directory(path, _display_under(path, root))
    files = _once_each(walk.files)
    if _kept_walks is not None and not walk.problems and all(p.is_dir() for p in paths) \
            and all(mtime < began - RACY_NS for _, mtime in walk.stamps):
        _kept_walks[key] = (tuple(walk.stamps), files, walk.problems)
    return list(files), list(walk.problems)


def _unchanged(stamps: tuple[tuple[str, int], ...]) -> bool:
    """Every directory a kept walk read still has the modification time it had then."""
    try:
        return all(os.stat(path).st_mtime_ns == mtime for path, mtime in stamps)
    except OSError:
        return False


def _display_under(path: Path, root: Path) -> str | None:
    """The display of ``path`` when it lies under ``root`` by absolute path, else None."""
    try:
        return Path(os.path.abspath(path)).relative_to(os.path.abspath(root)).as_posix()
    except ValueError:
        return None


def _once_each(files: list[tuple[Path, str]]) -> list[Path]:
    """One path per real file, in the order met; a path that goes through no link wins."""
    chosen: dict[str, Path] = {}
    for path, real in files:
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
