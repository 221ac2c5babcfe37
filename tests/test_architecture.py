"""The package's layers import downwards only (the import-linter contracts in pyproject.toml)."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_hold():
    lint_imports = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or shutil.which("lint-imports")
    assert lint_imports, "import-linter is a test dependency: pip install -e '.[test]'"
    proc = subprocess.run([lint_imports, "--config", str(ROOT / "pyproject.toml"), "--no-cache"], cwd=ROOT,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0 broken" in proc.stdout


def test_every_index_extractor_declares_its_hints_to_the_runner():
    """A file is parsed for the index only when it holds one of INDEX_HINTS: an extractor whose
    HINTS are not in that union silently sees only files some other extractor asked for."""
    import importlib
    import pkgutil

    import ormlint.index
    from ormlint.index import INDEX_HINTS

    for module_info in pkgutil.iter_modules(ormlint.index.__path__):
        module = importlib.import_module(f"ormlint.index.{module_info.name}")
        for hint in getattr(module, "HINTS", ()):
            assert hint in INDEX_HINTS, f"ormlint.index.{module_info.name}.HINTS: {hint!r} not in INDEX_HINTS"
