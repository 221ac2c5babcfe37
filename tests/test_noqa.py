from ormlint.core.findings import Finding, Span
from ormlint.engine.noqa import add_noqa, is_skip_file, noqa_lines, suppress


def finding(line: int, end: int | None = None, code: str = "ORM501", name: str = "float-money") -> Finding:
    return Finding(code, name, "a.py", Span(line, 1, line, 2), "m", "warning", statement_lines=(line, end or line))


def test_noqa_comments_only_in_real_comments():
    text = 'x = "# noqa"\ny = 1  # noqa: ORM501, orm502\nz = 2  # NOQA\n'
    assert noqa_lines(text) == {2: {"ORM501", "ORM502"}, 3: {"*"}}


def test_suppress_by_code_name_or_bare():
    text = "a\nb  # noqa: float-money\nc  # noqa: ORM999\nd  # noqa\n"
    kept = suppress([finding(1), finding(2), finding(3), finding(4)], text)
    assert [f.line for f in kept] == [1, 3]


def test_skip_file_marker():
    assert is_skip_file("# ormlint: skip-file\nx = 1\n")
    assert not is_skip_file('x = "# ormlint: skip-file"\n')


def test_add_noqa_appends_and_merges():
    text = "a = 1\nb = (\n    2)\nc = 3  # noqa: ORM101\nd = 4  # a comment\n"
    new, count = add_noqa(text, [finding(1), finding(2, 3), finding(4), finding(5, code="ORM201")])
    assert count == 4
    assert new.splitlines() == [
        "a = 1  # noqa: ORM501",
        "b = (",
        "    2)  # noqa: ORM501",
        "c = 3  # noqa: ORM101, ORM501",
        "d = 4  # a comment  # noqa: ORM201",
    ]
    # the added comments suppress the same findings
    assert suppress([finding(1), finding(2, 3), finding(4), finding(5, code="ORM201")], new) == []
