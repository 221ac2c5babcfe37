"""Baselines through the command line: keys that survive moves, never mask a new finding."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_cli import CONFIG, MAIN, MODELS, write

from ormlint.engine.finding_keys import normalise_code

SECRET = "s3cr3t-Passw0rd"


def check(cli, root: Path, *args: str) -> tuple[int, list[tuple[str, str, int]]]:
    result = cli("check", "--no-cache", "--format", "json", *args, cwd=root)
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, [(f["code"], f["path"], f["line"]) for f in json.loads(result.stdout)]


@pytest.fixture
def adopted(cli, tmp_path) -> Path:
    """A project whose two findings (ORM501 in shop/models.py:6, ORM502 in app/main.py:4) are in base.json."""
    root = write(tmp_path / "proj", {"shop/models.py": MODELS, "app/main.py": MAIN})
    written = cli("check", "--no-cache", "--write-baseline", "base.json", cwd=root)
    assert written.exit_code == 0, written.output
    assert "Wrote 2 findings to the baseline base.json." in written.output
    return root


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_a_baselined_project_is_clean_and_says_how_many_are_known(cli, adopted):
    assert check(cli, adopted, "--baseline", "base.json") == (0, [])
    text = cli("check", "--no-cache", "--baseline", "base.json", cwd=adopted)
    assert text.exit_code == 0
    assert "All checks passed (2 files checked; 2 known findings in the baseline)" in text.stdout


def test_the_file_is_versioned_sorted_and_free_of_line_numbers(cli, adopted):
    data = json.loads((adopted / "base.json").read_text())
    assert data == {
        "tool": "ormlint",
        "version": 1,
        "findings": [
            {"path": "app/main.py", "code": "ORM502", "statement": "SQLModel.metadata.create_all(engine)", "occurrence": 0},
            {"path": "shop/models.py", "code": "ORM501", "statement": "price=models.FloatField()", "occurrence": 0},
        ],
    }


def test_keys_survive_shifted_lines_and_edits_elsewhere_and_the_file_stays_byte_identical(cli, adopted):
    before = (adopted / "base.json").read_bytes()
    edit(adopted, "shop/models.py", "from django.db import models\n", "from django.db import models\n\n\nimport os\n")
    edit(adopted, "shop/models.py", "max_length=100", "max_length=250")  # another statement of the same class
    edit(adopted, "shop/models.py", "price = models.FloatField()", "price = models.FloatField( )  # legacy")
    assert ("ORM501", "shop/models.py", 9) in check(cli, adopted)[1]  # it did move
    assert check(cli, adopted, "--baseline", "base.json") == (0, [])
    cli("check", "--no-cache", "--write-baseline", "base.json", cwd=adopted)
    assert (adopted / "base.json").read_bytes() == before


def test_an_edit_in_the_statement_itself_makes_it_new(cli, adopted):
    edit(adopted, "shop/models.py", "price = models.FloatField()", "price = models.FloatField(null=True)")
    assert check(cli, adopted, "--baseline", "base.json") == (1, [("ORM501", "shop/models.py", 6)])


def test_a_second_identical_finding_in_the_same_file_is_reported(cli, adopted):
    edit(adopted, "shop/models.py", "class Product(", "class Refund(models.Model):\n    price = models.FloatField()\n\n\nclass Product(")
    assert [f for f in check(cli, adopted)[1] if f[0] == "ORM501"] == [
        ("ORM501", "shop/models.py", 5), ("ORM501", "shop/models.py", 10)]
    exit_code, reported = check(cli, adopted, "--baseline", "base.json")
    assert exit_code == 1 and len(reported) == 1 and reported[0][:2] == ("ORM501", "shop/models.py")
    # The same statement in another file is new as well.
    write(adopted, {"shop/refunds.py": MODELS})
    assert ("ORM501", "shop/refunds.py", 6) in check(cli, adopted, "--baseline", "base.json")[1]


def test_sarif_marks_new_and_unchanged_results_and_validates(cli, adopted, sarif_validator):
    edit(adopted, "app/main.py", "SQLModel.metadata.create_all(engine)", "SQLModel.metadata.drop_all(engine)")
    result = cli("check", "--no-cache", "--format", "sarif", "--baseline", "base.json", cwd=adopted)
    assert result.exit_code == 1  # the drop_all is new
    log = json.loads(result.stdout)
    sarif_validator.validate(log)
    states = sorted((r["ruleId"], r["baselineState"]) for r in log["runs"][0]["results"])
    assert states == [("ORM501", "unchanged"), ("ORM502", "new")]
    plain = json.loads(cli("check", "--no-cache", "--format", "sarif", cwd=adopted).stdout)
    assert all("baselineState" not in r for r in plain["runs"][0]["results"])
    # Fingerprints do not depend on whether a baseline was given.
    prints = sorted(r["partialFingerprints"]["ormlint/v1"] for r in log["runs"][0]["results"])
    assert prints == sorted(r["partialFingerprints"]["ormlint/v1"] for r in plain["runs"][0]["results"])


def test_the_baseline_never_stores_a_secret(cli, tmp_path):
    source = f'import psycopg2\n\nconn = psycopg2.connect(host="db", password="{SECRET}")\n'
    root = write(tmp_path / "proj", {"app/db.py": source})
    result = cli("check", "--no-cache", "--select", "ORM503", "--write-baseline", "base.json", cwd=root)
    assert result.exit_code == 0, result.output
    stored = (root / "base.json").read_text()
    assert SECRET not in stored
    assert json.loads(stored)["findings"][0]["statement"] == 'conn=psycopg2.connect(host="***",password="***")'
    assert check(cli, root, "--select", "ORM503", "--baseline", "base.json") == (0, [])


def test_syntax_errors_are_keyed_on_their_line(cli, tmp_path):
    root = write(tmp_path / "proj", {"app/broken.py": "x = 1\ndef broken(:\n    pass\n"})
    assert cli("check", "--no-cache", "--write-baseline", "base.json", cwd=root).exit_code == 0
    edit(root, "app/broken.py", "x = 1\n", "x = 1\n\n\n")
    assert check(cli, root, "--baseline", "base.json") == (0, [])


def test_the_configuration_names_the_baseline_relative_to_itself(cli, adopted, tmp_path):
    (adopted / "pyproject.toml").write_text(CONFIG + 'baseline = "base.json"\n')
    assert check(cli, adopted) == (0, [])
    assert check(cli, adopted / "shop") == (0, [])  # found from a subdirectory too
    flag_wins = cli("check", "--no-cache", "--baseline", str(tmp_path / "missing.json"), cwd=adopted)
    assert flag_wins.exit_code == 2 and "missing.json: cannot read baseline" in flag_wins.output


@pytest.mark.parametrize("content, reason", [
    ("{not json", "invalid JSON"),
    ('{"tool": "bandit", "findings": []}', "not an ormlint baseline file"),
    ('{"tool": "ormlint", "version": 99, "findings": []}', "version 99 is not supported"),
    ('{"tool": "ormlint", "version": 1, "findings": [{"path": "a.py"}]}', "entry 0 needs path, code, statement"),
])
def test_a_broken_baseline_exits_2_naming_the_file(cli, adopted, content, reason):
    (adopted / "bad.json").write_text(content)
    result = cli("check", "--no-cache", "--baseline", "bad.json", cwd=adopted)
    assert result.exit_code == 2
    assert "bad.json" in result.output and reason in result.output


def test_a_missing_baseline_and_a_bad_config_value_exit_2(cli, adopted):
    missing = cli("check", "--no-cache", "--baseline", "nope.json", cwd=adopted)
    assert missing.exit_code == 2 and "nope.json: cannot read baseline" in missing.output
    (adopted / "pyproject.toml").write_text(CONFIG + "baseline = 3\n")
    bad = cli("check", "--no-cache", cwd=adopted)
    assert bad.exit_code == 2 and "baseline must be a file name" in bad.output


@pytest.mark.parametrize("code, expected", [
    ("price = models.FloatField()  # money", "price=models.FloatField()"),
    ("price=models.FloatField(\n    # why\n    null=True,\n)", "price=models.FloatField(null=True,)"),
    ("if  x is not None :\n    pass", "if x is not None:pass"),
    ('sql = "SELECT  *   FROM t"  # two spaces kept', 'sql="SELECT  *   FROM t"'),
    ("def broken(:", "def broken(:"),  # does not tokenize: whitespace collapsed only
])
def test_normalised_statement_text(code, expected):
    assert normalise_code(code) == expected
