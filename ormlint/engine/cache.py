"""The cache of each file's facts and findings between runs, as plain validated JSON.

The file is ``cache.json``: a first line holding a header (format name, format version,
the run's cache key, the sha256 of the rest) and a body of facts and findings encoded by
:class:`ormlint.core.codec.Codec` from their dataclasses, with each file's size and
modification time when its facts were read: a file that is only indexed (an editor's
other files, say) and still has them is not read again. Reading it builds nothing but
those dataclasses; a file that is not exactly what this version writes is discarded with
a warning, and the run goes on without it. No other file is ever read.

By default the cache lives outside the checkout, in the user's cache directory, one
directory per project (named after the project and a hash of its resolved path): a
repository cannot ship a cache that decides its own results.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import shutil
import time
import zlib
from collections.abc import Iterator
from pathlib import Path

import ormlint.core.findings
import ormlint.index.facts
from ormlint.core.codec import Codec, CodecError
from ormlint.core.findings import Finding
from ormlint.core.user_dirs import user_cache_root
from ormlint.index.facts import FileFacts

FORMAT = "ormlint-cache"
FORMAT_VERSION = 3
FILE_NAME = "cache.json"
# What each file's entry holds: (content digest, facts) and (digest + result key, findings).
FACTS = dict[str, tuple[str, FileFacts | None]]
FACTS_ENTRY = tuple[str, tuple[str, FileFacts | None]]
RESULTS = dict[str, tuple[str, list[Finding]]]
# Each file's (size, modification time in ns) when its facts were read, and when the run began.
STAMP = tuple[int, int]
STAMPS = dict[str, STAMP]
# A file modified this close before a run began may change again within the same mtime tick.
RACY_NS = 2_000_000_000
CODEC = Codec(ormlint.index.facts, ormlint.core.findings)
# A file's facts while they wait in the runner's parent process: the cache's own encoding, compressed
# (a few hundred bytes, not the several KiB of their objects), unpacked where they are used.
PackedFacts = bytes
# A long-lived process (the editor's warm process, ormlint.engine.daemon) keeps what it last read
# or wrote of each cache file, by the file's identity, size and modification time: while the file
# stays exactly that, a run starts from it without reading and decoding the file again. With it, the JSON
# text it wrote for each file's facts (display -> (facts object, digest, text)): the next write encodes only the
# facts that changed (an editor's run writes the cache after each edit).
_kept: dict[Path, tuple[tuple[int, int, int], str, tuple, dict[str, tuple[object, str, str]]]] | None = None


# The editor's warm process answers before it writes: a cache its run changed waits here (by its file's
# path) for write_deferred(), while later runs start from the content kept in ``_kept``. None: written at once.
_deferred: dict[Path, "Cache"] | None = None


def keep_loaded() -> None:
    """Keep each cache's content in this process between runs (see ``_kept``)."""
    global _kept
    _kept = {} if _kept is None else _kept


def defer_writes() -> None:
    """Keep each cache's content (:func:`keep_loaded`) and write it only when :func:`write_deferred` is called."""
    global _deferred
    keep_loaded()
    _deferred = {} if _deferred is None else _deferred


def write_deferred() -> None:
    """Write the caches runs changed since the last call, unless another process wrote the file since
    (its content is then as good, and newer)."""
    while _deferred:
        path, cache = _deferred.popitem()
        kept = _kept.get(path) if _kept is not None else None
        if kept is None or kept[0] == _identity(path):
            cache._write()


def _identity(path: Path) -> tuple[int, int, int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_ino, stat.st_size, stat.st_mtime_ns


def pack_facts(facts: FileFacts) -> PackedFacts:
    return zlib.compress(json.dumps(CODEC.encode(facts, FileFacts), separators=(",", ":")).encode(), 1)


def unpack_facts(facts: FileFacts | PackedFacts | None) -> FileFacts | None:
    """The facts themselves, whether packed by :func:`pack_facts` or not."""
    return CODEC.decode(json.loads(zlib.decompress(facts)), FileFacts) if isinstance(facts, bytes) else facts


def default_cache_dir(root: Path) -> Path:
    """The cache directory of the project at ``root``: its name and a hash of its resolved path."""
    resolved = os.path.realpath(root)
    tag = hashlib.sha256(resolved.encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return user_cache_root() / f"{Path(resolved).name or 'root'}-{tag}"


class Cache:
    """Facts and findings of each file from the last run, keyed by content hash."""

    def __init__(self, directory: Path | None, key: str) -> None:
        self.path = directory / FILE_NAME if directory is not None else None
        self.key = key
        self.facts: FACTS = {}
        self.results: RESULTS = {}
        self.stamps: STAMPS = {}
        self.began = time.time_ns()
        self.warnings: list[str] = []
        self._stamped_before = 0  # when the loaded stamps were taken
        self._loaded: tuple[FACTS, RESULTS, STAMPS] | None = None  # what the file holds, while unchanged
        self._texts: dict[str, tuple[object, str, str]] = {}  # see ``_kept``
        if self.path is not None:
            self._load()

    def fresh_facts(self, display: str, stamp: STAMP | None) -> tuple[str, FileFacts | None] | None:
        """The cached (digest, facts) of a file whose size and modification time are still those
        recorded, and were not racy then (modified well before that run began); else None."""
        if stamp is None or self.stamps.get(display) != stamp or stamp[1] >= self._stamped_before - RACY_NS:
            return None
        return self.facts.get(display)

    def _load(self) -> None:
        identity = _identity(self.path) if _kept is not None else None  # taken before reading: never newer
        kept = _kept.get(self.path) if identity is not None else None
        if kept is not None and kept[0] == identity and kept[1] == self.key:
            self._start_from(*kept[2])
            self._texts = kept[3]
            return
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return
        except OSError as exc:
            self._discard(f"cannot read: {exc.strerror or exc}")
            return
        header_line, _, body = data.partition(b"\n")
        try:
            header = json.loads(header_line)
        except (ValueError, RecursionError):
            header = None
        if not isinstance(header, dict) or header.get("format") != FORMAT:
            self._discard("not an ormlint cache")
            return
        if header.get("version") != FORMAT_VERSION or header.get("key") != self.key:
            return  # written by another version or configuration: simply stale
        if header.get("sha256") != hashlib.sha256(body).hexdigest():
            self._discard("content hash does not match")
            return
        collecting = gc.isenabled()
        gc.disable()  # millions of new objects, no cycle: the collector would walk them again and again (half the time)
        try:
            payload = json.loads(body)
            if not isinstance(payload, dict) or set(payload) != {"facts", "results", "stamps", "began"}:
                raise CodecError("expected an object of facts, results, stamps and the run's start")
            facts = CODEC.decode(payload["facts"], FACTS)
            results = CODEC.decode(payload["results"], RESULTS)
            stamps = CODEC.decode(payload["stamps"], STAMPS)
            began = CODEC.decode(payload["began"], int)
        except (ValueError, RecursionError) as exc:  # CodecError is a ValueError, like JSON's errors
            self._discard(f"unexpected content: {exc}")
            return
        finally:
            if collecting:
                gc.enable()
        self._start_from(facts, results, stamps, began)
        if identity is not None:
            _kept[self.path] = (identity, self.key, (facts, results, stamps, began), {})

    def _start_from(self, facts: FACTS, results: RESULTS, stamps: STAMPS, began: int) -> None:
        """Take this content as what the file holds (copies: a run changes its own)."""
        self.facts, self.results, self.stamps, self._stamped_before = dict(facts), dict(results), dict(stamps), began
        self._loaded = (dict(facts), dict(results), dict(stamps))

    def _discard(self, reason: str) -> None:
        self.warnings.append(f"{self.path}: cache ignored: {reason}")

    def save(self) -> None:
        """Write the cache, unless it holds exactly what was loaded (when writes are deferred, keep it to
        write later: the next run starts from this content)."""
        if self.path is None or self._loaded == (self.facts, self.results, self.stamps):
            return
        kept = _kept.get(self.path) if _kept is not None else None
        if _deferred is not None and kept is not None and kept[1] == self.key:
            content = (dict(self.facts), dict(self.results), dict(self.stamps), self.began)
            _kept[self.path] = (kept[0], self.key, content, self._texts)  # still the file's identity: it is unchanged
            _deferred[self.path] = self
            return
        self._write()

    def _write(self) -> None:
        tmp = self.path.with_name(f"{FILE_NAME}.{os.getpid()}.tmp")
        body_tmp = self.path.with_name(f"{FILE_NAME}.{os.getpid()}.body.tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            gitignore = self.path.parent / ".gitignore"
            if not gitignore.exists():
                gitignore.write_text("*\n")  # a --cache-dir inside a checkout is never committed
            digest = hashlib.sha256()
            objects: FACTS = {}  # each file's facts as objects, as the body was written from them
            texts: dict[str, tuple[object, str, str]] = {}
            with open(body_tmp, "wb") as body:
                for chunk in self._body(objects if _kept is not None else None, texts):
                    data = chunk.encode()
                    digest.update(data)
                    body.write(data)
            header = {"format": FORMAT, "version": FORMAT_VERSION, "key": self.key, "sha256": digest.hexdigest()}
            with open(tmp, "wb") as out, open(body_tmp, "rb") as body:
                out.write(json.dumps(header).encode() + b"\n")
                shutil.copyfileobj(body, out)
            identity = _identity(tmp) if _kept is not None else None  # a rename keeps it; another run may write next
            os.replace(tmp, self.path)
            if identity is not None:  # kept as objects, as a read would give them: runs then unpack nothing
                _kept[self.path] = (identity, self.key, (objects, dict(self.results), dict(self.stamps), self.began),
                                    texts)
        except OSError:
            tmp.unlink(missing_ok=True)  # a read-only home or checkout simply runs without a cache
        finally:
            body_tmp.unlink(missing_ok=True)

    def _body(self, objects: FACTS | None, texts: dict[str, tuple[object, str, str]]) -> Iterator[str]:
        """The cache's JSON body in pieces, one file's facts at a time (unpacked one at a time, so
        a tree's facts are never all objects at once, unless ``objects`` is to collect them). ASCII: any
        text, even undecodable bytes kept as surrogates. ``texts`` collects each entry's text; one
        written last time from the same facts object (``self._texts``) is written again as it was."""
        yield '{"facts":['
        for number, (display, (digest, facts)) in enumerate(self.facts.items()):
            known = self._texts.get(display)
            if known is not None and known[0] is facts and known[1] == digest:
                text = known[2]
            else:
                facts = unpack_facts(facts)
                text = json.dumps(CODEC.encode((display, (digest, facts)), FACTS_ENTRY), separators=(",", ":"))
            if objects is not None:
                objects[display] = (digest, facts)
                texts[display] = (facts, digest, text)
            yield ("," if number else "") + text
        yield '],"results":' + json.dumps(CODEC.encode(self.results, RESULTS), separators=(",", ":"))
        yield ',"stamps":' + json.dumps(CODEC.encode(self.stamps, STAMPS), separators=(",", ":"))
        yield f',"began":{self.began}}}'
