"""Secrets never leave: every rule on a project full of passwords, in every output, the diff and the cache.

``tests/secrets_project`` makes every rule (and the engine's ORM001) report, many of them on
statements that hold a password: in a URL, a DSN, a connect keyword, Django settings, an
environment fallback, SQL. Every password contains ``Zq9``; nothing else does.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import libcst as cst
import pytest

from ormlint.core.findings import Finding, Fix, RelatedLocation, Span, TextEdit
from ormlint.engine.redact import WITHHELD, redact, redact_finding
from ormlint.engine.registry import ENGINE_CODES, all_rules

PROJECT = Path(__file__).parent / "secrets_project"
MARK = "Zq9"
# A file that does not parse, on a line with a password (the text report quotes that line).
BROKEN = 'engine = create_engine("postgresql://app:Zq9broken@db/prod"\n'


@pytest.fixture
def secrets(tmp_path) -> Path:
    root = tmp_path / "secrets"
    shutil.copytree(PROJECT, root)
    (root / "app" / "broken.py").write_text(BROKEN)
    return root


def _sources(root: Path) -> dict[Path, str]:
    return {p: p.read_text() for p in root.rglob("*.py")}


def _passwords(root: Path) -> set[str]:
    return {word for text in _sources(root).values() for word in re.findall(MARK + r"\w+", text)}


def test_every_rule_reports_and_no_output_shows_a_password(cli, secrets, user_cache):
    passwords = _passwords(secrets)
    assert len(passwords) == 16
    outputs = {}
    for output_format in ("text", "json", "sarif", "github", "gitlab"):
        result = cli("check", "--format", output_format, "--statistics", cwd=secrets)
        assert result.exit_code == 1, result.output
        outputs[output_format] = result.stdout + result.stderr
    reported = {f["code"] for f in json.loads(cli("check", "--format", "json", cwd=secrets).stdout)}
    assert reported == {r.code for r in all_rules()} | set(ENGINE_CODES)
    diff = cli("check", "--diff", "--unsafe-fixes", cwd=secrets)
    assert diff.exit_code == 1 and "+    with closing(psycopg2.connect(" in diff.stdout
    outputs["diff"] = diff.stdout + diff.stderr
    noqa_free = dict(_sources(secrets))
    fix = cli("check", "--fix", "--unsafe-fixes", "--format", "json", cwd=secrets)
    outputs["fix"] = fix.stdout + fix.stderr
    stdin = cli("check", "--fix", "--unsafe-fixes", "--stdin-filename", "app/db.py", "-", cwd=secrets,
                input=noqa_free[secrets / "app" / "db.py"])
    outputs["stdin --fix report"] = stdin.stderr
    caches = list(user_cache.rglob("*"))
    assert any(p.name == "cache.json" for p in caches)
    outputs.update({str(p): p.read_text() for p in caches if p.is_file()})
    for name, text in outputs.items():
        assert text and MARK not in text, f"{name} shows a password"
    assert "***" in outputs["text"] and "password=***" in outputs["diff"]
    # The fixes were applied with the real passwords: none is lost or masked in the files.
    after = _sources(secrets)
    assert "with closing(psycopg2.connect(\"host=db user=app password=Zq9dsn dbname=prod\")) as conn:" in after[
        secrets / "app" / "db.py"]
    assert _passwords(secrets) == passwords
    assert all("***" not in text for text in after.values())
    for path, text in after.items():
        if path.name != "broken.py":
            cst.parse_module(text)
    # stdin --fix prints the fixed source itself: the file already holds its password.
    assert "password=Zq9dsn" in stdin.stdout


def test_a_fix_whose_edits_hold_a_secret_keeps_its_description_but_not_its_edits(cli, secrets):
    reported = json.loads(cli("check", "--format", "json", "app/db.py", cwd=secrets).stdout)
    leak_url = next(f for f in reported if f["code"] == "ORM301" and f["line"] == 16)
    assert leak_url["fix"]["edits"] == [] and leak_url["fix"]["message"].endswith(WITHHELD)
    assert "postgresql://app:***@db/prod" in leak_url["message"]
    sarif = json.loads(cli("check", "--format", "sarif", "app/db.py", cwd=secrets).stdout)
    results = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "ORM301"]
    assert results and all("fixes" not in r for r in results)
    # A fix without a secret keeps its edits.
    lazy = next(f for f in reported if f["code"] == "ORM101")
    assert lazy["fix"]["edits"] and not lazy["fix"]["message"].endswith(WITHHELD)


@pytest.mark.parametrize("text, expected", [
    ('create_engine("postgresql://u:secret@host/db")', 'create_engine("postgresql://u:***@host/db")'),
    ("mysql://root:p@ss@db/x", "mysql://root:***@db/x"),
    ("redis://:pw@localhost:6379/0", "redis://:***@localhost:6379/0"),
    ("'host=db password=s3cr3t dbname=x'", "'host=db password=*** dbname=x'"),
    ('"host=db password=s3cr3t"', '"host=db password=***"'),
    ("\"host=db password='sec ret' user=x\"", "\"host=db password='***' user=x\""),
    ('"DRIVER={x};UID=sa;PWD=Hunter2;"', '"DRIVER={x};UID=sa;PWD=***;"'),
    ('connect(host="db", password="hunter2")', 'connect(host="db", password="***")'),
    ("connect(passwd='hunter2', pwd=r'x')", "connect(passwd='***', pwd=r'***')"),
    ("'PASSWORD': 'S3cret',", "'PASSWORD': '***',"),
    ('DATABASE_PASSWORD = "postgres"', 'DATABASE_PASSWORD = "***"'),
    ('if password == "hunter2":', 'if password == "***":'),
    ('password = "p\\"x"', 'password = "***"'),
    ('os.getenv("DB_PASSWORD", "S3cret")', 'os.getenv("DB_PASSWORD", "***")'),
    ('env("PG_PASS", default="postgres")', 'env("PG_PASS", default="***")'),
    ("ALTER USER app WITH PASSWORD 'topsecret'", "ALTER USER app WITH PASSWORD '***'"),
    ("CREATE USER x IDENTIFIED BY 'abc'", "CREATE USER x IDENTIFIED BY '***'"),
    # code that names a password but holds none stays as it is
    ("connect(password=pw)", "connect(password=pw)"),
    ("f(a, password=pw, b=1)", "f(a, password=pw, b=1)"),
    ('connect(password=os.environ["DB_PASSWORD"])', 'connect(password=os.environ["DB_PASSWORD"])'),
    ("password = get_password()", "password = get_password()"),
    ('password = os.getenv("DB_PASSWORD")', 'password = os.getenv("DB_PASSWORD")'),
    ("password_hash = make_password(raw)", "password_hash = make_password(raw)"),
    ("https://example.com/a:b@c", "https://example.com/a:b@c"),
    ("postgresql://app@db/prod", "postgresql://app@db/prod"),
])
def test_redact(text, expected):
    assert redact(text) == expected
    assert redact(expected) == expected


def test_redact_finding_covers_every_text_field():
    span = Span(1, 1, 1, 5)
    finding = Finding(
        "ORM301", "unreleased-transaction", "app/db.py", span, 'conn from connect(password="s1") leaks', "error",
        fix=Fix("safe", 'wrap connect(password="s2")', (TextEdit(0, 4, 'with connect(password="s3") as c:\n', 1, 2),)),
        related=(RelatedLocation("app/db.py", span, 'opened with "postgresql://u:s4@h/db"'),),
        statement_text='conn = connect(password="s5")',
    )
    shown = redact_finding(finding)
    assert not any(f"s{i}" in repr(shown).replace("ORM301", "") for i in range(1, 6))
    assert shown.fix.edits == () and shown.fix.description.endswith(WITHHELD)
    assert redact_finding(shown) == shown
    plain = Finding("ORM501", "float-money", "m.py", span, "price is a float", "warning",
                    fix=Fix("unsafe", "use Decimal", (TextEdit(0, 1, "x", 1, 2),)))
    assert redact_finding(plain) is plain
