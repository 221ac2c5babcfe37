"""Benchmark ormlint on real code: wall time, peak memory, findings per rule.

    python benchmarks/run.py DIR [--jobs N]

DIR is a tree of Python files (``../shared/tools/real-code.sh DEST`` unpacks about
1.08M lines of real Django/SQLAlchemy projects; use DEST/src). The machine is shared
and noisy, so besides absolute numbers the script reports ratios measured in the same
run: ormlint's cold run against a plain LibCST parse of the same files, and the warm
(cached) run against the cold one.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path


def _timed(cmd: list[str], cwd: Path) -> tuple[float, subprocess.CompletedProcess]:
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    return time.perf_counter() - start, proc


PARSE_ONLY = """
import sys, pathlib, libcst
from concurrent.futures import ProcessPoolExecutor
def parse(p):
    try:
        libcst.parse_module(pathlib.Path(p).read_bytes())
    except Exception:
        pass
files = [str(p) for p in pathlib.Path(sys.argv[1]).rglob('*.py')]
with ProcessPoolExecutor(int(sys.argv[2])) as pool:
    list(pool.map(parse, files, chunksize=16))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    target = args.directory.resolve()
    files = list(target.rglob("*.py"))
    lines = sum(p.read_bytes().count(b"\n") for p in files)
    ormlint = [sys.executable, "-m", "ormlint", "check", "--format", "json", "--exit-zero", "--jobs", str(args.jobs), str(target)]
    with tempfile.TemporaryDirectory() as workdir:
        cwd = Path(workdir)
        parse_time, _ = _timed([sys.executable, "-c", PARSE_ONLY, str(target), str(args.jobs)], cwd)
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        cold_time, cold = _timed(ormlint, cwd)
        peak_kib = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
        warm_time, warm = _timed(ormlint, cwd)
    if cold.returncode != 0:
        sys.exit(f"ormlint failed ({cold.returncode}):\n{cold.stderr[-2000:]}")
    findings = json.loads(cold.stdout)
    per_rule = Counter(f"{f['code']} {f['name']}" for f in findings)
    print(f"files {len(files)}  lines {lines}  jobs {args.jobs}")
    print(f"libcst parse only   {parse_time:7.1f} s  ({lines / parse_time:,.0f} lines/s)")
    print(f"ormlint cold        {cold_time:7.1f} s  ({lines / cold_time:,.0f} lines/s)  ratio to parse {cold_time / parse_time:.2f}")
    print(f"ormlint warm cache  {warm_time:7.1f} s  ratio to cold {warm_time / cold_time:.2f}")
    print(f"peak RSS of one process  {peak_kib / 1024:.0f} MiB")
    print(f"findings {len(findings)}")
    for rule, count in per_rule.most_common():
        print(f"  {count:6}  {rule}")
    problems = [line for line in cold.stderr.splitlines() if line.startswith("ormlint:")]
    print(f"messages on stderr: {len(problems)}")
    for line in problems[:20]:
        print("  " + line)
    if json.loads(warm.stdout) != findings:
        sys.exit("warm (cached) run differs from the cold run")


if __name__ == "__main__":
    main()
