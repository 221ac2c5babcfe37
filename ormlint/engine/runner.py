"""One run over many files: discovery results in, findings out.

Files are split into shards, one per worker process. Each worker reads and parses its
files once, returns their index facts, receives the facts it lacks (a forked worker already
holds those the parent had when it started), builds the merged :class:`ProjectIndex`, then
runs the rules on the modules it already holds. Facts and results are cached per file.

Files are always checked in worker processes, one run included, and a worker announces
each file before it starts on it and sends each file's facts and result as soon as they
are done. A worker that dies (a signal, the kernel's OOM killer, an unexpected exception)
costs only the file it was on: the parent reports that file as not checked, with the
reason, and a fresh worker takes over the rest of the shard.
"""

from __future__ import annotations

import difflib
import gc
import hashlib
import multiprocessing
import os
import signal
import sys
import traceback
from dataclasses import dataclass, field, replace
from pathlib import Path
from multiprocessing.connection import wait
from typing import Any, Callable, Iterator, Sequence

import ormlint
import ormlint.rules
from ormlint import __version__
from ormlint.api import Rule
from ormlint.core.config import Config
from ormlint.core.findings import Finding
from ormlint.engine.cache import STAMP, Cache, PackedFacts, pack_facts, unpack_facts
from ormlint.engine.contexts import file_roles
from ormlint.engine.discovery import path_roles
from ormlint.engine.limits import token_count
from ormlint.engine.lint import (
    ParsedFile,
    facts_of,
    foreign_interpreter,
    fix_parsed,
    lint_parsed,
    not_checked,
    parse,
    python2_syntax,
    rules_for_file,
    template_line,
)
from ormlint.engine.noqa import add_noqa, is_skip_file, suppress
from ormlint.engine.progress import ProgressCounter
from ormlint.engine.redact import redact, redact_finding, redact_strings
from ormlint.engine.registry import is_enabled
from ormlint.engine.source import FileTooLarge, SourceError, SourceText, read_source, write_atomic
from ormlint.index import INDEX_HINTS, ProjectIndex
from ormlint.index.facts import FileFacts

# A worker keeps the trees it parsed in the index pass for the rule pass while together they
# have fewer tokens than this; the other files are parsed again. A tree takes 100-180 bytes
# per token (measured), so kept trees stay under about 350 MiB whatever the project's size;
# in real code this is about 9 MB of source.
HELD_TOKENS = 2_000_000
# Parsing a file takes up to about 4.5 KiB per token while it lasts (ormlint.engine.limits):
# before parsing one with more tokens than this the kept trees are released (their files are
# parsed again), so that kept trees and a large parse never add up.
LARGE_TOKENS = 50_000
# A worker allocates millions of tree nodes, none of them in a reference cycle: at Python's default
# thresholds the cyclic collector walked them about 4,000 times over 590 files, a fifth of the
# worker's time (measured). Collected this much less often, the rare cycles are still freed.
WORKER_GC_THRESHOLDS = (50_000, 20, 100)


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


def _wants_result_cache(options: RunOptions) -> bool:
    return options.cache_dir is not None and not (options.fix or options.diff or options.add_noqa)


def _ignore(kind: str, payload: Any) -> None:
    pass


class ShardWorker:
    """Holds one shard's parsed modules between the index pass and the rule pass.

    ``notify(kind, payload)`` hears ``("start", display)`` before each file of each pass,
    then ``("facts", (display, digest, facts))`` or ``("result", FileResult)`` after it.
    """

    def __init__(self, inputs: Sequence[Input], config: Config, rules: Sequence[type[Rule]], options: RunOptions,
                 cached_facts: dict[str, tuple[str, FileFacts | PackedFacts | None]],
                 notify: Callable[[str, Any], None] = _ignore) -> None:
        self.inputs = inputs
        self.config = config
        self.rules = rules
        self.options = options
        self.cached_facts = cached_facts
        self.notify = notify
        self.texts: dict[str, SourceText] = {}
        self.parsed: dict[str, ParsedFile | Finding] = {}
        self.results: dict[str, FileResult] = {}
        self.held_tokens = 0  # of the trees kept from the index pass for the rule pass

    def index_pass(self) -> None:
        for item in self.inputs:
            self.notify("start", item.display)
            result = FileResult(item.display)
            self.results[item.display] = result
            facts = None
            try:
                facts = self._index_one(item, result)
            except (RecursionError, MemoryError) as exc:
                self.parsed[item.display] = not_checked(item.display, _exhausted(exc))
            except Exception as exc:  # noqa: BLE001 - one file never stops the run
                result.errors.append(_internal(item.display, exc))
            self.notify("facts", (item.display, result.digest, facts))

    def _index_one(self, item: Input, result: FileResult) -> FileFacts | None:
        try:
            if item.text is not None:
                source = SourceText(item.text, "utf-8", False)
                data = item.text.encode("utf-8", "surrogatepass")
            else:
                data, source = read_source(item.path, self.config.max_file_bytes)
        except FileTooLarge as exc:
            _report_not_checked(result, str(exc), self.config)
            return None
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
            return unpack_facts(cached[1])
        if not any(hint in source.text for hint in INDEX_HINTS):
            return FileFacts(item.display, "")
        parsed = self._parse(item.display)
        if isinstance(parsed, Finding):
            return FileFacts(item.display, "")
        facts = redact_strings(facts_of(parsed))
        if self.options.checked is not None and item.display not in self.options.checked:
            del self.parsed[item.display]  # only feeds the index: its tree is not needed again
        elif self.held_tokens + parsed.tokens > HELD_TOKENS:
            del self.parsed[item.display]  # over the budget: parsed again in the rule pass
        else:
            self.held_tokens += parsed.tokens
        return facts

    def _parse(self, display: str) -> ParsedFile | Finding:
        if display not in self.parsed:
            text = self.texts[display].text
            if len(text) > LARGE_TOKENS and token_count(text, stop_after=LARGE_TOKENS) > LARGE_TOKENS:
                self._release_trees()
            self.parsed[display] = parse(display, text, path_roles(display, self.config), self.config)
        return self.parsed[display]

    def _release_trees(self) -> None:
        for display in [d for d, parsed in self.parsed.items() if isinstance(parsed, ParsedFile)]:
            del self.parsed[display]
        self.held_tokens = 0

    def rule_pass(self, index: ProjectIndex, cached_results: dict[str, tuple[str, list[Finding]]]) -> None:
        """Files whose tree was kept come first, each released once checked, so that the others
        are parsed again with no kept tree left in memory."""
        for item in sorted(self.inputs, key=lambda i: i.display not in self.parsed):
            result = self.results[item.display]
            if self.options.checked is not None and item.display not in self.options.checked:
                continue
            self.notify("start", item.display)
            if item.display in self.texts:  # else unreadable or skip-file
                self._check_cached(item, result, index, cached_results)
            self.parsed.pop(item.display, None)
            _redact_result(result)
            self.notify("result", result)

    def _check_cached(self, item: Input, result: FileResult, index: ProjectIndex,
                      cached_results: dict[str, tuple[str, list[Finding]]]) -> None:
        if _wants_result_cache(self.options) and item.path is not None:  # an editor's buffer is new each time
            result.cache_key = f"{index.digest()}:{self.options.fix_edits}:{item.display in self.config.open_paths}"
            cached = cached_results.get(item.display)
            if cached and cached[0] == result.digest + result.cache_key:
                result.findings = cached[1]
                return
        try:
            self._check_one(item, result, index)
        except (RecursionError, MemoryError) as exc:
            result.findings = [not_checked(item.display, _exhausted(exc))]
        except Exception as exc:  # noqa: BLE001 - one file never stops the run
            result.errors.append(_internal(item.display, exc))

    def _check_one(self, item: Input, result: FileResult, index: ProjectIndex) -> None:
        source = self.texts[item.display]
        roles = path_roles(item.display, self.config)
        if item.display not in self.parsed and not any(
            True for _ in rules_for_file(
                self.rules, item.display, source.text, file_roles(item.display, roles, index, self.config), self.config,
                index)
        ):
            # No rule can apply: only a syntax error could be reported, and ast finds that cheaply.
            if not (_syntax_selected(self.config) and _may_have_syntax_error(source.text)):
                return
        parsed = self._parse(item.display)
        if isinstance(parsed, Finding):
            template = template_line(source.text, parsed.span.line)
            interpreter = foreign_interpreter(source.text)
            if template is not None:
                result.problems.append(f"{item.display}: a template, not Python (a template tag on line "
                                       f"{template}); not checked")
            elif interpreter is not None:
                result.problems.append(f"{item.display}: a {interpreter} script, not Python (its first line names "
                                       f"{interpreter}); not checked")
            elif python2_syntax(source.text, parsed.message, parsed.span.line) \
                    and item.display not in self.config.open_paths:
                result.problems.append(f"{item.display}:{parsed.span.line}:{parsed.span.column}: Python 2 code "
                                       f"({parsed.message.removeprefix('syntax error: ')}); not checked")
            elif "test" in roles and item.display not in self.config.open_paths:
                # a test's fixture that must not parse (a loader's error path); its own test run shows a real one
                result.problems.append(f"{item.display}:{parsed.span.line}:{parsed.span.column}: {parsed.message} "
                                       "(a test file, not reported as ORM001 unless named); not checked")
            elif _syntax_selected(self.config):
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
            if added and not isinstance(parse(item.display, text, roles, self.config), Finding):
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


def _report_not_checked(result: FileResult, reason: str, config: Config) -> None:
    """A file that was not checked (too large, its worker died) is an ORM001 finding when that
    code is selected, else a problem; either way the reason is named."""
    if _syntax_selected(config):
        result.findings = [not_checked(result.display, reason)]
    else:
        result.problems.append(f"{result.display}: {reason}")


def _may_have_syntax_error(text: str) -> bool:
    try:
        compile(text, "<ormlint>", "exec", dont_inherit=True, flags=0x400)  # PyCF_ONLY_AST
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return True
    return False


def _exhausted(exc: BaseException) -> str:
    what = "memory" if isinstance(exc, MemoryError) else "recursion depth"
    return f"not checked: ran out of {what} ({type(exc).__name__})"


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
                       ) -> tuple[dict[str, tuple[str, FileFacts | None]], list[Input]]:
    """The cached facts of files that only feed the index (not checked) and are unchanged by
    size and modification time, and the inputs left to read."""
    if options.checked is None:
        return {}, list(inputs)
    reused, left = {}, []
    for item in inputs:
        cached = None if item.display in options.checked else cache.fresh_facts(item.display, stamps.get(item.display))
        if cached is None:
            left.append(item)
        else:
            reused[item.display] = cached
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


# The editor's warm process keeps the index of its last run's facts, built and primed between requests
# (:func:`prepare_index`); a worker it forks inherits it and uses it when its facts are the same (an edit
# inside a function usually leaves the file's facts as they were). None: not kept (a plain run).
_kept_index: dict[str, Any] | None = None


def keep_index() -> None:
    """Keep the last run's facts, and build their index when :func:`prepare_index` is called."""
    global _kept_index
    _kept_index = {} if _kept_index is None else _kept_index


def prepare_index() -> None:
    """Build and prime the index of the last run's facts (in the warm process, after it has answered)."""
    if not _kept_index or "index" in _kept_index:
        return
    facts = _kept_index["facts"]
    index = ProjectIndex.build(unpack_facts(f) for _, (_, f) in facts if f is not None)
    index.prime()
    _kept_index["index"] = index


def _inherited_index(facts: dict[str, tuple[str, Any]]) -> ProjectIndex | None:
    """The index the warm process prepared, when built from the same facts as these."""
    kept = _kept_index.get("index") if _kept_index else None
    return kept if kept is not None and _same_facts(_kept_index["facts"], list(facts.items())) else None


def _same_facts(kept: list[tuple[str, tuple[str, Any]]], facts: list[tuple[str, tuple[str, Any]]]) -> bool:
    """The same files in the same order, each file's facts the same object or equal (packed or not)."""
    return len(kept) == len(facts) and all(
        display == shown and (old is new or old == new or (
            type(old) is not type(new) and unpack_facts(old) == unpack_facts(new)))
        for (display, (_, old)), (shown, (_, new)) in zip(kept, facts))


def _serve(conn, inputs, config, rules, options, cached_facts, known_facts, index_payload) -> None:
    """A worker process: the index pass, then (once the parent sends the facts it lacks) the rule
    pass. ``known_facts`` are the project's facts the parent held when it started the worker
    (inherited, not copied, by a forked worker); the parent sends only the others, and the worker
    builds the index from both. A worker taking over a shard in the rule pass is given them from
    the start."""
    gc.set_threshold(*WORKER_GC_THRESHOLDS)
    try:
        worker = ShardWorker(inputs, config, rules, options, cached_facts, lambda kind, payload: conn.send(
            (kind, _packed(payload) if kind == "facts" else payload)))
        worker.index_pass()
        if index_payload is None:
            conn.send(("indexed", None))
            index_payload = _receive_payload(conn)
        new_facts, cached_results = index_payload
        facts = {**known_facts, **new_facts}  # in the parent's order: the index is built as the parent would
        index = _inherited_index(facts) or ProjectIndex.build(unpack_facts(f) for _, f in facts.values()
                                                              if f is not None)
        worker.rule_pass(index, cached_results)
        conn.send(("done", None))
    except BaseException as exc:  # noqa: BLE001 - report, never hang the parent
        try:
            conn.send(("died", f"{type(exc).__name__}: {exc}"))
        except Exception:  # noqa: BLE001 - the parent sees the pipe close instead
            pass
    finally:
        conn.close()


def _packed(payload: tuple) -> tuple:
    """A worker's ``("facts", ...)`` payload with the facts packed: the parent keeps them that way."""
    display, digest, facts = payload
    return display, digest, None if facts is None else pack_facts(facts)


# Files' facts sent to a worker per message: one message of them all would hold a second copy of
# every file's packed facts in the parent while the pipe drains.
PAYLOAD_CHUNK = 256


def _payload_messages(payload: tuple) -> Iterator[tuple]:
    """A rule-pass payload (facts the worker lacks, its cached results) as pipe messages."""
    new_facts, cached_results = payload
    items = list(new_facts.items())
    for start in range(0, len(items), PAYLOAD_CHUNK):
        yield "facts", dict(items[start:start + PAYLOAD_CHUNK])
    yield "results", cached_results


def _receive_payload(conn) -> tuple:
    """The payload :func:`_payload_messages` sent, put back together in its order."""
    new_facts: dict = {}
    while True:
        kind, part = conn.recv()
        if kind == "results":
            return new_facts, part
        new_facts.update(part)


def run(inputs: Sequence[Input], config: Config, rules: Sequence[type[Rule]], options: RunOptions, root: Path) -> RunResult:
    cache_key = f"{_code_digest()}:{config.digest()}:{','.join(r.code for r in rules)}:{sys.version_info[:2]}"
    cache = Cache(options.cache_dir, cache_key)
    stamps = _stamps(inputs)
    reused, inputs = _reuse_fresh_facts(inputs, cache, stamps, options)
    jobs = options.jobs or os.cpu_count() or 1
    jobs = max(1, min(jobs, len(inputs) // 8 or 1))
    cached_results = cache.results if _wants_result_cache(options) else {}
    pool = _Workers(config, rules, options, cache.facts, cached_results)
    pool.facts.update(reused)
    gc.freeze()  # the cached facts: no collection in the parent or a worker walks them (nor copies their pages)
    try:
        pool.run(_shards(inputs, jobs))
    finally:
        gc.unfreeze()
    if _kept_index is not None and not pool.errors:
        facts = list(pool.facts.items())
        if not _same_facts(_kept_index.get("facts", []), facts):
            _kept_index.clear()  # prepare_index() builds the index of these
        _kept_index["facts"] = facts
    # An editor's text is kept under its content's digest (its next run with the same text reuses its facts),
    # not as the file on disk's: without a stamp, that file is read again and compared by digest.
    cache.facts.update(pool.facts)
    for item in inputs:
        if item.path is None:
            cache.stamps.pop(item.display, None)
    cache.stamps.update((display, stamps[display]) for display in pool.facts if display in stamps)
    results = pool.results
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
        errors=[e for r in results for e in r.errors] + pool.errors,
        diffs=[r.diff for r in sorted(results, key=lambda r: r.display) if r.diff],
        files=len(results),
        unreadable=sum(r.unreadable for r in results),
        noqa_added=sum(r.noqa_added for r in results),
        fixed_text=next((r.fixed_text for r in results if r.fixed_text is not None), None),
    )


@dataclass
class _Shard:
    """The parent's view of one worker: its files, the one in progress, those finished."""

    inputs: list[Input]
    process: Any = None
    conn: Any = None
    current: str | None = None
    finished: set[str] = field(default_factory=set)  # in the current pass
    known_facts: dict[str, tuple[str, FileFacts | None]] = field(default_factory=dict)  # given at its start


class _Workers:
    """Runs the shards in worker processes; the parent keeps facts and results only.

    When a worker dies, the file it had announced is reported as not checked and a fresh
    worker takes the rest of the shard: from the index pass on (it re-reads the files; the
    facts already received spare their extraction), or, in the rule pass, for the files
    whose result has not arrived (it is given the facts for the index at once).
    """

    def __init__(self, config, rules, options, cached_facts, cached_results) -> None:
        self.config, self.rules, self.options = config, rules, options
        self.cached_facts = cached_facts
        self.cached_results = cached_results
        self.context = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
        self.facts: dict[str, tuple[str, FileFacts | PackedFacts | None]] = {}  # packed as workers send them
        self.results: list[FileResult] = []
        self.errors: list[str] = []
        self.indexed = False  # the index pass is over: workers are given the facts they lack

    def run(self, shards: list[list[Input]]) -> None:
        workers = [_Shard(list(shard)) for shard in shards]
        try:
            self._run(workers)
        except BaseException:  # an interrupt, a stopped scan: no worker outlives the run
            for worker in workers:
                if worker.process is not None:
                    worker.process.kill()
                    worker.process.join()
            raise

    def _run(self, workers: list[_Shard]) -> None:
        path_roles("", self.config)  # compiles the role globs here, once for every worker forked from this process
        for worker in workers:
            self._start(worker)
        self._pump(workers, "indexed")
        self.indexed = True
        for worker in workers:
            worker.finished = set()
            try:
                for message in _payload_messages(self._index_payload(worker)):
                    worker.conn.send(message)
            except OSError:
                pass  # it died after the index pass: the rule pass below restarts it
        self._pump(workers, "done")
        for worker in workers:
            worker.process.join()

    def _start(self, worker: _Shard) -> None:
        known = {**self.cached_facts, **self.facts}
        facts = {i.display: known[i.display] for i in worker.inputs if i.display in known}
        worker.known_facts = dict(self.facts)
        parent, child = self.context.Pipe()
        worker.process = self.context.Process(
            target=_serve, daemon=True,  # progress is counted here, as messages arrive
            args=(child, worker.inputs, self.config, self.rules, replace(self.options, progress=None), facts,
                  worker.known_facts, self._index_payload(worker) if self.indexed else None))
        worker.process.start()
        child.close()
        worker.conn, worker.current = parent, None

    def _index_payload(self, worker: _Shard) -> tuple:
        """What a worker needs for its rule pass: the facts it was not started with, and the cached
        results of its files."""
        new_facts = {d: facts for d, facts in self.facts.items() if worker.known_facts.get(d) is not facts}
        return new_facts, {i.display: self.cached_results[i.display]
                           for i in worker.inputs if i.display in self.cached_results}

    def _pump(self, workers: list[_Shard], end: str) -> None:
        """Take messages until every worker has sent ``end``, replacing workers that die."""
        busy = {w.conn: w for w in workers}
        while busy:
            for conn in wait(list(busy)):
                worker = busy[conn]
                try:
                    kind, payload = conn.recv()
                except (EOFError, OSError):
                    kind, payload = "died", None
                if kind == "start":
                    worker.current = payload
                    if self.options.progress and payload not in worker.finished:  # a fresh worker re-reads some
                        self.options.progress.advance("indexing" if end == "indexed" else "checking")
                elif kind == "facts" and end == "indexed":
                    display, digest, facts = payload
                    if facts is not None:
                        cached = self.cached_facts.get(display)  # unchanged: the cache's own entry, no new copy
                        self.facts[display] = cached if cached is not None and cached[0] == digest else (digest, facts)
                    worker.finished.add(display)
                elif kind == "result":
                    self.results.append(payload)
                    worker.finished.add(payload.display)
                elif kind == end:
                    del busy[conn]
                elif kind == "died":
                    del busy[conn]
                    if self._replace(worker, payload or death_reason(worker.process), end == "done"):
                        busy[worker.conn] = worker

    def _replace(self, worker: _Shard, reason: str, rule_pass: bool) -> bool:
        """Report the file the dead worker was on; start a fresh one on what is left, if anything."""
        worker.conn.close()
        worker.process.join()
        dead = worker.current if worker.current not in worker.finished else None
        if dead is None:  # it died between files: nothing to blame, nothing safe to retry
            left = [i.display for i in worker.inputs if i.display not in worker.finished]
            self.errors.append(f"a worker process died between files ({reason}); not checked: {', '.join(left)}")
            return False
        result, message = FileResult(dead), died_while_checking(reason)
        if self.options.checked is None or dead in self.options.checked:
            _report_not_checked(result, message, self.config)
        else:  # a file that only feeds the index
            result.problems.append(f"{dead}: {message}")
        self.results.append(result)
        worker.inputs = [i for i in worker.inputs if i.display != dead]
        if rule_pass:
            worker.inputs = [i for i in worker.inputs if i.display not in worker.finished]
        if not worker.inputs:
            return False
        self._start(worker)
        return True


def died_while_checking(reason: str) -> str:
    """The ORM001 message of a file whose worker process died on it."""
    return f"not checked: the worker process died while checking it ({reason})"


def death_reason(process) -> str:
    """Why a worker process ended: the signal that killed it, else its exit status."""
    process.join(5)
    code = process.exitcode
    if code is not None and code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit status {code}"
