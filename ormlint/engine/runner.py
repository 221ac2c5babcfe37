"""One run over many files: discovery results in, findings out.

Files are split into shards, one per worker process. Each worker reads and parses its
files once, returns their index facts, receives the merged :class:`ProjectIndex`, then
runs the rules on the modules it already holds. Facts and results are cached per file.
"""

from __future__ import annotations

import difflib
import hashlib
import multiprocessing
import os
import sys
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

import ormlint
import ormlint.rules
from ormlint import __version__
from ormlint.api import Rule
from ormlint.core.config import Config
from ormlint.core.findings import Finding
from ormlint.engine.cache import STAMP, Cache
from ormlint.engine.contexts import file_roles
from ormlint.engine.discovery import path_roles
from ormlint.engine.lint import (
    ParsedFile,
    fix_parsed,
    lint_parsed,
    parse,
    rules_for_file,
)
from ormlint.engine.noqa import add_noqa, is_skip_file, suppress
from ormlint.engine.progress import ProgressCounter
from ormlint.engine.redact import redact, redact_finding, redact_strings
from ormlint.engine.registry import is_enabled
from ormlint.engine.source import SourceError, SourceText, read_source, write_atomic
from ormlint.index import INDEX_HINTS, ProjectIndex, extract_facts
from ormlint.index.facts import FileFacts


@dataclass(frozen=True)
class Input:
    path: Path | None  # None: the text came from stdin
    display: str
    text: str | None = None  # source given directly (stdin)


@dataclass(frozen=True)
class RunOptions:
    fix: bool = False
    unsafe_fixes: bool = False
    diff: bool = False  # compute fixes, report the diff, write nothing
    add_noqa: bool = False
    jobs: int = 0  # 0: one per CPU
    cache_dir: Path | None = None  # None: neither read nor write a cache
    fix_edits: bool = True  # compute fixes' text edits (json/sarif show them; text output does not)
    checked: frozenset[str] | None = None  # displays to report on; others only feed the index
    progress: ProgressCounter | None = None  # counts each file as its phase starts it


@dataclass
class FileResult:
    display: str
    findings: list[Finding] = field(default_factory=list)
    fixed: list[Finding] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # internal errors: the run exits 2
    unreadable: bool = False  # the file could not be read or decoded (named in problems)
    diff: str = ""
    fixed_text: str | None = None  # for stdin --fix
    noqa_added: int = 0
    digest: str = ""
    cache_key: str = ""


@dataclass
class RunResult:
    findings: list[Finding]
    fixed: list[Finding]
    problems: list[str]
    errors: list[str]
    diffs: list[str]
    files: int
    unreadable: int = 0  # of ``files``
    noqa_added: int = 0
    fixed_text: str | None = None
    index: ProjectIndex | None = None  # what every file was checked against


def _wants_result_cache(options: RunOptions) -> bool:
    return options.cache_dir is not None and not (options.fix or options.diff or options.add_noqa)


class ShardWorker:
    """Holds one shard's parsed modules between the index pass and the rule pass."""

    def __init__(self, inputs: Sequence[Input], config: Config, rules: Sequence[type[Rule]], options: RunOptions,
                 cached_facts: dict[str, tuple[str, FileFacts | None]]) -> None:
        self.inputs = inputs
        self.config = config
        self.rules = rules
        self.options = options
        self.cached_facts = cached_facts
        self.texts: dict[str, SourceText] = {}
        self.parsed: dict[str, ParsedFile | Finding] = {}
        self.results: dict[str, FileResult] = {}

    def index_pass(self) -> list[tuple[str, str, FileFacts | None]]:
        facts_out = []
        for item in self.inputs:
            if self.options.progress:
                self.options.progress.advance("indexing")
            result = FileResult(item.display)
            self.results[item.display] = result
            try:
                facts = self._index_one(item, result)
            except Exception as exc:  # noqa: BLE001 - one file never stops the run
                result.errors.append(_internal(item.display, exc))
                continue
            if facts is not None:
                facts_out.append((item.display, result.digest, facts))
            if self.options.checked is not None and item.display not in self.options.checked:
                self.parsed.pop(item.display, None)  # only feeds the index: its tree is not needed again
        return facts_out

    def _index_one(self, item: Input, result: FileResult) -> FileFacts | None:
        try:
            if item.text is not None:
                source = SourceText(item.text, "utf-8", False)
                data = item.text.encode("utf-8", "surrogatepass")
            else:
                data, source = read_source(item.path)
        except SourceError as exc:
            result.problems.append(f"{item.display}: {exc}")
            result.unreadable = True
            return None
        result.digest = hashlib.sha256(data).hexdigest()
        if is_skip_file(source.text):
            return None
        self.texts[item.display] = source
        cached = self.cached_facts.get(item.display)
        if cached and cached[0] == result.digest:
            return cached[1]
        if not any(hint in source.text for hint in INDEX_HINTS):
            return FileFacts(item.display, "")
        parsed = self._parse(item.display)
        if isinstance(parsed, Finding):
            return FileFacts(item.display, "")
        return redact_strings(extract_facts(parsed.path, parsed.module_name, parsed.module, parsed.imports))

    def _parse(self, display: str) -> ParsedFile | Finding:
        if display not in self.parsed:
            roles = path_roles(display, self.config)
            self.parsed[display] = parse(display, self.texts[display].text, roles)
        return self.parsed[display]

    def rule_pass(self, index: ProjectIndex, cached_results: dict[str, tuple[str, list[Finding]]]) -> list[FileResult]:
        out = []
        for item in self.inputs:
            result = self.results[item.display]
            if self.options.checked is not None and item.display not in self.options.checked:
                continue
            out.append(result)
            if self.options.progress:
                self.options.progress.advance("checking")
            if item.display not in self.texts:
                continue  # unreadable or skip-file
            if _wants_result_cache(self.options) and item.path is not None:  # an editor's buffer is new each time
                result.cache_key = f"{index.digest()}:{self.options.fix_edits}"
                cached = cached_results.get(item.display)
                if cached and cached[0] == result.digest + result.cache_key:
                    result.findings = cached[1]
                    continue
            try:
                self._check_one(item, result, index)
            except Exception as exc:  # noqa: BLE001 - one file never stops the run
                result.errors.append(_internal(item.display, exc))
            self.parsed.pop(item.display, None)
        for result in out:
            _redact_result(result)
        return out

    def _check_one(self, item: Input, result: FileResult, index: ProjectIndex) -> None:
        source = self.texts[item.display]
        roles = path_roles(item.display, self.config)
        if item.display not in self.parsed and not any(
            True for _ in rules_for_file(
                self.rules, item.display, source.text, file_roles(item.display, roles, index, self.config), self.config
            )
        ):
            # No rule can apply: only a syntax error could be reported, and ast finds that cheaply.
            if not (_syntax_selected(self.config) and _may_have_syntax_error(source.text)):
                return
        parsed = self._parse(item.display)
        if isinstance(parsed, Finding):
            if _syntax_selected(self.config):
                result.findings = suppress([parsed], source.text)
            return
        if self.options.fix or self.options.diff:
            outcome = fix_parsed(parsed, self.rules, index, self.config, self.options.unsafe_fixes)
            result.findings, result.fixed = outcome.findings, outcome.fixed
            result.problems.extend(outcome.problems)
            if outcome.text != source.text:
                self._emit_fixed(item, source, outcome.text, result)
        else:
            result.findings = lint_parsed(parsed, self.rules, index, self.config, self.options.fix_edits)
        if self.options.add_noqa and result.findings and item.path is not None:
            text, added = add_noqa(source.text, result.findings)
            if added and not isinstance(parse(item.display, text, roles), Finding):
                write_atomic(item.path, source.encode(text))
                result.noqa_added, result.findings = added, []

    def _emit_fixed(self, item: Input, source: SourceText, new_text: str, result: FileResult) -> None:
        if self.options.diff:
            result.diff = redact("".join(difflib.unified_diff(
                source.text.splitlines(keepends=True), new_text.splitlines(keepends=True),
                fromfile=f"a/{item.display}", tofile=f"b/{item.display}")))
        elif item.path is None:
            result.fixed_text = new_text
        else:
            write_atomic(item.path, source.encode(new_text))


def _redact_result(result: FileResult) -> None:
    """What leaves the worker (reports, diffs, the cache) shows no secret; fixes were applied already."""
    result.findings = [redact_finding(f) for f in result.findings]
    result.fixed = [redact_finding(f) for f in result.fixed]
    result.problems = [redact(p) for p in result.problems]
    result.errors = [redact(e) for e in result.errors]


def _syntax_selected(config: Config) -> bool:
    return is_enabled("ORM001", "syntax-error", config.select, config.extend_select, config.ignore)


def _may_have_syntax_error(text: str) -> bool:
    try:
        compile(text, "<ormlint>", "exec", dont_inherit=True, flags=0x400)  # PyCF_ONLY_AST
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return True
    return False


def _internal(display: str, exc: BaseException) -> str:
    where = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    at = f" (at {Path(where.filename).name}:{where.lineno})" if where else ""
    return f"{display}: internal error: {type(exc).__name__}: {exc}{at}"


# -- orchestration -----------------------------------------------------------------


def _code_digest() -> str:
    """The version plus a hash of ormlint's own sources, so a changed rule never reads a stale cache."""
    digest = hashlib.sha256(__version__.encode())
    for package in (*ormlint.__path__, *ormlint.rules.__path__):
        for path in sorted(Path(package).rglob("*.py")):
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _stamps(inputs: Sequence[Input]) -> dict[str, STAMP]:
    """(size, mtime) of each file read from disk, taken before any is read: a file changed
    after its stamp is read anew next time."""
    stamps = {}
    for item in inputs:
        if item.path is not None:
            try:
                stat = os.stat(item.path)
            except OSError:
                continue
            stamps[item.display] = (stat.st_size, stat.st_mtime_ns)
    return stamps


def _reuse_fresh_facts(inputs: Sequence[Input], cache: Cache, stamps: dict[str, STAMP], options: RunOptions
                       ) -> tuple[list[tuple[str, str, FileFacts | None]], list[Input]]:
    """The cached facts of files that only feed the index (not checked) and are unchanged by
    size and modification time, and the inputs left to read."""
    if options.checked is None:
        return [], list(inputs)
    reused, left = [], []
    for item in inputs:
        cached = None if item.display in options.checked else cache.fresh_facts(item.display, stamps.get(item.display))
        if cached is None:
            left.append(item)
        else:
            reused.append((item.display, *cached))
    return reused, left


def _shards(inputs: Sequence[Input], count: int) -> list[list[Input]]:
    sizes = []
    for item in inputs:
        try:
            size = len(item.text) if item.text is not None else item.path.stat().st_size
        except OSError:
            size = 0
        sizes.append((size, item))
    shards: list[list[Input]] = [[] for _ in range(count)]
    loads = [0] * count
    for size, item in sorted(sizes, key=lambda pair: -pair[0]):
        target = loads.index(min(loads))
        shards[target].append(item)
        loads[target] += size + 1
    return [s for s in shards if s]


def _serve(conn, inputs, config, rules, options, cached_facts) -> None:
    try:
        worker = ShardWorker(inputs, config, rules, options, cached_facts)
        conn.send(worker.index_pass())
        index, cached_results = conn.recv()
        conn.send(worker.rule_pass(index, cached_results))
    except BaseException as exc:  # noqa: BLE001 - report, never hang the parent
        conn.send(exc)
    finally:
        conn.close()


def run(inputs: Sequence[Input], config: Config, rules: Sequence[type[Rule]], options: RunOptions, root: Path) -> RunResult:
    cache = Cache(options.cache_dir, f"{_code_digest()}:{config.digest()}:{','.join(r.code for r in rules)}:{sys.version_info[:2]}")
    stamps = _stamps(inputs)
    reused, inputs = _reuse_fresh_facts(inputs, cache, stamps, options)
    jobs = options.jobs or os.cpu_count() or 1
    jobs = max(1, min(jobs, len(inputs) // 8 or 1))
    shards = _shards(inputs, jobs)
    facts: list[tuple[str, str, FileFacts | None]] = []
    results: list[FileResult] = []
    cached_results = cache.results if _wants_result_cache(options) else {}
    if len(shards) <= 1:
        worker = ShardWorker(inputs, config, rules, options, cache.facts)
        facts = worker.index_pass()
        index = ProjectIndex.build(f for _, _, f in reused + facts if f is not None)
        results = worker.rule_pass(index, cached_results)
    else:
        facts, results, index = _run_parallel(shards, config, rules, options, cache, cached_results, reused)
    facts = reused + facts
    for display, digest, file_facts in facts:
        cache.facts[display] = (digest, file_facts)
        if display in stamps:
            cache.stamps[display] = stamps[display]
    if _wants_result_cache(options):
        for result in results:
            if result.digest and result.cache_key and not result.errors:
                cache.results[result.display] = (result.digest + result.cache_key, result.findings)
    cache.save()
    findings = sorted((f for r in results for f in r.findings), key=Finding.sort_key)
    return RunResult(
        findings=findings,
        fixed=[f for r in results for f in r.fixed],
        problems=cache.warnings + [p for r in results for p in r.problems],
        errors=[e for r in results for e in r.errors],
        diffs=[r.diff for r in sorted(results, key=lambda r: r.display) if r.diff],
        files=len(results),
        unreadable=sum(r.unreadable for r in results),
        noqa_added=sum(r.noqa_added for r in results),
        fixed_text=next((r.fixed_text for r in results if r.fixed_text is not None), None),
        index=index,
    )


def _run_parallel(shards, config, rules, options, cache, cached_results, reused):
    method = "fork" if sys.platform.startswith("linux") else "spawn"
    ctx = multiprocessing.get_context(method)
    workers = []
    for shard in shards:
        parent, child = ctx.Pipe()
        shard_facts = {i.display: cache.facts[i.display] for i in shard if i.display in cache.facts}
        process = ctx.Process(target=_serve, args=(child, shard, config, rules, options, shard_facts), daemon=True)
        process.start()
        child.close()
        workers.append((process, parent, shard))
    facts = []
    for _, conn, _ in workers:
        facts.extend(_receive(conn))
    index = ProjectIndex.build(f for _, _, f in reused + facts if f is not None)
    for _, conn, shard in workers:
        conn.send((index, {i.display: cached_results[i.display] for i in shard if i.display in cached_results}))
    results = []
    for process, conn, _ in workers:
        results.extend(_receive(conn))
        process.join()
    return facts, results, index


def _receive(conn):
    payload = conn.recv()
    if isinstance(payload, BaseException):
        raise payload
    return payload
