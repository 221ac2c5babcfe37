"""Peak memory of ormlint: of one file against its size, and of a run over a tree.

    python benchmarks/memory.py files [--tokens 50000,100000,200000] [--real FILE] [--fix]
    python benchmarks/memory.py limits [--real FILE]      # every shape just under the default limits
    python benchmarks/memory.py tree DIR [--jobs N] [--copies K] [--select CODES]

``files`` generates files of each shape (dense assignments, a one-line data literal,
comprehensions, blank lines, comments, ...; ``--real`` adds a real file repeated) with the
given number of tokens, limits switched off, and checks each alone. ``limits`` does the same
at the default ``max-file-tokens`` (and a single string at ``max-file-bytes``), with the
default configuration: the peak a single file can reach. ``tree`` checks a directory
(``--copies K``: K copies of it side by side in a temporary directory; ``--select ORM001``
parses and indexes every file but runs no rule: the parent's share, at a fraction of the time).

Each measurement runs ``ormlint check`` in a child process: its own peak (``RUSAGE_SELF``)
is the parent's, its children's (``RUSAGE_CHILDREN``) the largest worker's. Tokens are
counted as the pre-check counts them (ormlint.engine.limits.token_count).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ormlint.core.config import DEFAULT_MAX_FILE_BYTES, DEFAULT_MAX_FILE_TOKENS
from ormlint.engine.limits import token_count

# Runs ormlint in this process and prints its own peak and its workers' on exit.
PARENT = """
import atexit, json, resource, sys
def report():
    print(json.dumps({"parent_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                      "worker_kib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}), file=sys.stderr)
atexit.register(report)
from ormlint.engine.cli import run_main
sys.argv = ["ormlint", *sys.argv[1:]]
run_main()
"""

UNLIMITED = "[tool.ormlint]\nmax-file-bytes = 1_000_000_000\nmax-file-tokens = 1_000_000_000\n"

# shape -> (text before the repeated unit, the unit, text after)
SHAPES = {
    "x = 1": ("", "x = 1\n", ""),
    "pass": ("", "pass\n", ""),
    "names": ("", "a\n", ""),
    "semicolons": ("", "a; a; a; a; a; a; a; a; a; a\n", ""),
    "list literal": ("DATA = [", "1,", "]\n"),
    "dict literal": ("DATA = {\n", "    'key': {'a': 1, 'b': [1, 2], 'c': None},\n", "}\n"),
    "comprehension": ("", "x = [f(a.b, -1) for a in b]\n", ""),
    "calls": ("", "f(a, b=c, *d, **e)\n", ""),
    "parentheses": ("", "x = ((((((((1))))))))\n", ""),
    "decorated": ("", "@d\ndef f(): pass\n", ""),
    "nested blocks": ("", "if a:\n    if b:\n        if c:\n            x\n", ""),
    "strings": ("", "x = 'abcdefghijklmnopqrstuvwxyz0123456789'\n", ""),
    "blank lines": ("", "\n", ""),
    "comments": ("", "# a comment line here\n", ""),
}


def make(head: str, unit: str, tail: str, tokens: int) -> str:
    """The shape with as many units as fit in ``tokens`` tokens (counts add up: units end cleanly)."""
    per_unit = token_count(unit)
    return head + unit * max(1, (tokens - token_count(head + tail)) // per_unit) + tail


def check(paths: list[str], cwd: Path, *args: str, jobs: int = 1) -> tuple[float, dict, subprocess.CompletedProcess]:
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", PARENT, "check", "--no-cache", "--exit-zero", "--format", "json",
                           "--jobs", str(jobs), *args, *paths], cwd=cwd, capture_output=True, text=True)
    peaks = json.loads(proc.stderr.strip().splitlines()[-1])
    return time.perf_counter() - start, peaks, proc


def measure(name: str, text: str, config: str, fix: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.py"
        path.write_text(text)
        (Path(tmp) / "pyproject.toml").write_text(config)
        seconds, peaks, proc = check([str(path)], Path(tmp), *(["--fix", "--unsafe-fixes"] if fix else []))
    refused = [f["message"] for f in json.loads(proc.stdout or "[]") if f["code"] == "ORM001"]
    peak = max(peaks["parent_kib"], peaks["worker_kib"]) / 1024
    tokens = token_count(text)
    print(f"{name:<14} {len(text.encode()):>11,} {text.count(chr(10)):>9,} {tokens:>9,} {peak:>9,.0f} {seconds:>6.1f} "
          f"{peak * 1024 * 1024 / tokens:>8,.0f}  {refused[0] if refused else ''}", flush=True)


HEADER = f"{'shape':<14} {'bytes':>11} {'lines':>9} {'tokens':>9} {'peak MiB':>9} {'s':>6} {'B/token':>8}"


def files(token_sizes: list[int], real: Path | None, fix: bool) -> None:
    shapes = dict(SHAPES)
    if real is not None:
        shapes[f"real: {real.name}"[:14]] = ("", real.read_text(), "")
    print(HEADER)
    for tokens in token_sizes:
        for name, (head, unit, tail) in shapes.items():
            measure(name, make(head, unit, tail, tokens), UNLIMITED, fix)


def limits(real: Path | None) -> None:
    """Every shape just under the default token limit, and one string just under the byte limit."""
    shapes = dict(SHAPES)
    if real is not None:
        shapes[f"real: {real.name}"[:14]] = ("", real.read_text(), "")
    print(HEADER)
    for name, (head, unit, tail) in shapes.items():
        measure(name, make(head, unit, tail, DEFAULT_MAX_FILE_TOKENS), "", fix=True)
    measure("one string", "x = '" + "a" * (DEFAULT_MAX_FILE_BYTES - 16) + "'\n", "", fix=True)


def tree(directory: Path, jobs: int, copies: int, select: str | None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        target = directory.resolve()
        if copies > 1:
            target = Path(tmp) / "tree"
            for number in range(copies):
                shutil.copytree(directory, target / f"copy{number}", ignore=shutil.ignore_patterns(".*"))
        count = sum(1 for _ in target.rglob("*.py"))
        seconds, peaks, proc = check([str(target)], Path(tmp), *(["--select", select] if select else []), jobs=jobs)
    findings = json.loads(proc.stdout)
    print(f"files {count:,}  jobs {jobs}  select {select or 'default'}  {seconds:.0f} s  findings {len(findings):,}")
    print(f"parent peak RSS  {peaks['parent_kib'] / 1024:,.0f} MiB")
    print(f"largest worker   {peaks['worker_kib'] / 1024:,.0f} MiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    files_parser = sub.add_parser("files")
    files_parser.add_argument("--tokens", default="50000,100000,200000")
    files_parser.add_argument("--real", type=Path)
    files_parser.add_argument("--fix", action="store_true", help="check with --fix --unsafe-fixes")
    limits_parser = sub.add_parser("limits")
    limits_parser.add_argument("--real", type=Path)
    tree_parser = sub.add_parser("tree")
    tree_parser.add_argument("directory", type=Path)
    tree_parser.add_argument("--jobs", type=int, default=2)
    tree_parser.add_argument("--copies", type=int, default=1)
    tree_parser.add_argument("--select", help="rules to run (default: the configuration's)")
    args = parser.parse_args()
    if args.command == "files":
        files([int(n) for n in args.tokens.split(",")], args.real, args.fix)
    elif args.command == "limits":
        limits(args.real)
    else:
        tree(args.directory, args.jobs, args.copies, args.select)


if __name__ == "__main__":
    main()
