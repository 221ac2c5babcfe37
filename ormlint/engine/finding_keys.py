"""Line-independent identities of findings, shared by SARIF/GitLab fingerprints and the baseline.

A finding's key is its rule, its path, the normalised text of the statement it reports
(tokens only: whitespace, line breaks and comments do not count) and its occurrence among
findings with the same three in that file. Moving a statement, or editing another one,
keeps the key; editing the statement itself changes it; a second identical finding in the
same file gets the next occurrence number, so it is never mistaken for the first.
"""

from __future__ import annotations

import io
import re
import tokenize
from collections import Counter
from typing import Callable, NamedTuple, Sequence

from ormlint.core.findings import Finding

_SKIPPED = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.ENDMARKER}


class FindingKey(NamedTuple):
    code: str
    path: str
    statement: str
    occurrence: int


def normalise_code(code: str) -> str:
    """The code's tokens, separated by a space only where two words would otherwise merge.

    ``price = models.FloatField()  # money`` and ``price=models.FloatField( )`` both give
    ``price=models.FloatField()``; string literals are kept exactly. Code that does not
    tokenize (a lone line of a broken file) only has its whitespace runs collapsed.
    """
    try:
        tokens = [t.string for t in tokenize.generate_tokens(io.StringIO(code).readline) if t.type not in _SKIPPED]
    except (tokenize.TokenError, SyntaxError):
        return re.sub(r"\s+", " ", code).strip()
    out: list[str] = []
    for token in tokens:
        if out and _is_word_char(out[-1][-1]) and _is_word_char(token[0]):
            out.append(" ")
        out.append(token)
    return "".join(out)


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def finding_keys(findings: Sequence[Finding], line_of: Callable[[str, int], str]) -> list[FindingKey]:
    """One key per finding, in the given order (occurrences are numbered in that order).

    A finding without a statement text (a syntax error) is keyed on its normalised source
    line, read with ``line_of(path, line)``; a secret finding never is (its line holds the secret).
    """
    seen: Counter[tuple[str, str, str]] = Counter()
    keys = []
    for finding in findings:
        text = finding.statement_text
        if not text and not finding.secret:
            text = normalise_code(line_of(finding.path, finding.line))
        triple = (finding.code, finding.path, text)
        keys.append(FindingKey(*triple, seen[triple]))
        seen[triple] += 1
    return keys
