"""Measure ormlint's precision on real projects; the protocol is in docs/precision.md.

    python benchmarks/precision.py run MANIFEST --set dev --out DIR
    python benchmarks/precision.py sample DIR/merged.json --seed N --root PROJECTS --out SAMPLE.md
    python benchmarks/precision.py table SAMPLE.verdicts.json --merged DIR/merged.json

Standard library only; `run` executes the installed `ormlint` command, one process at a time.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path, PurePosixPath

# what stderr says when a run went wrong: a traceback, an internal error, any error (a warning names a file
# that was not checked, such as a syntax error in a test, and is no crash)
CRASH = re.compile(r"^Traceback|internal error|^ormlint: error:", re.IGNORECASE | re.MULTILINE)
VERDICTS = {"true": "true", "noise": "not worth telling", "false": "false"}
PATH_CLASSES = ("migration", "test", "management command", "script", "docs/example", "app")


def path_class(path: str) -> str:
    """Where a finding sits: the first class (in PATH_CLASSES order) whose pattern matches."""
    parts = PurePosixPath(path).parts
    dirs, name = set(parts[:-1]), parts[-1]
    if dirs & {"versions", "alembic"} or any("migration" in d for d in dirs):
        return "migration"
    if (dirs & {"tests", "test", "testing", "unittests", "fixtures", "test_unit", "test_integration"}
            or name.startswith("test_") or name.endswith("_test.py") or name in {"tests.py", "conftest.py"}):
        return "test"
    if "commands" in dirs and "management" in dirs:
        return "management command"
    if dirs & {"scripts", "bin", "tools", "dev"} or name in {"manage.py", "setup.py", "noxfile.py", "fabfile.py"}:
        return "script"
    if dirs & {"docs", "doc", "examples", "example", "docs_src"}:
        return "docs/example"
    return "app"


def markdown_table(header: list[str], rows: list[list[object]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def run(args: argparse.Namespace) -> None:
    projects = [p for p in json.loads(args.manifest.read_text()) if args.set in ("all", p["set"])]
    if not projects:
        raise SystemExit(f"no project of set {args.set!r} in {args.manifest}")
    args.out.mkdir(parents=True, exist_ok=True)
    merged, runs = [], []
    for project in projects:
        name = project["name"]
        cmd = [args.ormlint, "check", "--format", "json", "--exit-zero", "--no-cache", "--jobs", "1", "."]
        start = time.perf_counter()
        proc = subprocess.run(cmd, cwd=project["path"], capture_output=True, text=True)
        seconds = round(time.perf_counter() - start, 1)
        (args.out / f"{name}.json").write_text(proc.stdout)
        (args.out / f"{name}.stderr").write_text(proc.stderr)
        try:
            findings = json.loads(proc.stdout)
        except json.JSONDecodeError:
            findings = None
        crash = [line for line in proc.stderr.splitlines() if CRASH.search(line)]
        runs.append({"name": name, "set": project["set"], "commit": project["commit"], "files": project["files"],
                     "lines": project["lines"], "seconds": seconds, "exit": proc.returncode,
                     "findings": None if findings is None else len(findings),
                     "stderr_lines": len(proc.stderr.splitlines()), "crash": crash[:20]})
        for f in findings or []:
            f = dict(f, project=name, path=f"{name}/{f['path']}")
            f["related"] = [dict(r, path=f"{name}/{r['path']}") for r in f.get("related") or []]
            merged.append(f)
        status = "CRASH" if crash or findings is None or proc.returncode else "ok"
        print(f"{name}: {seconds}s, exit {proc.returncode}, {len(findings or [])} findings, {status}", file=sys.stderr)
    (args.out / "merged.json").write_text(json.dumps(merged, indent=1))
    (args.out / "runs.json").write_text(json.dumps(runs, indent=1))
    report = summary(runs, merged)
    (args.out / "summary.md").write_text(report)
    print(report)


def summary(runs: list[dict], merged: list[dict]) -> str:
    codes = sorted({f["code"] for f in merged})
    count = Counter((f["project"], f["code"]) for f in merged)
    rows = [[r["name"], r["files"], r["lines"], r["seconds"], r["exit"], len(r["crash"]) or "",
             *[count[r["name"], c] or "" for c in codes], r["findings"]] for r in runs]
    rows.append(["**total**", sum(r["files"] for r in runs), sum(r["lines"] for r in runs),
                 round(sum(r["seconds"] for r in runs), 1), "", "",
                 *[sum(count[r["name"], c] for r in runs) for c in codes], len(merged)])
    per_project = markdown_table(["project", "files", "lines", "s", "exit", "crash", *codes, "all"], rows)
    where = Counter((f["code"], path_class(f["path"])) for f in merged)
    totals = Counter(f["code"] for f in merged)
    rows = [[c, totals[c], *[f"{where[c, k] / totals[c]:.0%}" if where[c, k] else "" for k in PATH_CLASSES]]
            for c in codes]
    overall = Counter(path_class(f["path"]) for f in merged)
    rows.append(["**all**", len(merged), *[f"{overall[k] / max(1, len(merged)):.0%}" for k in PATH_CLASSES]])
    by_path = markdown_table(["rule", "findings", *PATH_CLASSES], rows)
    crashes = [f"- {r['name']}: {line}" for r in runs for line in r["crash"]]
    return "\n\n".join(["## Findings per project and rule", per_project,
                        "## Where the findings sit (share per rule)", by_path,
                        "## stderr lines that look like a crash or internal error",
                        "\n".join(crashes) or "none"]) + "\n"


def sample(args: argparse.Namespace) -> None:
    by_rule = defaultdict(list)
    for f in json.loads(args.merged.read_text()):
        by_rule[f["code"]].append(f)
    out = [f"# Sample of `{args.merged}`, seed {args.seed}, up to {args.per_rule} per rule\n"]
    skeleton = []
    for code in sorted(by_rule):
        findings = sorted(by_rule[code], key=lambda f: (f["path"], f["line"], f["column"]))
        picked = random.Random(args.seed).sample(findings, min(args.per_rule, len(findings)))
        out.append(f"## {code} {findings[0]['name']}: {len(findings)} findings, sample {len(picked)}\n")
        for i, f in enumerate(picked, 1):
            fid = f"{code}-{i:02d}"
            skeleton.append({"id": fid, "rule": code, "path": f["path"], "line": f["line"], "verdict": "", "reason": ""})
            out.append(f"### {fid} `{f['path']}:{f['line']}`\n\n{f['message']}\n")
            out += [f"- related: `{r['path']}:{r['line']}` {r.get('message', '')}" for r in f.get("related") or []]
            out.append("```python\n" + context(args.root / f["path"], f["line"], f.get("end_line") or f["line"], args.context) + "\n```\n")
    args.out.write_text("\n".join(out))
    args.out.with_suffix(".verdicts.json").write_text(json.dumps(skeleton, indent=1))
    print(f"wrote {args.out} and {args.out.with_suffix('.verdicts.json')}: {len(skeleton)} findings", file=sys.stderr)


def context(path: Path, line: int, end_line: int, around: int) -> str:
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError as exc:
        return f"(unreadable: {exc})"
    last = min(len(lines), max(line, min(end_line, line + around)) + around)
    return "\n".join(f"{'>' if line <= n <= end_line else ' '}{n:5} {lines[n - 1]}"
                     for n in range(max(1, line - around), last + 1))


def table(args: argparse.Namespace) -> None:
    verdicts = json.loads(args.verdicts.read_text())
    unjudged = [v["id"] for v in verdicts if v.get("verdict") not in VERDICTS]
    if unjudged:
        sys.exit(f"no verdict (true|noise|false) for: {', '.join(unjudged)}")
    totals = Counter(f["code"] for f in json.loads(args.merged.read_text())) if args.merged else Counter()
    by_rule = defaultdict(Counter)
    for v in verdicts:
        by_rule[v["rule"]][v["verdict"]] += 1
    rows = []
    for code in sorted(set(by_rule) | set(totals)):
        c = by_rule[code]
        sampled, judged = sum(c.values()), c["true"] + c["false"]
        precision = c["true"] / judged if judged else None
        noise = c["noise"] / sampled if sampled else None
        goal = "" if totals[code] < 5 or precision is None else (
            "met" if precision >= 0.9 and noise <= 0.2 else "**missed**")
        rows.append([code, totals[code] or "?", sampled, c["true"], c["noise"], c["false"],
                     "–" if precision is None else f"{precision:.2f}", "–" if noise is None else f"{noise:.0%}", goal])
    print(markdown_table(["rule", "findings", "sampled", "true", "not worth telling", "false", "precision",
                          "not worth telling share", "goal"], rows))
    for verdict in ("false", "noise"):
        classes = defaultdict(list)
        for v in verdicts:
            if v["verdict"] == verdict:
                classes[(v["rule"], v["reason"].split(":")[0].strip())].append(v)
        print(f"\n### {VERDICTS[verdict]}: classes\n")
        for (rule, cls), vs in sorted(classes.items()):
            print(f"- {rule} {cls} ({len(vs)}), e.g. {vs[0]['id']}: {vs[0]['reason']}")
        if not classes:
            print("none")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(required=True)
    p = sub.add_parser("run", help="lint each project of a manifest with defaults; merge the JSON")
    p.add_argument("manifest", type=Path, help="JSON list of {name, repo, commit, set, path, files, lines, orms}")
    p.add_argument("--set", default="dev",
                   help="the manifest's set to run (dev, heldout, ... or all; default: dev)")
    p.add_argument("--out", type=Path, required=True, help="directory for per-project JSON/stderr, merged.json, summary.md")
    p.add_argument("--ormlint", default="ormlint", help="the ormlint command (default: the one on PATH)")
    p.set_defaults(func=run)
    p = sub.add_parser("sample", help="seeded sample per rule with source context, as markdown for judges")
    p.add_argument("merged", type=Path, help="merged.json written by `run`")
    p.add_argument("--per-rule", type=int, default=30, help="findings per rule (default: 30)")
    p.add_argument("--seed", type=int, required=True, help="draw a new one for each measurement")
    p.add_argument("--root", type=Path, required=True, help="directory holding the project folders")
    p.add_argument("--out", type=Path, required=True, help="markdown file; a verdict skeleton goes next to it")
    p.add_argument("--context", type=int, default=6, help="source lines shown before and after (default: 6)")
    p.set_defaults(func=sample)
    p = sub.add_parser("table", help="precision table per rule from a verdicts file")
    p.add_argument("verdicts", type=Path, help="JSON list of {id, rule, verdict: true|noise|false, reason: 'class: detail'}")
    p.add_argument("--merged", type=Path, help="merged.json, for the number of findings per rule")
    p.set_defaults(func=table)
    args = parser.parse_args()
    args.func(args)


if __name__ == "__main__":
    main()
