"""The command line: ``ormlint check``, ``ormlint rules``, ``ormlint explain``."""

from __future__ import annotations

import importlib
import json
import os
import sys
from pathlib import Path

import click

from ormlint import __version__
from ormlint.core.config import ConfigError, find_config, load_config, with_overrides
from ormlint.engine.baseline import Baseline, BaselineError
from ormlint.engine.baseline import write_baseline as record_baseline
from ormlint.engine.cache import default_cache_dir
from ormlint.engine.discovery import (
    discover,
    display_path,
    display_paths,
    missing_reason,
    project_root,
)
from ormlint.engine.git import GitError, added_since
from ormlint.engine.progress import TERMINAL_DELAY, ProgressCounter, ProgressDisplay
from ormlint.engine.registry import (
    ENGINE_RULES,
    RuleLoadError,
    all_rules,
    find_rule,
    selected_rules,
    unknown_selectors,
)
from ormlint.engine.report import FORMATS, ReportContext, plural, renderer
from ormlint.engine.runner import Input, RunOptions, run

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _split(values: tuple[str, ...]) -> tuple[str, ...] | None:
    if not values:
        return None
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


def _fail(message: str) -> None:
    click.echo(f"ormlint: error: {message}", err=True)
    sys.exit(EXIT_ERROR)


def _option_specs() -> dict:
    return {rule.name: rule.options for rule in all_rules() if rule.options}


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="ormlint", message="%(prog)s %(version)s")
def main() -> None:
    """ormlint: a static linter for ORM misuse (Django, SQLAlchemy, SQLModel, Peewee, Tortoise, Pony, DB-API)."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--select", multiple=True, help="Rules to enable: codes, code prefixes (ORM3) or names; comma-separated.")
@click.option("--ignore", multiple=True, help="Rules to disable (codes, prefixes or names).")
@click.option("--extend-select", multiple=True, help="Rules to enable on top of the selection.")
@click.option("--format", "output_format", type=click.Choice(list(FORMATS)), default="text", show_default=True,
              help="Output format.")
@click.option("--output-file", "-o", type=click.Path(path_type=Path), help="Write the report to this file.")
@click.option("--fix", is_flag=True, help="Apply safe fixes.")
@click.option("--unsafe-fixes", is_flag=True, help="With --fix or --diff: also apply fixes that need review.")
@click.option("--diff", is_flag=True, help="Print the fixes as a unified diff; write nothing.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when findings remain.")
@click.option("--stdin-filename", help="Read the source from stdin and report it under this path.")
@click.option("--no-daemon", is_flag=True,
              help="With --stdin-filename: neither use nor start the project's warm process (see the README).")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=0, help="Worker processes (0: one per CPU).")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the cache.")
@click.option("--cache-dir", type=click.Path(path_type=Path),
              help="Cache directory (default: one per project in the user's cache directory).")
@click.option("--config", "config_file", type=click.Path(path_type=Path), help="Configuration file to use.")
@click.option("--statistics", is_flag=True, help="Count findings per rule.")
@click.option("--add-noqa", is_flag=True, help="Add '# noqa: CODE' comments to every current finding.")
@click.option("--quiet", "-q", is_flag=True, help="Print findings only, no summary.")
@click.option("--baseline", "baseline_file", type=click.Path(path_type=Path),
              help="Report only findings not recorded in this baseline file.")
@click.option("--write-baseline", type=click.Path(path_type=Path), help="Record the current findings in this file.")
@click.option("--progress/--no-progress", default=None,
              help="Show progress on stderr (default: on a terminal, for runs over 2 s).")
@click.option("--since", metavar="REF",
              help="Migration rules also check the migrations added since this git revision (e.g. origin/main).")
@click.option("--all-migrations", is_flag=True, default=None,
              help="Migration rules check every migration, not only heads/leaves and new ones.")
def check(paths, select, ignore, extend_select, output_format, output_file, fix, unsafe_fixes, diff, exit_zero,
          stdin_filename, no_daemon, jobs, no_cache, cache_dir, config_file, statistics, add_noqa, quiet, baseline_file,
          write_baseline, progress, since, all_migrations) -> None:
    """Check PATHS (default: the current directory) for ORM misuse."""
    del no_daemon  # decided before the command runs (ormlint.engine.daemon.run_warm)
    named = [p for p in paths if str(p) != "-"]
    config_path, root = _project(named, stdin_filename, config_file)
    try:
        config = load_config(config_path, _option_specs())
    except ConfigError as exc:
        _fail(str(exc))
    if not named:
        named = [root if stdin_filename else Path(".")]
    config = with_overrides(config, select=_split(select), ignore=_split(ignore), extend_select=_split(extend_select),
                            root=str(root), since=since, all_migrations=all_migrations)
    unknown = unknown_selectors(config.select + config.extend_select + config.ignore)
    if unknown:
        _fail(f"unknown rule selector(s): {', '.join(unknown)} (see 'ormlint rules')")
    unknown = unknown_selectors(tuple(selector for selector, _ in config.skip_roles))
    if unknown:
        _fail(f"{config.source or 'configuration'}: [tool.ormlint] skip-roles: unknown rule selector(s): "
              f"{', '.join(unknown)} (see 'ormlint rules')")
    rules = selected_rules(config.select, config.extend_select, config.ignore)

    reasons = {p: missing_reason(p) for p in named}
    missing = [f"{p}: {reason}" for p, reason in reasons.items() if reason is not None]
    for problem in missing:  # reported now, the run goes on with the other paths; exit status 2
        click.echo(f"ormlint: error: {problem}", err=True)
    named = [p for p, reason in reasons.items() if reason is None]
    if not named and not stdin_filename:
        sys.exit(EXIT_ERROR)
    files, problems = discover(named, config, root)
    for problem in problems:
        click.echo(f"ormlint: warning: {problem}", err=True)
    config = _open_paths(config, [p for p in named if p.is_file()], root, from_command_line=since is not None)
    inputs = [Input(f, shown) for f, shown in zip(files, display_paths(files, root))]
    checked = None
    if not stdin_filename and all(p.is_file() for p in named) and _is_project(root, config_path):
        # Only some files are named (pre-commit passes the staged ones): the whole project
        # still feeds the index (cached facts make that cheap), but only they are reported.
        checked = frozenset(i.display for i in inputs)
        named_files = {os.path.realpath(f) for f in files}
        project_files, _ = discover([root], config, root)
        rest = [f for f in project_files if os.path.realpath(f) not in named_files]
        inputs += [Input(f, shown) for f, shown in zip(rest, display_paths(rest, root))]
    sources: dict[str, str] = {}
    if stdin_filename:
        stdin_display = display_path(Path(stdin_filename), root)
        text = sys.stdin.buffer.read().decode("utf-8", errors="surrogateescape")
        inputs = [i for i in inputs if i.display != stdin_display] + [Input(None, stdin_display, text)]
        checked = frozenset({stdin_display})
        sources[stdin_display] = text
    counter = ProgressCounter() if progress or (progress is None and sys.stderr.isatty()) else None
    options = RunOptions(fix=fix, unsafe_fixes=unsafe_fixes, diff=diff, add_noqa=add_noqa, jobs=jobs,
                         cache_dir=None if no_cache else cache_dir or default_cache_dir(root), checked=checked,
                         progress=counter,
                         fix_edits=output_format in ("json", "sarif") or fix or diff or add_noqa)
    if counter is None:
        result = run(inputs, config, rules, options, root)
    else:
        totals = {"indexing": len(inputs), "checking": len(checked) if checked is not None else len(inputs)}
        with ProgressDisplay(counter, totals, sys.stderr, interactive=sys.stderr.isatty(),
                             delay=0.0 if progress else TERMINAL_DELAY):
            result = run(inputs, config, rules, options, root)

    for problem in result.problems:
        click.echo(f"ormlint: warning: {problem}", err=True)
    for error in result.errors:
        click.echo(f"ormlint: error: {error}", err=True)
    line_of = ReportContext(root=root, sources=sources).line_of
    if write_baseline:
        try:
            count = record_baseline(write_baseline, result.findings, line_of)
        except BaselineError as exc:
            _fail(str(exc))
        click.echo(f"Wrote {count} finding{'s' if count != 1 else ''} to the baseline {write_baseline}.", err=True)
        sys.exit(EXIT_ERROR if result.errors else EXIT_CLEAN)
    unchanged = None
    baseline_path = baseline_file or (_config_dir(config, root) / config.baseline if config.baseline else None)
    if baseline_path is not None:
        try:
            result.findings, unchanged = Baseline.load(baseline_path).split(result.findings, line_of)
        except BaselineError as exc:
            _fail(str(exc))
    if stdin_filename and fix and not diff:
        sys.stdout.write(result.fixed_text if result.fixed_text is not None else sources[next(iter(checked))])
        _report_to(result, output_format, output_file or "stderr", root, sources, statistics, quiet, unchanged)
    elif diff:
        sys.stdout.write("".join(result.diffs))
        click.echo(f"Would fix {plural(len(result.fixed), 'finding')}.", err=True)
    elif add_noqa:
        click.echo(f"Added {plural(result.noqa_added, 'noqa directive')}.", err=True)
    else:
        _report_to(result, output_format, output_file, root, sources, statistics, quiet, unchanged)
    nothing_read = result.files > 0 and result.unreadable == result.files
    if nothing_read:
        click.echo(f"ormlint: error: 0 of {plural(result.files, 'file')} could be read", err=True)
    elif result.files == 0:
        click.echo("ormlint: warning: no Python files found", err=True)
    if result.errors or missing or nothing_read:
        sys.exit(EXIT_ERROR)
    if exit_zero:
        sys.exit(EXIT_CLEAN)
    if diff:
        sys.exit(EXIT_FINDINGS if result.diffs else EXIT_CLEAN)
    sys.exit(EXIT_FINDINGS if result.findings else EXIT_CLEAN)


def _open_paths(config, named_files: list[Path], root: Path, from_command_line: bool):
    """The configuration with ``open_paths``: the files named on the command line and the files
    added since ``config.since`` (migration rules check them even when they are no longer heads).
    A ``--since`` that git cannot answer is an error; a configured ``since`` only a warning."""
    opened = {display_path(path, root) for path in named_files}
    if config.since and not config.all_migrations:
        try:
            opened |= {display_path(path, root) for path in added_since(config.since, root)}
        except GitError as exc:
            message = f"--since {config.since}: {exc}"
            if from_command_line:
                _fail(message)
            click.echo(f"ormlint: warning: {message}; migration rules check only heads/leaves", err=True)
    return with_overrides(config, open_paths=frozenset(opened))


def _project(named: list[Path], stdin_filename: str | None, config_file: Path | None) -> tuple[Path | None, Path]:
    """The configuration file and the project root.

    They are found from the stdin file when there is one (an editor's working directory says
    nothing of the project), else from the first path; the root is the configuration's
    directory, else (for stdin) the nearest directory with a pyproject.toml, setup.cfg or .git,
    else the working directory.
    """
    anchor = Path(stdin_filename) if stdin_filename else (named[0] if named and named[0].exists() else Path.cwd())
    try:
        if config_file is not None and not config_file.is_file():
            raise ConfigError(f"{config_file}: configuration file not found")
        config_path = config_file or find_config(anchor)
    except ConfigError as exc:
        _fail(str(exc))
    if config_path:
        return config_path, config_path.parent.resolve()
    return None, (project_root(anchor) if stdin_filename else None) or Path.cwd().resolve()


def _config_dir(config, root: Path) -> Path:
    """The directory configured file names are relative to: the configuration file's."""
    return Path(config.source).parent if config.source and Path(config.source).is_file() else root


def _is_project(root: Path, config_path: Path | None) -> bool:
    """A directory it is safe and useful to index whole: configured, or a repository root."""
    return config_path is not None or (root / ".git").exists() or (root / "pyproject.toml").is_file()


def _report_to(result, output_format, output_file, root, sources, statistics, quiet, unchanged) -> None:
    to_terminal = output_file is None and sys.stdout.isatty()
    ctx = ReportContext(root=root, files=result.files, unreadable=result.unreadable, fixed=result.fixed, statistics=statistics, fix_hint=not quiet,
                        color=to_terminal and output_format == "text" and "NO_COLOR" not in os.environ,
                        sources=sources, unchanged=unchanged)
    text = renderer(output_format)(result.findings, ctx)
    if quiet and output_format == "text":
        text = "\n".join(text.rstrip("\n").split("\n")[:-1]) + "\n" if result.findings else ""
    if output_file == "stderr":
        sys.stderr.write(text)
    elif output_file is not None:
        try:
            Path(output_file).write_text(text, encoding="utf-8")
        except OSError as exc:
            _fail(f"{output_file}: cannot write report: {exc.strerror or exc}")
    else:
        sys.stdout.write(text)


@main.command(name="rules")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
def rules_command(output_format: str) -> None:
    """List every rule: code, name, family, severity, ORMs, fixability."""
    rows = [
        {
            "code": r.code, "name": r.name, "family": r.family, "severity": r.severity,
            "orms": list(r.orms), "fixable": r.fix_safety, "summary": r.summary,
            "default": r.default_enabled,
        }
        for r in (*ENGINE_RULES, *all_rules())
    ]
    if output_format == "json":
        click.echo(json.dumps(rows, indent=2))
        return
    for row in rows:
        click.echo(
            f"{row['code']}  {row['name']:<36} {row['family']:<14} {row['severity']:<8} "
            f"fix:{row['fixable']:<7} {', '.join(row['orms'])}" + ("" if row["default"] else "  (off by default)")
        )


@main.command()
@click.argument("rule")
def explain(rule: str) -> None:
    """Show the documentation of a rule, by CODE or NAME."""
    found = find_rule(rule)
    if found is None:
        _fail(f"unknown rule '{rule}' (see 'ormlint rules')")
    header = f"{found.code} {found.name}"
    click.echo(header)
    click.echo("=" * len(header))
    click.echo(found.summary)
    click.echo()
    click.echo(f"Family: {found.family}    Severity: {found.severity}    Fix: {found.fix_safety}")
    if not found.default_enabled:
        click.echo(f"Off by default: select it by code or name (--select {found.code}).")
    if found.orms:
        click.echo(f"ORMs: {', '.join(found.orms)}")
    if found.options:
        click.echo("Options ([tool.ormlint.%s]):" % found.name)
        for key, opt in found.options.items():
            click.echo(f"  {key} = {opt.default!r}  # {opt.help}")
    click.echo()
    click.echo(_terminal_doc(found.doc()))


def _terminal_doc(doc: str) -> str:
    """A rule's Markdown docstring for a terminal: ``## Heading`` becomes an underlined title."""
    lines = []
    for line in doc.splitlines():
        if line.startswith("## "):
            title = line[3:].strip()
            lines += [title, "-" * len(title)]
        else:
            lines.append(line)
    return "\n".join(lines)


@main.command()
def server() -> None:
    """Run the language server on stdin/stdout, for editors (needs the 'server' extra)."""
    try:  # pygls is optional: import the server only when it is asked for
        module = importlib.import_module("ormlint.engine.server")
    except ImportError as exc:
        _fail(f"'ormlint server' needs pygls and lsprotocol: pip install 'ormlint[server]' ({exc})")
    module.serve()


def run_main(argv: list[str] | None = None) -> None:
    """Run the command line (``argv``, default: this process's arguments); internal errors become
    exit code 2 with a one-line message."""
    try:
        main(args=argv, prog_name="ormlint")
    except RuleLoadError as exc:
        _fail(f"internal error: {exc}")


if __name__ == "__main__":  # pragma: no cover
    run_main()
