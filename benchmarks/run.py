"""Benchmark ormlint on real code: wall time, peak memory, findings per rule.

    python benchmarks/run.py DIR [--jobs N] [--editor FILE]

DIR is a tree of Python files (a checkout of one or several real Django/SQLAlchemy
projects). The machine is shared and noisy, so besides absolute numbers the script
reports ratios measured in the same run: ormlint's cold run against a plain LibCST parse
of the same files, and the warm (cached) run against the cold one. Every run starts from
an empty cache of its own.

``--editor FILE`` (a path inside DIR) adds the editor's case: FILE's text checked through
``--stdin-filename`` inside DIR, as an editor integration runs it on each save. Its first
run (empty cache; it starts the project's warm process) is compared with the cold check, then
the median of 5 warm runs answered by the warm process, and of 5 with ``--no-daemon``; each of
these 10 checks the buffer after another edit (a comment line added), a second after the last.
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

from ormlint.engine.daemon import stop


def _timed(cmd: list[str], cwd: Path, stdin: bytes | None = None) -> tuple[float, subprocess.CompletedProcess]:
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, input=stdin)
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


def _edited(text: bytes, number: int) -> bytes:
    """The buffer after an edit, a second after the last run (as a person saves): a comment line added at the end."""
    time.sleep(1)
    return text + b"\n# edit %d\n" % number


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--editor", type=Path, help="a file inside DIR for the editor's case")
    args = parser.parse_args()
    target = args.directory.resolve()
    files = list(target.rglob("*.py"))
    lines = sum(p.read_bytes().count(b"\n") for p in files)
    with tempfile.TemporaryDirectory() as workdir:
        cache, first_cache = Path(workdir) / "cache", Path(workdir) / "first"
        check = [sys.executable, "-m", "ormlint", "check", "--format", "json", "--exit-zero", "--jobs", str(args.jobs)]
        parse_time, _ = _timed([sys.executable, "-c", PARSE_ONLY, str(target), str(args.jobs)], target)
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        cold_time, cold = _timed([*check, "--cache-dir", str(cache), "."], target)
        peak_kib = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
        warm_time, warm = _timed([*check, "--cache-dir", str(cache), "."], target)
        if args.editor:
            text = (target / args.editor).read_bytes()
            editor = [*check, "--stdin-filename", str(args.editor), "-"]
            stop(target)
            first_time, _ = _timed([*editor, "--cache-dir", str(first_cache)], target, text)
            _timed([*editor, "--cache-dir", str(cache)], target, text)  # the warm process reads this cache once
            editor_times = sorted(_timed([*editor, "--cache-dir", str(cache)], target, _edited(text, n))[0]
                                  for n in range(5))
            stop(target)
            fresh = [*editor, "--no-daemon", "--cache-dir", str(cache)]
            fresh_times = sorted(_timed(fresh, target, _edited(text, n))[0] for n in range(5))
    if cold.returncode != 0:
        sys.exit(f"ormlint failed ({cold.returncode}):\n{cold.stderr.decode()[-2000:]}")
    findings = json.loads(cold.stdout)
    per_rule = Counter(f"{f['code']} {f['name']}" for f in findings)
    print(f"files {len(files)}  lines {lines}  jobs {args.jobs}")
    print(f"libcst parse only   {parse_time:7.1f} s  ({lines / parse_time:,.0f} lines/s)")
    print(f"ormlint cold        {cold_time:7.1f} s  ({lines / cold_time:,.0f} lines/s)  ratio to parse {cold_time / parse_time:.2f}")
    print(f"ormlint warm cache  {warm_time:7.1f} s  ratio to cold {warm_time / cold_time:.2f}")
    if args.editor:
        print(f"editor first run    {first_time:7.1f} s  ratio to cold {first_time / cold_time:.2f}")
        print(f"editor warm         {editor_times[2]:7.2f} s  median of 5 (min {editor_times[0]:.2f}, "
              f"max {editor_times[-1]:.2f}), answered by the warm process")
        print(f"editor --no-daemon  {fresh_times[2]:7.2f} s  median of 5 (min {fresh_times[0]:.2f}, "
              f"max {fresh_times[-1]:.2f}), a fresh process each time")
    print(f"peak RSS of one process  {peak_kib / 1024:.0f} MiB")
    print(f"findings {len(findings)}")
    for rule, count in per_rule.most_common():
        print(f"  {count:6}  {rule}")
    problems = [line for line in cold.stderr.decode().splitlines() if line.startswith("ormlint:")]
    print(f"messages on stderr: {len(problems)}")
    for line in problems[:20]:
        print("  " + line)
    if json.loads(warm.stdout) != findings:
        sys.exit("warm (cached) run differs from the cold run")


if __name__ == "__main__":
    main()
