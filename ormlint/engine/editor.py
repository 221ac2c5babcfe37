"""The project as an editor sees it, for the language server.

Every file's index facts are kept in memory: first those of the files on disk (a scan of
the workspace, excludes and configuration respected), then, for each open buffer, the
facts of its current text in place of the file's. When a buffer's facts change (a model
gains a ``save()`` override), the index is rebuilt and every open file is checked against
it again. Built on the engine's one-file API (``parse``/``lint_parsed``/``fix_parsed``),
not on the multi-process runner. Not thread-safe: the server's worker process
(ormlint.engine.editor_process) calls it from one thread.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Callable, Collection, Sequence

from ormlint.api import Rule
from ormlint.core.config import Config, ConfigError, find_config, load_config
from ormlint.core.findings import Finding
from ormlint.engine.discovery import discover, display_path, matches_any, path_roles
from ormlint.engine.lint import ParsedFile, facts_of, fix_parsed, lint_parsed, parse
from ormlint.engine.noqa import is_skip_file, suppress
from ormlint.engine.registry import all_rules, is_enabled, selected_rules
from ormlint.engine.source import SourceError, read_source
from ormlint.index import INDEX_HINTS, ProjectIndex
from ormlint.index.facts import FileFacts


class EditorProject:
    """Facts of every file, open buffers first; lints and fixes one buffer at a time."""

    def __init__(self, root: Path, config: Config, rules: Sequence[type[Rule]]) -> None:
        self.root = root
        self.config = config
        self.rules = tuple(rules)
        self._disk: dict[str, FileFacts] = {}
        self._buffers: dict[str, FileFacts] = {}
        self._parsed: dict[str, tuple[str, ParsedFile | Finding]] = {}  # open buffers: last text parsed
        self._index: ProjectIndex | None = None

    @classmethod
    def open(cls, workspace: Path) -> tuple["EditorProject", str | None]:
        """The project at ``workspace`` with its configuration; a broken configuration gives the
        defaults and the message that says why."""
        problem = None
        try:
            config_path = find_config(workspace)
            config = load_config(config_path, {r.name: r.options for r in all_rules() if r.options})
        except ConfigError as exc:
            config_path, config, problem = None, Config(), f"{exc}; using the default configuration"
        root = config_path.parent.resolve() if config_path else workspace.resolve()
        config = replace(config, root=str(root))  # fixes read the project's import-sorting settings there
        return cls(root, config, selected_rules(config.select, config.extend_select, config.ignore)), problem

    # -- files -----------------------------------------------------------------------

    def display(self, path: Path) -> str:
        return display_path(path, self.root)

    def is_checked(self, display: str) -> bool:
        """Excluded paths (``.venv/``, ``build/``...) get no diagnostics, even when opened."""
        return not matches_any(display, self.config.exclude + self.config.extend_exclude)

    def scan(self, report: Callable[[int, int], None] | None = None, announce: Callable[[str], None] | None = None,
             skip: Collection[str] = (), known: dict[str, FileFacts] | None = None) -> None:
        """Facts of every Python file under the root; ``report(done, total)`` now and then.
        ``announce(display)`` hears each file before it is read; files in ``skip`` are not
        read; facts in ``known`` (a previous scan's, see :meth:`disk_facts`) are taken as they are."""
        files, _ = discover([self.root], self.config, self.root)
        for number, path in enumerate(files, start=1):
            display = self.display(path)
            if known is not None and display in known:
                self._disk[display] = known[display]
            elif display not in skip:
                if announce is not None:
                    announce(display)
                self._read_from_disk(display, path)
            if report is not None and (number % 50 == 0 or number == len(files)):
                report(number, len(files))
        self._index = None

    def disk_facts(self) -> dict[str, FileFacts]:
        """The facts of the files on disk, as read so far (for ``scan(known=...)``)."""
        return dict(self._disk)

    def _read_from_disk(self, display: str, path: Path) -> None:
        try:
            text = read_source(path, self.config.max_file_bytes)[1].text
        except SourceError:
            self._disk.pop(display, None)
            return
        facts = self._facts(display, text, keep_tree=False)
        if facts is not None:
            self._disk[display] = facts

    def disk_changed(self, path: Path) -> bool:
        """A file changed on disk (a checkout, another tool): True when the index changed."""
        display = self.display(path)
        before = self._disk.get(display)
        if path.is_file() and self.is_checked(display):
            self._read_from_disk(display, path)
        else:
            self._disk.pop(display, None)
        return self._changed(display not in self._buffers and before != self._disk.get(display))

    def update(self, display: str, text: str) -> bool:
        """An open buffer's new text: True when the index changed. A buffer that does not parse
        (mid-edit) keeps the facts it last had, so other files do not flicker."""
        facts = self._facts(display, text, keep_tree=True) if self.is_checked(display) else None
        if facts is None:
            return False
        previous = self._buffers.get(display, self._disk.get(display))
        self._buffers[display] = facts
        return self._changed(facts != previous)

    def close(self, display: str) -> bool:
        """A buffer was closed: the file on disk counts again. True when the index changed."""
        self._parsed.pop(display, None)
        facts = self._buffers.pop(display, None)
        return self._changed(facts is not None and facts != self._disk.get(display))

    def _changed(self, changed: bool) -> bool:
        if changed:
            self._index = None
        return changed

    def _facts(self, display: str, text: str, keep_tree: bool) -> FileFacts | None:
        """The file's facts; None when it does not parse. ``keep_tree``: an open buffer, whose
        tree the next lint reuses (files on disk are not kept: a project holds thousands)."""
        if is_skip_file(text) or not any(hint in text for hint in INDEX_HINTS):
            return FileFacts(display, "")
        parsed = self._parse(display, text) if keep_tree else self._parse_file(display, text)
        if isinstance(parsed, Finding):
            return None
        return facts_of(parsed)

    def _parse(self, display: str, text: str) -> ParsedFile | Finding:
        cached = self._parsed.get(display)
        if cached is not None and cached[0] == text:
            return cached[1]
        parsed = self._parse_file(display, text)
        self._parsed[display] = (text, parsed)
        return parsed

    def _parse_file(self, display: str, text: str) -> ParsedFile | Finding:
        """The engine's parse, behind its pre-check (files too large or too deep for the parser
        become an ORM001 finding and never reach it), with the project's limits."""
        return parse(display, text, path_roles(display, self.config), self.config)

    @property
    def index(self) -> ProjectIndex:
        if self._index is None:
            self._index = ProjectIndex.build({**self._disk, **self._buffers}.values())
        return self._index

    # -- checking ------------------------------------------------------------------------

    def lint(self, display: str, text: str) -> list[Finding]:
        """Findings of a buffer, fixes' edits included, ``noqa`` applied."""
        if not self.is_checked(display) or is_skip_file(text):
            return []
        parsed = self._parse(display, text)
        if isinstance(parsed, Finding):
            selected = is_enabled(parsed.code, parsed.name, self.config.select, self.config.extend_select,
                                  self.config.ignore)
            return suppress([parsed], text) if selected else []
        return lint_parsed(parsed, self.rules, self.index, self.config, fix_edits=True)

    def fix_safe(self, display: str, text: str) -> str:
        """The buffer with every safe fix applied (as ``--fix`` would); unchanged if none apply."""
        parsed = self._parse(display, text)
        if isinstance(parsed, Finding) or not self.is_checked(display):
            return text
        return fix_parsed(parsed, self.rules, self.index, self.config, unsafe=False).text
