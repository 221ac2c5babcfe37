"""End to end through the command line, on small projects written into tmp_path.

The findings come from ORM501 float-money (a float column for money, reported at the
line holding the float type) and ORM502 schema-sync-in-production (reported at the call),
plus the engine's ORM001 syntax-error.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import libcst as cst
import pytest

from n1_models import LIBRARY_MODELS, LIBRARY_VIEWS
from ormlint import __version__
from ormlint.engine.registry import all_rules, is_enabled, selected_rules

MODELS = """\
from django.db import models


class Product(models.Model):
    name = models.CharField(max_length=100)
    price = models.FloatField()
    weight_kg = models.FloatField(default=0.0)
"""
MAIN = """\
from sqlmodel import SQLModel, create_engine

engine = create_engine("sqlite:///app.db")
SQLModel.metadata.create_all(engine)
"""
CLEAN = """\
from django.db import models


class Tag(models.Model):
    label = models.CharField(max_length=30)
"""
BROKEN = "x = 1\ndef broken(:\n    pass\n"
SYNC_CALL = "SQLModel.metadata.create_all(engine)"
needs_rules = pytest.mark.skipif(
    not {"ORM501", "ORM502"} <= {r.code for r in all_rules()}, reason="needs the rules ORM501 and ORM502"
)


# The rules under test only: what other rules think of these snippets is their own tests' business.
CONFIG = "[tool.ormlint]\nselect = ['ORM001', 'ORM501', 'ORM502']\n"


def write(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write files (dedented) under root; a new project gets CONFIG as its pyproject.toml."""
    if not (root / "pyproject.toml").exists() and "pyproject.toml" not in files:
        files = {"pyproject.toml": CONFIG, **files}
    for rel, content in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(textwrap.dedent(content), encoding="utf-8")
    return root


@pytest.fixture
def project(tmp_path) -> Path:
    """One ORM501 finding (shop/models.py:6) and one ORM502 finding (app/main.py:4)."""
    return write(tmp_path / "proj", {"shop/models.py": MODELS, "app/main.py": MAIN, "shop/tags.py": CLEAN})


def findings(result) -> list[tuple[str, str, int]]:
    return [(f["code"], f["path"], f["line"]) for f in json.loads(result.stdout)]


def check_json(cli, root: Path, *args: str):
    result = cli("check", "--no-cache", "--format", "json", *args, cwd=root)
    assert result.exit_code in (0, 1), result.output
    return findings(result)


EXPECTED = [("ORM502", "app/main.py", 4), ("ORM501", "shop/models.py", 6)]


# -- commands ---------------------------------------------------------------------------


def test_version():
    out = subprocess.run([sys.executable, "-m", "ormlint", "--version"], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == f"ormlint {__version__}"


@needs_rules
def test_without_pygls_the_command_says_which_extra_to_install():
    hide_pygls = "import sys; sys.modules['pygls'] = None; from ormlint.engine.cli import run_main; run_main()"
    out = subprocess.run([sys.executable, "-c", hide_pygls, "server"], capture_output=True, text=True)
    assert out.returncode == 2
    assert "'ormlint server' needs pygls and lsprotocol: pip install 'ormlint[server]'" in out.stderr


def test_rules_text_and_json(cli):
    text = cli("rules")
    assert text.exit_code == 0
    rows = json.loads(cli("rules", "--format", "json").stdout)
    assert [r["code"] for r in rows] == ["ORM001"] + [r.code for r in all_rules()]
    by_code = {r["code"]: r for r in rows}
    assert by_code["ORM501"]["name"] == "float-money" and by_code["ORM501"]["fixable"] == "unsafe"
    assert by_code["ORM502"]["name"] == "schema-sync-in-production"
    for row in rows:
        assert set(row) >= {"code", "name", "family", "severity", "orms", "fixable"}
        assert row["code"] in text.stdout and row["name"] in text.stdout


@needs_rules
def test_explain_by_code_and_by_name(cli):
    by_code = cli("explain", "ORM501")
    by_name = cli("explain", "float-money")
    assert by_code.exit_code == by_name.exit_code == 0
    assert by_code.stdout == by_name.stdout
    for part in ("What it does", "Why is this bad?", "Example", "Use instead", "Fix safety", "Options", "References"):
        assert f"\n{part}\n{'-' * len(part)}\n" in by_code.stdout  # an underlined title, not Markdown's ##
    assert "ORM501 float-money" in by_code.stdout and "## " not in by_code.stdout
    assert "```python" in by_code.stdout and "- `extra-money-names`" in by_code.stdout


@pytest.mark.parametrize("code", ["ORM001", *(r.code for r in all_rules())])
def test_explain_every_code_the_tool_can_emit(cli, code):
    result = cli("explain", code)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"{code} ")
    for part in ("What it does", "Why is this bad", "Example", "Use instead", "Fix safety"):
        assert part in result.stdout
    name = result.stdout.split()[1]
    assert cli("explain", name).stdout == result.stdout


def test_explain_unknown_rule(cli):
    result = cli("explain", "ORM999")
    assert result.exit_code == 2
    assert "unknown rule 'ORM999'" in result.stderr


# -- exit codes and formats ---------------------------------------------------------------


def test_engine_alone_every_format_and_exit_code(cli, tmp_path, sarif_validator):
    """ORM001 needs no rule: the outputs and exit codes hold on a tree with only a syntax error."""
    root = write(tmp_path, {"pyproject.toml": "[tool.ormlint]\nselect = ['ORM001']\n", "app/broken.py": BROKEN,
                            "app/ok.py": "x = 1\n"})
    text = cli("check", "--no-cache", cwd=root)
    assert text.exit_code == 1
    assert text.stdout.startswith("app/broken.py:2:12: ORM001 syntax error: invalid syntax\n    2 | def broken(:\n")
    assert "Found 1 finding in 2 files checked." in text.stdout
    sarif_log = json.loads(cli("check", "--no-cache", "--format", "sarif", cwd=root).stdout)
    sarif_validator.validate(sarif_log)
    [result] = sarif_log["runs"][0]["results"]
    assert result["ruleId"] == "ORM001" and result["locations"][0]["physicalLocation"]["region"]["startLine"] == 2
    assert findings(cli("check", "--no-cache", "--format", "json", cwd=root)) == [("ORM001", "app/broken.py", 2)]
    assert cli("check", "--no-cache", "--format", "github", cwd=root).stdout.startswith(
        "::error file=app/broken.py,line=2,col=12,")
    assert json.loads(cli("check", "--no-cache", "--format", "gitlab", cwd=root).stdout)[0]["severity"] == "critical"
    assert cli("check", "--no-cache", "--exit-zero", cwd=root).exit_code == 0
    assert cli("check", "--no-cache", "app/ok.py", cwd=root).exit_code == 0
    assert cli("check", "--no-cache", "app/missing.py", cwd=root).exit_code == 2


@needs_rules
def test_exit_codes(cli, project, tmp_path):
    assert cli("check", "--no-cache", cwd=project).exit_code == 1
    assert cli("check", "--no-cache", "--exit-zero", cwd=project).exit_code == 0
    assert cli("check", "--no-cache", "shop/tags.py", cwd=project).exit_code == 0
    missing = cli("check", "--no-cache", "nowhere/", cwd=project)
    assert missing.exit_code == 2 and "nowhere" in missing.stderr
    assert cli("check", "--no-cache", "--select", "ORM9", cwd=project).exit_code == 2


@needs_rules
def test_text_output(cli, project):
    result = cli("check", "--no-cache", cwd=project)
    out = result.stdout
    assert "shop/models.py:6:" in out and "ORM501" in out
    assert "app/main.py:4:1: ORM502" in out
    assert "    4 | SQLModel.metadata.create_all(engine)" in out
    assert "^" in out and "fix (unsafe" in out
    assert "Found 2 findings in 3 files checked." in out
    assert "\x1b[" not in out  # no colour when not on a terminal


@needs_rules
def test_every_format(cli, project, sarif_validator):
    for output_format in ("text", "json", "sarif", "github", "gitlab"):
        result = cli("check", "--no-cache", "--format", output_format, cwd=project)
        assert result.exit_code == 1, (output_format, result.output)
    assert findings(cli("check", "--no-cache", "--format", "json", cwd=project)) == EXPECTED

    sarif_log = json.loads(cli("check", "--no-cache", "--format", "sarif", cwd=project).stdout)
    sarif_validator.validate(sarif_log)
    results = sarif_log["runs"][0]["results"]
    assert [(r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]) for r in results] == [
        ("ORM502", "app/main.py"), ("ORM501", "shop/models.py")]
    assert "fixes" in results[1] and all("ormlint/v1" in r["partialFingerprints"] for r in results)

    github = cli("check", "--no-cache", "--format", "github", cwd=project).stdout.splitlines()
    assert len(github) == 2
    assert github[0].startswith("::") and "file=app/main.py,line=4,col=1," in github[0]
    assert "title=ORM502 schema-sync-in-production::" in github[0]

    gitlab = json.loads(cli("check", "--no-cache", "--format", "gitlab", cwd=project).stdout)
    assert [(i["location"]["path"], i["location"]["lines"]["begin"]) for i in gitlab] == [
        ("app/main.py", 4), ("shop/models.py", 6)]


@needs_rules
def test_output_file(cli, project, sarif_validator):
    result = cli("check", "--no-cache", "--format", "sarif", "--output-file", "report.sarif", cwd=project)
    assert result.exit_code == 1 and result.stdout == ""
    sarif_validator.validate(json.loads((project / "report.sarif").read_text(encoding="utf-8")))
    bad = cli("check", "--no-cache", "--output-file", "no/such/dir/report.txt", cwd=project)
    assert bad.exit_code == 2 and "no/such/dir/report.txt" in bad.stderr


@needs_rules
def test_statistics_and_quiet(cli, project):
    stats = cli("check", "--no-cache", "--statistics", cwd=project).stdout
    assert any(line.split() == ["1", "ORM501", "float-money", "[fixable]"] for line in stats.splitlines())
    assert any(line.split() == ["1", "ORM502", "schema-sync-in-production"] for line in stats.splitlines())
    quiet = cli("check", "--no-cache", "--quiet", cwd=project)
    assert quiet.exit_code == 1 and "ORM502" in quiet.stdout
    assert "Found" not in quiet.stdout and "fixable" not in quiet.stdout
    assert cli("check", "--no-cache", "--quiet", "shop/tags.py", cwd=project).stdout == ""


# -- robustness ---------------------------------------------------------------------------


@needs_rules
def test_syntax_error_is_a_finding_and_the_run_goes_on(cli, project):
    write(project, {"app/broken.py": BROKEN})
    got = check_json(cli, project)
    assert ("ORM001", "app/broken.py", 2) in got
    assert all(item in got for item in EXPECTED)


@needs_rules
def test_a_template_that_renders_to_python_is_named_and_skipped_not_a_syntax_error(cli, project):
    """Project generators and SDKs keep Jinja templates as .py files: not Python, so no ORM001; the
    warning names the file and the line of the first tag. A real syntax error beside it is still ORM001."""
    write(project, {
        "gen/template/models.py": "import typing\n\n{% for enum in api.enums %}\n{{ enum.name }} = 1\n{% endfor %}\n",
        "gen/template/version.py": "from sdk.{{ version }}.client import Client\n\n__all__ = ['Client']\n",
        "app/broken.py": BROKEN,
        "app/styles.py": 'CSS = "{% raw %}"\ndef broken(:\n    pass\n',  # a tag in a string: a plain syntax error
    })
    result = cli("check", "--no-cache", "--format", "json", cwd=project)
    assert result.exit_code == 1
    expected = [*EXPECTED, ("ORM001", "app/broken.py", 2), ("ORM001", "app/styles.py", 2)]
    assert findings(result) == sorted(expected, key=lambda f: (f[1], f[2]))
    assert "gen/template/models.py: a template, not Python (a template tag on line 3); not checked" in result.stderr
    assert "gen/template/version.py: a template, not Python (a template tag on line 1); not checked" in result.stderr


@needs_rules
def test_python_2_code_is_named_and_skipped_not_a_syntax_error(cli, project):
    """``print "x"``, ``exec "code"`` or ``ur"x"`` is Python 2, which Python 3 does not run either: a warning names
    the file, the line and what Python 3 says; no ORM001. Named on the command line, it is ORM001 as any
    syntax error; a real syntax error beside it stays ORM001."""
    write(project, {
        "app/graphite.py": "import requests\n\ndef get(pattern):\n    print 'Getting %s' % pattern\n",
        "app/legacy.py": "from django.db import connection\n\nexec 'import json'\n",
        "app/clean.py": "from django.db import models\n\nPATTERN = ur'/xx/'\n",
        "app/broken.py": BROKEN,
    })
    result = cli("check", "--no-cache", "--format", "json", cwd=project)
    assert result.exit_code == 1
    expected = [*EXPECTED, ("ORM001", "app/broken.py", 2)]
    assert findings(result) == sorted(expected, key=lambda f: (f[1], f[2]))
    assert "app/graphite.py:4:5: Python 2 code (Missing parentheses in call to 'print'" in result.stderr
    assert "app/legacy.py:3:1: Python 2 code (Missing parentheses in call to 'exec'" in result.stderr
    assert "app/clean.py:3:" in result.stderr and "Python 2 code (invalid syntax); not checked" in result.stderr
    named = cli("check", "--no-cache", "--format", "json", "app/graphite.py", cwd=project)
    assert ("ORM001", "app/graphite.py", 4) in findings(named)

@needs_rules
def test_a_script_of_another_language_named_py_is_named_and_skipped_not_a_syntax_error(cli, project):
    """``#!/bin/bash`` (or ``#!/usr/bin/env node``) on the first line of a .py file that does not parse: a script
    in another language, not Python; a Python shebang keeps a real syntax error ORM001."""
    write(project, {
        "bin/load.py": "#!/bin/bash\nset -e\nfor f in data/*; do echo $f; done\n",
        "bin/tool.py": "#!/usr/bin/env node\nconst x = require('x');\n",
        "bin/real.py": "#!/usr/bin/env python3\ndef broken(:\n    pass\n",
    })
    result = cli("check", "--no-cache", "--format", "json", cwd=project)
    assert ("ORM001", "bin/real.py", 2) in findings(result)
    assert not any(f[1] in ("bin/load.py", "bin/tool.py") for f in findings(result))
    assert "bin/load.py: a bash script, not Python (its first line names bash); not checked" in result.stderr
    assert "bin/tool.py: a node script, not Python (its first line names node); not checked" in result.stderr


@needs_rules
def test_a_test_file_that_does_not_parse_is_named_not_reported_unless_named_itself(cli, project):
    """Test suites keep files that must not parse (a loader's error-path fixture): found by walking the
    tree, such a file is named on stderr with Python's reason, not reported; named on the command line
    (a pre-commit hook), it is ORM001. A broken application file is ORM001 either way."""
    write(project, {"tests/data/invalid_job.py": BROKEN, "app/broken.py": BROKEN})
    result = cli("check", "--no-cache", "--format", "json", cwd=project)
    got = findings(result)
    assert ("ORM001", "app/broken.py", 2) in got
    assert not [f for f in got if f[1] == "tests/data/invalid_job.py"]
    assert "tests/data/invalid_job.py:2:" in result.stderr and "not checked" in result.stderr
    named = cli("check", "--no-cache", "--format", "json", "tests/data/invalid_job.py", cwd=project)
    assert [f[:2] for f in findings(named)] == [("ORM001", "tests/data/invalid_job.py")]


@needs_rules
def test_binary_and_undecodable_files_are_named_and_skipped(cli, project):
    write(project, {
        "app/blob.py": b"\x00\x01\x02binary\x00",
        "app/latin.py": b"# no coding cookie\nname = 'caf\xe9'\n",
        "app/wrong_cookie.py": b"# -*- coding: ascii -*-\nname = 'caf\xc3\xa9'\n",
    })
    result = cli("check", "--no-cache", "--format", "json", cwd=project)
    assert result.exit_code == 1
    assert findings(result) == EXPECTED
    for name in ("app/blob.py", "app/latin.py", "app/wrong_cookie.py"):
        assert name in result.stderr
    assert "binary" in result.stderr and "decode" in result.stderr
    assert "Traceback" not in result.output


@needs_rules
def test_unreadable_paths(cli, project):
    (project / "app/dangling.py").symlink_to(project / "app/gone.py")
    result = cli("check", "--no-cache", "--format", "json", cwd=project)
    assert findings(result) == EXPECTED
    assert "app/dangling.py: dangling symbolic link" in result.stderr
    if os.geteuid() != 0:  # root reads anything
        locked = project / "app/locked.py"
        locked.write_text(MAIN)
        locked.chmod(0)
        try:
            result = cli("check", "--no-cache", cwd=project)
            assert "app/locked.py: cannot read" in result.stderr
        finally:
            locked.chmod(0o644)


@needs_rules
def test_a_missing_path_among_several_is_reported_and_the_others_are_checked(cli, project):
    result = cli("check", "--no-cache", "--format", "json", "shop/", "nowhere/", "app/gone.py", "app/main.py", cwd=project)
    assert result.exit_code == 2
    assert findings(result) == EXPECTED
    assert "ormlint: error: nowhere: no such file or directory" in result.stderr
    assert "ormlint: error: app/gone.py: no such file or directory" in result.stderr
    only_missing = cli("check", "--no-cache", "nowhere/", cwd=project)
    assert only_missing.exit_code == 2 and only_missing.stdout == ""


@needs_rules
def test_a_run_that_could_read_no_file_is_not_a_pass(cli, tmp_path):
    root = write(tmp_path / "proj", {"app/latin.py": b"name = 'caf\xe9'\n", "app/blob.py": b"\x00\x01"})
    for output_format in ("text", "json", "sarif"):
        result = cli("check", "--no-cache", "--format", output_format, cwd=root)
        assert result.exit_code == 2, output_format
        assert "ormlint: error: 0 of 2 files could be read" in result.stderr
        assert "All checks passed" not in result.stdout
    text = cli("check", "--no-cache", cwd=root).stdout
    assert text == "Nothing checked: 0 of 2 files could be read.\n"
    write(root, {"app/ok.py": "x = 1\n"})
    partly = cli("check", "--no-cache", cwd=root)
    assert partly.exit_code == 0
    assert partly.stdout == "All checks passed (1 file checked, 2 files could not be read)\n"
    empty = cli("check", "--no-cache", cwd=write(tmp_path / "empty", {"README.md": "nothing\n"}))
    assert empty.exit_code == 0 and empty.stdout == "No Python files found.\n"
    assert "no Python files found" in empty.stderr


@needs_rules
def test_plural_forms(cli, project):
    one = cli("check", "--no-cache", "shop/models.py", cwd=project)
    assert "Found 1 finding in 1 file checked." in one.stdout
    assert cli("check", "--no-cache", "shop/tags.py", cwd=project).stdout == "All checks passed (1 file checked)\n"
    diff = cli("check", "--no-cache", "--diff", "--unsafe-fixes", "shop/models.py", cwd=project)
    assert "Would fix 1 finding." in diff.stderr
    fixed = cli("check", "--no-cache", "--fix", "--unsafe-fixes", "shop/models.py", cwd=project)
    assert fixed.stdout == "Fixed 1 finding; no findings remain (1 file checked)\n"
    noqa = cli("check", "--no-cache", "--add-noqa", "app/main.py", cwd=project)
    assert noqa.stderr == "Added 1 noqa directive.\n"


# -- symbolic links -------------------------------------------------------------------------


@needs_rules
def test_a_file_reachable_through_a_link_is_checked_once(cli, project):
    (project / "shop/alias.py").symlink_to("models.py")
    (project / "linked").symlink_to("shop", target_is_directory=True)  # directory links are not walked
    assert check_json(cli, project) == EXPECTED
    assert check_json(cli, project, "shop/alias.py", "shop/models.py", "app/") == EXPECTED
    # Named through the link only: reported under the name given.
    assert check_json(cli, project, "shop/alias.py") == [("ORM501", "shop/alias.py", 6)]


@needs_rules
def test_link_loops_and_dangling_links_are_reported_once_each(cli, project):
    (project / "app/a.py").symlink_to("b.py")
    (project / "app/b.py").symlink_to("a.py")
    (project / "app/self.py").symlink_to("self.py")
    (project / "app/dangling.py").symlink_to("gone.py")
    result = cli("check", "--no-cache", "--format", "json", cwd=project)
    assert result.exit_code == 1 and findings(result) == EXPECTED
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert sorted(lines) == [
        "ormlint: warning: app/a.py: symbolic link loop; skipped",
        "ormlint: warning: app/b.py: symbolic link loop; skipped",
        "ormlint: warning: app/dangling.py: dangling symbolic link (its target gone.py does not exist); skipped",
        "ormlint: warning: app/self.py: symbolic link loop; skipped",
    ]
    named = cli("check", "--no-cache", "app/a.py", "shop/models.py", cwd=project)
    assert named.exit_code == 2 and "ormlint: error: app/a.py: symbolic link loop" in named.stderr
    assert "shop/models.py:6:13: ORM501" in named.stdout


@needs_rules
def test_fix_writes_through_a_link_to_its_target(cli, project):
    (project / "shop/alias.py").symlink_to("models.py")
    result = cli("check", "--no-cache", "--fix", "--unsafe-fixes", "shop/alias.py", cwd=project)
    assert result.exit_code == 0, result.output
    assert (project / "shop/alias.py").is_symlink() and os.readlink(project / "shop/alias.py") == "models.py"
    assert "DecimalField" in (project / "shop/models.py").read_text()
    (project / "shop/models.py").write_text(MODELS)
    cli("check", "--no-cache", "--fix", "--unsafe-fixes", cwd=project)  # the whole tree: the link is skipped
    assert (project / "shop/alias.py").is_symlink() and "DecimalField" in (project / "shop/models.py").read_text()


# -- configuration --------------------------------------------------------------------------


@needs_rules
@pytest.mark.parametrize(("toml", "expected"), [
    ("[tool.ormlint\nselect = [", "invalid TOML"),
    ("[tool.ormlint]\nselct = ['ORM5']\n", "selct: unknown key (did you mean 'select'?)"),
    ("[tool.ormlint]\nselect = 5\n", "select must be a list of strings"),
    ("[tool.ormlint]\nselect = \"ORM501\"\n", '[tool.ormlint] select must be a list of strings, not a string (write ["ORM501"])'),
    ("[tool.ormlint]\nexclude = \"legacy/\"\n", "[tool.ormlint] exclude must be a list of strings, not a string"),
    ("[tool.ormlint.per-file-ignores]\n'a.py' = 'ORM501'\n", "per-file-ignores.a.py must be a list of strings"),
    ("[tool.ormlint.float-money]\nextra-money-names = 'stake'\n", "extra-money-names must be a list of strings"),
    ("[tool.ormlint]\nper-file-ignores = ['x']\n", "per-file-ignores must be a table"),
    ("[tool.ormlint.flaot-money]\nx = 1\n", "flaot-money: unknown key (did you mean 'float-money'?)"),
])
def test_broken_config_exits_2_naming_file_and_key(cli, project, toml, expected):
    (project / "pyproject.toml").write_text(toml, encoding="utf-8")
    result = cli("check", "--no-cache", cwd=project)
    assert result.exit_code == 2
    assert "pyproject.toml" in result.stderr and expected in result.stderr


@needs_rules
def test_bad_rule_options(cli, project):
    rule = next((r for r in all_rules() if r.options), None)
    if rule is None:
        pytest.skip("no rule has options")
    key, option = next(iter(rule.options.items()))
    wrong = "1" if option.kind is not int else '"x"'
    for table, expected in ((f"{key} = {wrong}", key), ("no-such-option = 1", "no-such-option: unknown option")):
        (project / "pyproject.toml").write_text(f"[tool.ormlint.{rule.name}]\n{table}\n", encoding="utf-8")
        result = cli("check", "--no-cache", cwd=project)
        assert result.exit_code == 2
        assert "pyproject.toml" in result.stderr and expected in result.stderr


@needs_rules
def test_missing_config_file(cli, project):
    result = cli("check", "--no-cache", "--config", "nope.toml", cwd=project)
    assert result.exit_code == 2 and "nope.toml" in result.stderr


@needs_rules
@pytest.mark.parametrize(("args", "expected"), [
    (["--select", "ORM501"], ["ORM501"]),
    (["--select", "float-money"], ["ORM501"]),
    (["--select", "ORM5"], ["ORM501", "ORM502"]),
    (["--select", "ORM50"], ["ORM501", "ORM502"]),
    (["--ignore", "ORM502"], ["ORM001", "ORM501"]),
    (["--ignore", "schema-sync-in-production,ORM001"], ["ORM501"]),
    (["--select", "ORM5", "--ignore", "ORM501"], ["ORM502"]),
    (["--select", "ORM501", "--extend-select", "schema-sync-in-production"], ["ORM501", "ORM502"]),
    (["--select", "ORM001"], ["ORM001"]),
])
def test_selection(cli, project, args, expected):
    write(project, {"app/broken.py": BROKEN})
    assert sorted({code for code, _, _ in check_json(cli, project, *args)}) == expected


# The most specific selector wins, ignore wins ties: a name is as specific as its full code,
# a longer prefix more specific than a shorter one, ALL least specific.
SELECTORS = {"code": "ORM501", "prefix": "ORM5", "name": "float-money"}
KEPT = {("code", "prefix"), ("name", "prefix")}  # (select, ignore) pairs that keep ORM501


@needs_rules
@pytest.mark.parametrize("selected", list(SELECTORS))
@pytest.mark.parametrize("ignored", list(SELECTORS))
@pytest.mark.parametrize("where", ["cli", "config"])
def test_select_ignore_precedence(cli, project, selected, ignored, where):
    args = ["--select", SELECTORS[selected], "--ignore", SELECTORS[ignored]]
    if where == "config":
        write(project, {"pyproject.toml": f"[tool.ormlint]\nselect = ['{SELECTORS[selected]}']\n"
                                          f"ignore = ['{SELECTORS[ignored]}']\n"})
        args = []
    codes = {code for code, _, _ in check_json(cli, project, *args)}
    assert ("ORM501" in codes) is ((selected, ignored) in KEPT)


@needs_rules
@pytest.mark.parametrize(("select", "ignore", "kept"), [
    ("ORM50", "ORM5", True), ("ORM5", "ORM50", False), ("ALL", "ORM", False), ("ORM", "ALL", True),
    ("ALL", "float-money", False), ("float-money", "ALL", True), ("ORM5,float-money", "ORM501", False),
])
def test_prefix_lengths_and_all(cli, project, select, ignore, kept):
    codes = {code for code, _, _ in check_json(cli, project, "--select", select, "--ignore", ignore)}
    assert ("ORM501" in codes) is kept


# A rule that is off by default runs only when a selector names it: its full code or its name.
@pytest.mark.parametrize(("select", "extend", "ignore", "enabled"), [
    (("ALL",), (), (), False),
    (("ORM",), (), (), False),
    (("ORM2",), (), (), False),
    (("ORM20",), (), (), False),
    (("ORM202",), (), (), True),
    (("sql-identifier-interpolation",), (), (), True),
    (("ALL",), ("ORM202",), (), True),
    (("ALL",), ("ORM2",), (), False),
    (("ORM202",), (), ("ORM2",), True),
    (("ORM202",), (), ("ORM202",), False),
    (("ORM202",), (), ("sql-identifier-interpolation",), False),
])
def test_rules_off_by_default_need_their_code_or_name(select, extend, ignore, enabled):
    assert is_enabled("ORM202", "sql-identifier-interpolation", select, extend, ignore, False) is enabled
    assert is_enabled("ORM201", "raw-sql-injection", select, extend, ignore, True) is (
        select != ("ORM202",) and select != ("sql-identifier-interpolation",) or "ORM201" in extend)


def test_default_selection_leaves_off_by_default_rules_off():
    codes = {rule.code for rule in selected_rules(("ALL",), (), ())}
    assert "ORM201" in codes and "ORM202" not in codes
    assert [r.code for r in all_rules() if not r.default_enabled] == ["ORM202"]


def test_off_by_default_rule_from_the_command_line_and_the_configuration(cli, tmp_path):
    write(tmp_path, {"pyproject.toml": "[tool.ormlint]\n", "app/views.py": """
        from django.db import connection

        def listing(sort):
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT * FROM product ORDER BY {sort}")
    """})
    assert check_json(cli, tmp_path) == []
    assert [c for c, _, _ in check_json(cli, tmp_path, "--select", "ORM2")] == []
    assert [c for c, _, _ in check_json(cli, tmp_path, "--extend-select", "ORM202")] == ["ORM202"]
    write(tmp_path, {"pyproject.toml": "[tool.ormlint]\nextend-select = ['sql-identifier-interpolation']\n"})
    assert [c for c, _, _ in check_json(cli, tmp_path)] == ["ORM202"]
    listing = cli("rules").stdout
    assert "ORM202" in listing and "(off by default)" in listing
    assert "Off by default" in cli("explain", "ORM202").stdout


@needs_rules
def test_cli_selection_overrides_config(cli, project):
    write(project, {"pyproject.toml": CONFIG.replace("'ORM001', 'ORM501', ", "")})
    assert [c for c, _, _ in check_json(cli, project)] == ["ORM502"]
    assert [c for c, _, _ in check_json(cli, project, "--select", "ORM501")] == ["ORM501"]


@needs_rules
def test_per_file_ignores(cli, project):
    ignores = '[tool.ormlint.per-file-ignores]\n"app/*.py" = ["ORM502"]\n"shop/models.py" = ["float-money"]\n'
    write(project, {"pyproject.toml": CONFIG + ignores, "other/main.py": MAIN})
    assert check_json(cli, project) == [("ORM502", "other/main.py", 4)]


@needs_rules
def test_exclude_and_extend_exclude(cli, project):
    write(project, {"pyproject.toml": CONFIG + "extend-exclude = ['shop/']\n"})
    assert check_json(cli, project) == [("ORM502", "app/main.py", 4)]


# -- suppressions -----------------------------------------------------------------------------


@needs_rules
@pytest.mark.parametrize("comment", ["# noqa", "# noqa: ORM502", "# noqa: schema-sync-in-production", "# NOQA:ORM501,ORM502"])
def test_noqa_forms(cli, tmp_path, comment):
    root = write(tmp_path, {"app/main.py": MAIN.replace(SYNC_CALL, f"{SYNC_CALL}  {comment}")})
    assert check_json(cli, root) == []


@needs_rules
def test_noqa_for_another_rule_does_not_suppress(cli, tmp_path):
    root = write(tmp_path, {"app/main.py": MAIN.replace(SYNC_CALL, f"{SYNC_CALL}  # noqa: ORM501")})
    assert check_json(cli, root) == [("ORM502", "app/main.py", 4)]


@needs_rules
def test_noqa_on_a_later_line_of_a_multiline_statement(cli, tmp_path):
    source = MAIN.replace(SYNC_CALL, "SQLModel.metadata.create_all(\n    engine,\n)  # noqa: ORM502")
    root = write(tmp_path, {"app/main.py": source})
    assert check_json(cli, root) == []
    unsuppressed = write(tmp_path / "b", {"app/main.py": source.replace("  # noqa: ORM502", "")})
    assert check_json(cli, unsuppressed) == [("ORM502", "app/main.py", 4)]


@needs_rules
def test_noqa_in_a_string_does_not_suppress(cli, tmp_path):
    source = MAIN.replace(SYNC_CALL, "SQLModel.metadata.create_all(engine, checkfirst='# noqa')")
    root = write(tmp_path, {"app/main.py": source})
    assert check_json(cli, root) == [("ORM502", "app/main.py", 4)]


@needs_rules
def test_skip_file(cli, project):
    write(project, {"app/main.py": "# ormlint: skip-file\n" + MAIN})
    assert check_json(cli, project) == [("ORM501", "shop/models.py", 6)]


@needs_rules
def test_add_noqa_then_clean(cli, project):
    result = cli("check", "--no-cache", "--add-noqa", cwd=project)
    assert "Added 2 noqa directives" in result.stderr
    assert "# noqa: ORM502" in (project / "app/main.py").read_text()
    assert "# noqa: ORM501" in (project / "shop/models.py").read_text()
    again = cli("check", "--no-cache", cwd=project)
    assert again.exit_code == 0, again.output
    assert cli("check", "--no-cache", "--add-noqa", cwd=project).stderr.startswith("Added 0 noqa directives")


# -- stdin ---------------------------------------------------------------------------------------


@needs_rules
def test_stdin_filename_reports_under_that_name(cli, project):
    result = cli("check", "--no-cache", "--format", "json", "--stdin-filename", "app/main.py", "-",
                 cwd=project, input=MAIN)
    assert result.exit_code == 1
    assert findings(result) == [("ORM502", "app/main.py", 4)]
    clean = cli("check", "--no-cache", "--stdin-filename", "app/main.py", "-", cwd=project, input=CLEAN)
    assert clean.exit_code == 0


@needs_rules
def test_stdin_fix_prints_the_fixed_source(cli, project):
    source = (project / "shop/models.py").read_text()
    result = cli("check", "--no-cache", "--fix", "--unsafe-fixes", "--stdin-filename", "shop/models.py",
                 cwd=project, input=source)
    fixed = result.stdout
    assert "DecimalField(" in fixed and "price = models.FloatField" not in fixed
    assert "weight_kg = models.FloatField(default=0.0)" in fixed
    cst.parse_module(fixed)
    assert (project / "shop/models.py").read_text() == source  # nothing written
    untouched = cli("check", "--no-cache", "--fix", "--stdin-filename", "app/main.py", cwd=project, input=MAIN)
    assert untouched.stdout == MAIN  # no fix available: the source comes back as it was
    assert "ORM502" in untouched.stderr


@needs_rules
def test_stdin_through_a_real_pipe(project):
    out = subprocess.run(
        [sys.executable, "-m", "ormlint", "check", "--no-cache", "--format", "json", "--stdin-filename", "app/main.py"],
        input=MAIN.encode(), capture_output=True, cwd=project,
    )
    assert out.returncode == 1, out.stderr
    assert [(f["code"], f["path"]) for f in json.loads(out.stdout)] == [("ORM502", "app/main.py")]


@pytest.mark.parametrize("marker", ["pyproject.toml", "setup.cfg", ".git"])
def test_the_editor_path_finds_its_project_from_any_directory(tmp_path, marker):
    """The stdin file's project decides the index and the configuration, not the working directory."""
    root = tmp_path / "proj"
    for rel, text in {"library/models.py": LIBRARY_MODELS, "app/views.py": LIBRARY_VIEWS}.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    if marker == ".git":
        (root / ".git").mkdir()
    else:
        (root / marker).write_text("[tool.ormlint]\nselect = ['ORM101']\n" if marker == "pyproject.toml" else "")
    elsewhere = write(tmp_path / "elsewhere", {"pyproject.toml": "[tool.ormlint]\nignore = ['ORM101']\n"})
    for name in (str(root / "app" / "views.py"), os.path.relpath(root / "app" / "views.py", elsewhere)):
        out = subprocess.run(
            [sys.executable, "-m", "ormlint", "check", "--no-cache", "--format", "json", "--stdin-filename", name],
            input=LIBRARY_VIEWS.encode(), capture_output=True, cwd=elsewhere,
        )
        assert out.returncode == 1, out.stderr
        reported = [(f["code"], f["path"], f["line"]) for f in json.loads(out.stdout)]
        assert ("ORM101", "app/views.py", 5) in reported  # Book.author comes from library/models.py
        assert all(path == "app/views.py" for _, path, _ in reported)


def test_the_editor_path_uses_the_projects_configuration(cli, tmp_path):
    root = write(tmp_path / "proj", {"pyproject.toml": "[tool.ormlint]\nignore = ['ORM101']\n",
                                     "library/models.py": LIBRARY_MODELS, "app/views.py": LIBRARY_VIEWS})
    elsewhere = write(tmp_path / "elsewhere", {"pyproject.toml": "[tool.ormlint]\nselect = ['ORM101']\n"})
    result = cli("check", "--no-cache", "--format", "json", "--stdin-filename", str(root / "app/views.py"),
                 cwd=elsewhere, input=LIBRARY_VIEWS)
    assert result.exit_code == 0 and json.loads(result.stdout) == []


# -- fixes ---------------------------------------------------------------------------------------


@needs_rules
def test_diff_writes_nothing_and_fix_writes(cli, project):
    before = (project / "shop/models.py").read_bytes()
    safe_only = cli("check", "--no-cache", "--diff", cwd=project)
    assert safe_only.stdout == "" and safe_only.exit_code == 0  # the ORM501 fix is unsafe
    diff = cli("check", "--no-cache", "--diff", "--unsafe-fixes", cwd=project)
    assert diff.exit_code == 1
    assert diff.stdout.startswith("--- a/shop/models.py\n+++ b/shop/models.py\n")
    assert "-    price = models.FloatField()" in diff.stdout and "+    price = models.DecimalField(" in diff.stdout
    assert (project / "shop/models.py").read_bytes() == before

    assert cli("check", "--no-cache", "--fix", cwd=project).exit_code == 1  # unsafe fix not applied
    assert (project / "shop/models.py").read_bytes() == before
    fixed = cli("check", "--no-cache", "--fix", "--unsafe-fixes", "--format", "json", cwd=project)
    assert findings(fixed) == [("ORM502", "app/main.py", 4)]
    text = (project / "shop/models.py").read_text()
    assert "price = models.DecimalField(" in text
    cst.parse_module(text)
    again = cli("check", "--no-cache", "--fix", "--unsafe-fixes", cwd=project)
    assert (project / "shop/models.py").read_text() == text  # idempotent
    assert again.exit_code == 1


@needs_rules
@pytest.mark.parametrize(("name", "encode"), [
    ("crlf", lambda text: text.replace("\n", "\r\n").encode("utf-8")),
    ("bom", lambda text: b"\xef\xbb\xbf" + text.encode("utf-8")),
    ("latin-1", lambda text: ("# -*- coding: latin-1 -*-\n# prix en euros, caf\xe9\n" + text).encode("latin-1")),
])
def test_fix_keeps_line_endings_bom_and_encoding(cli, tmp_path, name, encode):
    root = write(tmp_path, {"shop/models.py": encode(MODELS)})
    cli("check", "--no-cache", "--fix", "--unsafe-fixes", cwd=root)
    data = (root / "shop/models.py").read_bytes()
    assert b"DecimalField(" in data and b"price = models.FloatField" not in data
    if name == "crlf":
        assert data.count(b"\n") == data.count(b"\r\n") > 0
    if name == "bom":
        assert data.startswith(b"\xef\xbb\xbf") and not data.startswith(b"\xef\xbb\xbf" * 2)
    if name == "latin-1":
        assert b"caf\xe9" in data
        assert data.decode("latin-1").startswith("# -*- coding: latin-1 -*-\n")


# -- cache and process pool --------------------------------------------------------------------------


@needs_rules
def test_cache_gives_identical_output_and_follows_edits(cli, project, user_cache):
    first = cli("check", "--format", "json", cwd=project)
    assert not (project / ".ormlint_cache").exists()  # the cache lives outside the checkout
    assert [p.name for p in user_cache.glob("*/cache.json")] == ["cache.json"]
    second = cli("check", "--format", "json", cwd=project)
    assert first.stdout == second.stdout and findings(first) == EXPECTED
    (project / "shop/models.py").write_text(MODELS.replace("price = models.FloatField()", "price_cents = models.IntegerField()"))
    assert findings(cli("check", "--format", "json", cwd=project)) == [("ORM502", "app/main.py", 4)]


def _big_tree(root: Path, count: int = 20) -> Path:
    """``count`` Django model modules, and an SQLModel base whose fields become columns
    only through a ``table=True`` subclass declared in another file."""
    files = {f"shop/models_{i:02d}.py": MODELS.replace("Product", f"Product{i}") for i in range(count)}
    files["api/schemas.py"] = "from sqlmodel import SQLModel\n\n\nclass ItemBase(SQLModel):\n    price: float\n"
    files["api/tables.py"] = (
        "from sqlmodel import Field\n\nfrom api.schemas import ItemBase\n\n\n"
        "class Item(ItemBase, table=True):\n    id: int | None = Field(default=None, primary_key=True)\n"
    )
    files["app/main.py"] = MAIN
    return write(root, files)


@needs_rules
def test_process_pool_and_cross_file_cache_invalidation(tmp_path):
    root = _big_tree(tmp_path / "big")

    def run(*extra: str) -> list[tuple[str, str, int]]:
        out = subprocess.run([sys.executable, "-m", "ormlint", "check", "--jobs", "2", "--format", "json", *extra],
                             capture_output=True, text=True, cwd=root)
        assert out.returncode == 1, out.stderr
        assert out.stderr == ""
        return [(f["code"], f["path"], f["line"]) for f in json.loads(out.stdout)]

    cold = run()
    models = [("ORM501", f"shop/models_{i:02d}.py", 6) for i in range(20)]
    assert cold == [("ORM501", "api/schemas.py", 5), ("ORM502", "app/main.py", 4), *models]
    assert run() == cold  # warm cache, same answer
    # api/schemas.py is unchanged, but without a table subclass its float field is no column.
    tables = root / "api/tables.py"
    tables.write_text(tables.read_text().replace(", table=True", ""))
    after = run()
    assert after == [("ORM502", "app/main.py", 4), *models]
    assert run("--no-cache") == after


# -- the demo projects -----------------------------------------------------------------------------


@needs_rules
def test_demo_projects_every_format_and_fix(cli, fixture_copy, sarif_validator):
    """The README's first command on copies of fixtures/: findings, valid reports, fixes that re-parse."""
    root = fixture_copy(".")
    first = cli("check", "--no-cache", "--format", "json", cwd=root)
    assert first.exit_code == 1, first.output
    reported = json.loads(first.stdout)
    assert reported and all((root / f["path"]).is_file() for f in reported)
    sarif_log = json.loads(cli("check", "--no-cache", "--format", "sarif", cwd=root).stdout)
    sarif_validator.validate(sarif_log)
    assert len(sarif_log["runs"][0]["results"]) == len(reported)
    assert len(cli("check", "--no-cache", "--format", "github", cwd=root).stdout.splitlines()) == len(reported)
    assert len(json.loads(cli("check", "--no-cache", "--format", "gitlab", cwd=root).stdout)) == len(reported)

    sources = {p: p.read_bytes() for p in root.rglob("*.py")}
    diff = cli("check", "--no-cache", "--diff", "--unsafe-fixes", cwd=root)
    assert {p: p.read_bytes() for p in root.rglob("*.py")} == sources  # --diff writes nothing
    fixable = [f for f in reported if f["fix"]]
    assert bool(diff.stdout) == bool(fixable)
    cli("check", "--no-cache", "--fix", "--unsafe-fixes", cwd=root)
    changed = [p for p in root.rglob("*.py") if p.read_bytes() != sources[p]]
    assert sorted(str(p.relative_to(root)) for p in changed) == sorted({f["path"] for f in fixable})
    for path in changed:
        cst.parse_module(path.read_bytes())
    after = {p: p.read_bytes() for p in changed}
    again = cli("check", "--no-cache", "--fix", "--unsafe-fixes", "--format", "json", cwd=root)
    assert {p: p.read_bytes() for p in changed} == after  # idempotent
    assert not any(f["fix"] for f in json.loads(again.stdout))


def test_the_quick_start_lints_the_demo_projects_from_the_repository_root(cli):
    """README's first command, `ormlint check fixtures/` at the repository root: the demo projects
    are application code (the repository's configuration says fixtures/ is not a test path), so
    each reports findings and the run exits 1."""
    repository = Path(__file__).parents[1]
    result = cli("check", "--no-cache", "--format", "json", "fixtures/", cwd=repository)
    assert result.exit_code == 1, result.output
    projects = {path.split("/")[1] for _, path, _ in findings(result)}
    assert projects == {"django_shop", "flask_blog", "sqlmodel_api"}
