"""Shared fixtures: the official SARIF schema, running the CLI in a project directory; Hypothesis profiles."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, settings
from hypothesis.configuration import set_hypothesis_home_dir
from pg_cluster import Cluster, cluster, find_bin_dir

from ormlint.engine.cli import main

# shared/ lies beside the checkout (or a worktree's parent directory): the nearest one upwards.
_SCHEMA = "shared/schemas/sarif-schema-2.1.0.json"
SARIF_SCHEMA = next((d / _SCHEMA for d in Path(__file__).parents if (d / _SCHEMA).is_file()), Path(__file__).parents[2] / _SCHEMA)
FIXTURES = Path(__file__).parents[1] / "fixtures"

# Generated programs (tests/test_fuzz.py): a few per test in the suite, thousands with
# --hypothesis-profile=fuzz. Examples vary in size, so no deadline. Failing examples are kept
# with Hypothesis's other files outside the repository (ORMLINT_HYPOTHESIS_HOME, default: in
# the system's temporary directory).
set_hypothesis_home_dir(os.environ.get("ORMLINT_HYPOTHESIS_HOME", Path(tempfile.gettempdir()) / "ormlint-hypothesis"))
# hypothesmith discards the programs it generates that do not compile, which Hypothesis counts as
# filtering: not a sign of a weak strategy here.
_GENERATED = {"deadline": None,
              "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]}
settings.register_profile("suite", max_examples=40, **_GENERATED)
settings.register_profile("fuzz", max_examples=int(os.environ.get("ORMLINT_FUZZ_EXAMPLES", "5000")), **_GENERATED)
settings.load_profile("suite")


@pytest.fixture(scope="session")
def sarif_validator():
    """A validator for the official SARIF 2.1.0 schema (kept outside the repository)."""
    jsonschema = pytest.importorskip("jsonschema")
    if not SARIF_SCHEMA.is_file():
        pytest.skip(f"the official SARIF schema is not available at {SARIF_SCHEMA}")
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    return jsonschema.Draft4Validator(schema)


@pytest.fixture(autouse=True)
def user_cache(tmp_path_factory, monkeypatch) -> Path:
    """Every test (and every ormlint it starts) gets its own empty user cache directory, and no
    editor run starts a warm process (tests/test_daemon.py turns that back on)."""
    home = tmp_path_factory.mktemp("user-cache")
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    monkeypatch.setenv("ORMLINT_NO_DAEMON", "1")
    return home / "ormlint"


@pytest.fixture
def cli(monkeypatch):
    """Run ``ormlint ARGS`` in-process from a directory (default: the current one)."""

    def invoke(*args: str, cwd: Path | None = None, input: str | bytes | None = None) -> Result:
        if cwd is not None:
            monkeypatch.chdir(cwd)
        return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)

    return invoke


@pytest.fixture
def fixture_copy(tmp_path):
    """A copy of a demo project from fixtures/ (or of all of them: ".") in tmp_path."""

    def copy(name: str) -> Path:
        target = tmp_path / "fixtures" / name
        shutil.copytree(FIXTURES / name, target, ignore=shutil.ignore_patterns("__pycache__", ".ormlint_cache"))
        return target

    return copy


@pytest.fixture(scope="session")
def postgres() -> Cluster:
    """A throwaway PostgreSQL cluster for the session: skipped when initdb/pg_ctl are not installed,
    unless ``ORMLINT_REQUIRE_POSTGRES`` is set (``.ci/run`` sets it: there the tests must run)."""
    bin_dir = find_bin_dir()
    if bin_dir is None:
        message = "PostgreSQL server binaries (initdb, pg_ctl) are not installed (PATH, $PG_BIN, /usr/lib/postgresql)"
        if os.environ.get("ORMLINT_REQUIRE_POSTGRES"):
            pytest.fail(message)
        pytest.skip(message)
    with cluster(bin_dir) as running:
        yield running
