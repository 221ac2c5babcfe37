"""The cache: a typed JSON codec for every fact and finding, validated on load; planted files run nothing."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import pickle
import subprocess
import sys
import time
import types
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Optional

import pytest

from n1_models import LIBRARY_MODELS, LIBRARY_VIEWS

import ormlint.core.findings
import ormlint.index.facts
from ormlint.core.codec import Codec, CodecError
from ormlint.engine.cache import CODEC, FACTS, FORMAT, FORMAT_VERSION, RESULTS, Cache, default_cache_dir

# -- the codec ---------------------------------------------------------------------------------------


class _Samples:
    """A value for any hint the codec supports, different from every field's default."""

    def __init__(self) -> None:
        self.counter = 0
        self.building: list[type] = []  # a recursive optional field stops at None

    def __call__(self, hint):
        self.counter += 1
        origin, args = typing.get_origin(hint), typing.get_args(hint)
        if hint is str:
            return f"text-{self.counter}"
        if hint is bool:
            return True
        if hint is int:
            return 1000 + self.counter
        if hint is float:
            return self.counter + 0.5
        if origin is Literal:
            return args[-1]
        if origin is typing.Union or isinstance(hint, types.UnionType):
            chosen = next(a for a in args if a is not type(None))
            return None if chosen in self.building else self(chosen)
        if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
            return (self(args[0]), self(args[0]))
        if origin is tuple:
            return tuple(self(a) for a in args)
        if origin in (frozenset, set):
            return origin({self(args[0]), self(args[0])})
        if origin is list:
            return [self(args[0])]
        if origin is dict:
            return {self(args[0]): self(args[1])}
        if dataclasses.is_dataclass(hint):
            hints = typing.get_type_hints(hint)
            self.building.append(hint)
            value = hint(**{f.name: self(hints[f.name]) for f in dataclasses.fields(hint) if f.init})
            self.building.pop()
            return value
        raise AssertionError(f"no sample for {hint!r}")


def _round_trip(codec: Codec, value, hint):
    return codec.decode(json.loads(json.dumps(codec.encode(value, hint))), hint)


def _dataclasses_of(*modules):
    return [v for m in modules for v in vars(m).values()
            if isinstance(v, type) and dataclasses.is_dataclass(v) and v.__module__ == m.__name__]


FACT_AND_FINDING_CLASSES = _dataclasses_of(ormlint.index.facts, ormlint.core.findings)


@pytest.mark.parametrize("cls", FACT_AND_FINDING_CLASSES, ids=lambda c: c.__name__)
def test_every_fact_and_finding_dataclass_round_trips(cls):
    """Each dataclass of the fact and finding modules, with every field set (nested ones too)."""
    value = _Samples()(cls)
    assert _round_trip(CODEC, value, cls) == value
    assert _round_trip(CODEC, value, cls | None) == value
    assert _round_trip(CODEC, (value, None), tuple[cls | None, ...]) == (value, None)
    required = [f for f in dataclasses.fields(cls) if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING]
    if len(required) < len(dataclasses.fields(cls)):  # the defaults round-trip as well
        minimal = cls(**{f.name: getattr(value, f.name) for f in required})
        assert _round_trip(CODEC, minimal, cls) == minimal


def test_the_modules_hold_the_dataclasses_the_cache_stores():
    names = {c.__name__ for c in FACT_AND_FINDING_CLASSES}
    assert {"FileFacts", "ClassFact", "MigrationOp", "ReturnFact", "Finding", "Fix", "TextEdit"} <= names
    assert set(CODEC.classes) == names


# Shapes the fact modules may grow into: nested optionals, frozensets, unions of dataclasses, maps.
@dataclass(frozen=True)
class Leaf:
    name: str
    weight: float = 0.0


@dataclass(frozen=True)
class OtherLeaf:
    name: str
    tags: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Tree:
    kind: Literal["a", "b"]
    leaves: tuple[Leaf | OtherLeaf, ...]
    maybe: Optional[tuple[tuple[str, int | None], ...]] = None
    groups: frozenset[tuple[str, ...]] = frozenset()
    by_name: dict[str, Leaf] = dataclasses.field(default_factory=dict)
    child: Tree | None = None
    pair: tuple[int, str] = (0, "")
    flags: tuple[bool, ...] = ()


@dataclass(frozen=True)
class SpecialLeaf(Leaf):
    extra: int = 0


LOCAL = Codec(sys.modules[__name__])


def test_nested_shapes_round_trip():
    tree = Tree(
        kind="b",
        leaves=(Leaf("x", 1.5), OtherLeaf("y", frozenset({"t2", "t1"})), SpecialLeaf("z", extra=3)),
        maybe=(("a", None), ("b", 2)),
        groups=frozenset({("p", "q"), ()}),
        by_name={"x": Leaf("x")},
        child=Tree(kind="a", leaves=(), child=None),
        pair=(3, "three"),
        flags=(True, False),
    )
    assert _round_trip(LOCAL, tree, Tree) == tree
    assert type(_round_trip(LOCAL, tree, Tree).leaves[2]) is SpecialLeaf
    # Set order never changes the text (the content hash of the cache depends on it).
    assert json.dumps(LOCAL.encode(frozenset({"b", "a", "c"}), frozenset[str])) == '["a", "b", "c"]'


def test_sample_builder_exercises_every_supported_shape():
    value = _Samples()(Tree)
    assert _round_trip(LOCAL, value, Tree) == value


def _tree(**changes) -> list:
    """A Tree as the codec writes it (an array of its fields in order), with some fields changed."""
    fields = {"kind": "a", "leaves": [], "maybe": None, "groups": [], "by_name": [], "child": None, "pair": [0, ""],
              "flags": []}
    return list({**fields, **changes}.values())


def test_dataclasses_are_arrays_of_their_fields_tagged_only_where_the_hint_needs_it():
    assert LOCAL.encode(Leaf("x", 1.5), Leaf) == ["x", 1.5]
    assert LOCAL.encode(Leaf("x"), Leaf | None) == ["x", 0.0]
    assert LOCAL.encode(SpecialLeaf("x"), Leaf) == {"$type": "SpecialLeaf", "fields": ["x", 0.0, 0]}
    assert LOCAL.encode((Leaf("x"),), tuple[Leaf | OtherLeaf, ...]) == [{"$type": "Leaf", "fields": ["x", 0.0]}]
    assert LOCAL.decode(_tree(), Tree) == Tree(kind="a", leaves=())


@pytest.mark.parametrize("data, hint", [
    ([1, 0.0], Leaf),  # wrong scalar type
    (["x", "heavy"], Leaf),
    (["x", 0.0, "red"], Leaf),  # one field too many
    (["x"], Leaf),  # one missing
    ({"name": "x", "weight": 0.0}, Leaf),  # an object names its class and holds the array
    ("x", Leaf),
    ({"$type": "Popen", "fields": ["x", 0.0]}, Leaf),  # a class the codec does not know
    ({"$type": "OtherLeaf", "fields": ["x", []]}, Leaf),  # known, but not a Leaf
    ({"$type": "Leaf", "fields": ["x", 0.0], "extra": 1}, Leaf),
    ({"$type": "Leaf", "fields": {"name": "x"}}, Leaf),
    (_tree(kind="c"), Tree),  # not one of the literals
    (_tree(leaves=[["x", 0.0]]), Tree),  # a union of classes needs the tag
    (_tree(pair=[1]), Tree),  # fixed tuple of the wrong length
    (_tree(flags=[1]), Tree),  # 1 is no boolean
    (_tree(pair=[True, "x"]), Tree),  # nor is true an integer
    (_tree(leaves={}), Tree),
    (_tree(by_name=[["x"]]), Tree),
])
def test_unexpected_data_is_refused(data, hint):
    with pytest.raises(CodecError):
        LOCAL.decode(data, hint)


def test_a_refusal_names_the_field():
    with pytest.raises(CodecError, match=r"^Leaf\.weight: expected a number, got a string$"):
        LOCAL.decode(["x", "heavy"], Leaf)
    with pytest.raises(CodecError, match=r"^Tree\.pair: expected int, got a boolean$"):
        LOCAL.decode(_tree(pair=[True, "x"]), Tree)


def test_deeply_nested_data_is_refused_not_a_crash():
    data = _tree()
    for _ in range(sys.getrecursionlimit()):
        data = _tree(child=data)
    with pytest.raises(CodecError):
        LOCAL.decode(data, Tree)


# -- the cache file ----------------------------------------------------------------------------------


def _sample_cache(directory: Path, key: str = "k1") -> Cache:
    samples = _Samples()
    cache = Cache(directory, key)
    cache.facts = {"app/models.py": ("d1", samples(ormlint.index.facts.FileFacts)), "app/empty.py": ("d2", None)}
    cache.results = {"app/models.py": ("d1:x", [samples(ormlint.core.findings.Finding)])}
    cache.stamps = {"app/models.py": (120, 1_700_000_000_000_000_000)}
    cache.save()
    return cache


def test_cache_round_trips_and_is_plain_json(tmp_path):
    saved = _sample_cache(tmp_path)
    header, body = (tmp_path / "cache.json").read_bytes().split(b"\n", 1)
    header = json.loads(header)
    assert header == {"format": FORMAT, "version": FORMAT_VERSION, "key": "k1", "sha256": hashlib.sha256(body).hexdigest()}
    json.loads(body)
    loaded = Cache(tmp_path, "k1")
    assert (loaded.facts, loaded.results, loaded.stamps, loaded.warnings) == (saved.facts, saved.results, saved.stamps, [])
    assert loaded.fresh_facts("app/models.py", (120, 1_700_000_000_000_000_000)) == saved.facts["app/models.py"]
    assert loaded.fresh_facts("app/models.py", (121, 1_700_000_000_000_000_000)) is None
    assert loaded.fresh_facts("app/models.py", None) is None
    stale = Cache(tmp_path, "another key")  # another version or configuration: empty, no warning
    assert (stale.facts, stale.results, stale.stamps, stale.warnings) == ({}, {}, {}, [])
    assert Cache(None, "k1").facts == {}


def _rewrite(path: Path, change) -> None:
    header, body = path.read_bytes().split(b"\n", 1)
    header, body = change(json.loads(header), json.loads(body))
    body_bytes = json.dumps(body).encode()
    header["sha256"] = hashlib.sha256(body_bytes).hexdigest()
    path.write_bytes(json.dumps(header).encode() + b"\n" + body_bytes)


@pytest.mark.parametrize("damage, reason", [
    (lambda p: p.write_bytes(b"not json at all"), "not an ormlint cache"),
    (lambda p: p.write_bytes(p.read_bytes()[:-10]), "content hash does not match"),
    (lambda p: p.write_bytes(p.read_bytes().replace(b"text-", b"TEXT-")), "content hash does not match"),
    (lambda p: _rewrite(p, lambda h, b: (h, {**b, "extra": 1})), "unexpected content"),
    (lambda p: _rewrite(p, lambda h, b: (h, {**b, "facts": [["a.py", "d", {"$type": "Finding"}]]})),
     "unexpected content"),
    (lambda p: _rewrite(p, lambda h, b: (h, {**b, "facts": {"a.py": 1}})), "unexpected content"),
    (lambda p: _rewrite(p, lambda h, b: (h, {**b, "stamps": [["a.py", [1, "x"]]]})), "unexpected content"),
    (lambda p: p.write_bytes(pickle.dumps({"key": "k1"})), "not an ormlint cache"),
])
def test_a_damaged_or_forged_cache_is_discarded_with_a_warning(tmp_path, damage, reason):
    _sample_cache(tmp_path)
    damage(tmp_path / "cache.json")
    loaded = Cache(tmp_path, "k1")
    assert (loaded.facts, loaded.results) == ({}, {})
    assert len(loaded.warnings) == 1 and reason in loaded.warnings[0] and "cache.json" in loaded.warnings[0]


def test_default_cache_dir_is_outside_the_project_and_per_project(tmp_path, user_cache):
    first, second = tmp_path / "a" / "shop", tmp_path / "b" / "shop"
    assert default_cache_dir(first).parent == user_cache
    assert default_cache_dir(first).name.startswith("shop-")
    assert default_cache_dir(first) != default_cache_dir(second)


def test_facts_and_results_hints_are_what_the_runner_stores():
    assert FACTS == dict[str, tuple[str, ormlint.index.facts.FileFacts | None]]
    assert RESULTS == dict[str, tuple[str, list[ormlint.core.findings.Finding]]]


# -- planted files: nothing runs ---------------------------------------------------------------------


class _Payload:
    """Unpickling this runs a shell command that creates the marker file."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def test_planted_cache_files_of_every_format_run_nothing(tmp_path, user_cache):
    root = tmp_path / "proj"
    (root / "app").mkdir(parents=True)
    (root / "pyproject.toml").write_text("[tool.ormlint]\nselect = ['ORM501']\n")
    (root / "app" / "models.py").write_text("from django.db import models\n\n\nclass Tag(models.Model):\n    label = models.CharField()\n")
    marker = tmp_path / "pwned"
    payload = pickle.dumps(_Payload(marker))
    pickle_header = json.dumps({"format": FORMAT, "version": FORMAT_VERSION}).encode() + b"\n"
    planted = [root / ".ormlint_cache" / "cache.pickle",  # the name older versions read
               root / ".ormlint_cache" / "cache.json", default_cache_dir(root) / "cache.json",
               default_cache_dir(root) / "cache.pickle"]
    for path in planted:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(payload)
    for args in ([], ["--cache-dir", ".ormlint_cache"]):
        result = subprocess.run([sys.executable, "-m", "ormlint", "check", *args], cwd=root, capture_output=True, text=True)
        assert not marker.exists()
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith("All checks passed")
        assert "cache ignored: not an ormlint cache" in result.stderr and "Traceback" not in result.stderr
    # A header that claims the format, with a pickle for a body: the hash or the decoding refuses it.
    (root / ".ormlint_cache" / "cache.json").write_bytes(pickle_header + payload)
    result = subprocess.run([sys.executable, "-m", "ormlint", "check", "--cache-dir", ".ormlint_cache"], cwd=root,
                            capture_output=True, text=True)
    assert not marker.exists() and result.returncode == 0
    # The runs replaced the planted caches they read with real ones; the others were never touched.
    assert (root / ".ormlint_cache" / "cache.pickle").read_bytes() == payload
    assert (default_cache_dir(root) / "cache.pickle").read_bytes() == payload
    assert json.loads((root / ".ormlint_cache" / "cache.json").read_bytes().split(b"\n", 1)[0])["format"] == FORMAT


def test_ormlint_never_deserialises_with_pickle_marshal_or_shelve():
    """The only way data enters from disk is text and JSON: no module can load a pickle."""
    package = Path(ormlint.__file__).parent
    for path in package.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for forbidden in ("pickle.load", "import marshal", "import shelve", "dill", "jsonpickle", "yaml.load"):
            assert forbidden not in text, f"{path}: {forbidden}"


def test_a_long_lived_process_keeps_a_cache_while_its_file_is_unchanged(tmp_path, monkeypatch):
    """The editor's warm process decodes the cache once: while the file keeps its identity, size and
    modification time a run starts from what was read (a copy: a run changes its own), and what a run
    writes is what the next one starts from; a file changed by another process is read again."""
    saved = _sample_cache(tmp_path)
    monkeypatch.setattr(ormlint.engine.cache, "_deferred", None)
    monkeypatch.setattr(ormlint.engine.cache, "_kept", None)
    ormlint.engine.cache.keep_loaded()
    first = Cache(tmp_path, "k1")
    reads = []
    original = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: reads.append(self) or original(self))
    second = Cache(tmp_path, "k1")
    assert reads == [] and (second.facts, second.results, second.stamps) == (saved.facts, saved.results, saved.stamps)
    second.facts.clear()  # a run's own change, not saved: the next run still starts from the file
    assert Cache(tmp_path, "k1").facts == saved.facts and reads == []
    first.results.clear()
    first.save()  # written by this process: kept as written
    assert Cache(tmp_path, "k1").results == {} and reads == []
    _rewrite(tmp_path / "cache.json", lambda h, b: (h, {**b, "stamps": []}))  # another process's run
    reads.clear()
    assert Cache(tmp_path, "k1").stamps == {} and reads == [tmp_path / "cache.json"]
    assert Cache(tmp_path, "another key").facts == {}  # another version or configuration: stale, as ever


def test_a_long_lived_process_keeps_what_it_wrote_as_objects(tmp_path, monkeypatch):
    """Facts a run's workers sent packed are kept unpacked once written: the next run, started from what
    this process wrote, hands its workers objects, not bytes to unpack again."""
    from ormlint.engine.cache import pack_facts
    monkeypatch.setattr(ormlint.engine.cache, "_deferred", None)
    monkeypatch.setattr(ormlint.engine.cache, "_kept", None)
    ormlint.engine.cache.keep_loaded()
    facts = _Samples()(ormlint.index.facts.FileFacts)
    cache = Cache(tmp_path, "k1")
    cache.facts = {"app/models.py": ("d1", pack_facts(facts))}
    cache.save()
    assert Cache(tmp_path, "k1").facts == {"app/models.py": ("d1", facts)}


def test_a_long_lived_process_encodes_only_the_facts_that_changed(tmp_path, monkeypatch):
    """Writing the cache again after an edit re-encodes only the edited file's facts: the others' text is
    written as it was, and the file reads back as a fresh encoding would give it."""
    from ormlint.engine.cache import FACTS_ENTRY, pack_facts
    monkeypatch.setattr(ormlint.engine.cache, "_kept", None)
    monkeypatch.setattr(ormlint.engine.cache, "_deferred", None)
    ormlint.engine.cache.keep_loaded()
    samples = _Samples()
    facts = samples(ormlint.index.facts.FileFacts)
    edited = dataclasses.replace(facts, module="app.edited")
    cache = Cache(tmp_path, "k1")
    cache.facts = {"app/models.py": ("d1", facts), "app/views.py": ("d2", pack_facts(facts))}
    cache.save()
    encoded = []
    original = CODEC.encode
    monkeypatch.setattr(CODEC, "encode", lambda value, hint: (encoded.append(value[0]) if hint == FACTS_ENTRY else None)
                        or original(value, hint))
    later = Cache(tmp_path, "k1")
    later.facts["app/views.py"] = ("d3", pack_facts(edited))
    later.save()
    assert encoded == ["app/views.py"]
    monkeypatch.setattr(ormlint.engine.cache, "_kept", None)  # read from the file, as another process would
    assert Cache(tmp_path, "k1").facts == {"app/models.py": ("d1", facts), "app/views.py": ("d3", edited)}


def test_deferred_writes_wait_for_the_call_and_yield_to_another_processs_write(tmp_path, monkeypatch):
    """The warm process answers before it writes: a run's changes are kept for the next run at once and
    written by write_deferred(); if another process wrote the file meanwhile, its content stays."""
    from ormlint.engine.cache import defer_writes, write_deferred
    saved = _sample_cache(tmp_path)
    monkeypatch.setattr(ormlint.engine.cache, "_kept", None)
    monkeypatch.setattr(ormlint.engine.cache, "_deferred", None)
    defer_writes()
    on_disk = (tmp_path / "cache.json").read_bytes()
    run = Cache(tmp_path, "k1")
    run.results.clear()
    run.save()
    assert (tmp_path / "cache.json").read_bytes() == on_disk
    assert Cache(tmp_path, "k1").results == {}  # the next run in this process starts from it
    write_deferred()
    assert (tmp_path / "cache.json").read_bytes() != on_disk
    monkeypatch.setattr(ormlint.engine.cache, "_kept", None)
    assert Cache(tmp_path, "k1").results == {} and Cache(tmp_path, "k1").facts == saved.facts
    defer_writes()
    run = Cache(tmp_path, "k1")
    run.stamps.clear()
    run.save()
    _rewrite(tmp_path / "cache.json", lambda h, b: (h, {**b, "results": []}))  # another process's run
    written = (tmp_path / "cache.json").read_bytes()
    write_deferred()
    assert (tmp_path / "cache.json").read_bytes() == written


def test_runs_naming_other_files_share_the_projects_cached_facts(cli, tmp_path):
    """Pre-commit names the staged files, others at each commit: the facts a whole run cached still
    serve, so an unchanged file (same size and modification time) is not read again."""
    root = tmp_path / "proj"
    for rel, text in {"pyproject.toml": "[tool.ormlint]\n", "library/models.py": LIBRARY_MODELS,
                      "app/views.py": LIBRARY_VIEWS, "app/other.py": "x = 1\n"}.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    cached = ("check", "--format", "json", "--cache-dir", str(root / ".cache"))
    time.sleep(2.1)  # a file modified just before a run is read again anyway: make the stamps trustworthy
    first = cli(*cached, "app/other.py", cwd=root)
    assert first.exit_code == 0, first.output
    models = root / "library/models.py"
    stat = models.stat()
    assert len("ForeignKey(Author,") == len("CharField(   'x', ")
    models.write_text(LIBRARY_MODELS.replace("ForeignKey(Author,", "CharField(   'x', "))  # same size and time
    os.utime(models, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    named = json.loads(cli(*cached, "app/views.py", cwd=root).stdout)
    assert [f["code"] for f in named] == ["ORM101"]  # Book.author from the facts cached by the first run
    assert json.loads(cli("check", "--no-cache", "--format", "json", "app/views.py", cwd=root).stdout) == []
