"""What the parser cannot take, refused before it is tried: files too large, and too deep.

**Size.** LibCST's native parser needs about 2-3 KiB per token while it parses (its own
token, grammar and tree structures, freed when it returns; the tree it hands back is about
150 bytes per token), and CPython's compiler, run below, about 1 KiB. Memory follows the
tokens, not the lines (a one-line data literal of 500 KB takes 1 GiB) nor the bytes (a long
string is one token). So every text is counted first, in constant memory, with
:func:`token_count`, and one with more than ``max-file-tokens`` tokens, or more than
``max-file-bytes`` bytes, is refused before anything else reads it. README's "Memory" section
has the measurements behind the defaults.

**Depth.** LibCST's native parser recurses once per level of nesting and has no guard: about 1,250
nested brackets, or 6,000-8,000 chained ``and``/``+``/unary operators or dots in an
``import``, overflow an 8 MiB stack and the process dies with a segmentation fault (measured
on CPython 3.11, LibCST 1.9). CPython's own parser refuses such files politely: more than
200 nested brackets ("too many nested parentheses"), 100 levels of indentation, or a syntax
tree deeper than about 3,000 levels. What CPython accepts, LibCST parses, except where
CPython keeps flat what LibCST nests: ``a and b and c`` (one ``BoolOp`` for CPython, a chain
of ``BooleanOperation`` for LibCST), dotted names in imports (a string for CPython, a chain
of ``Attribute``) and the ``for`` clauses of a comprehension. So the check is CPython's
parser (C, never crashes) plus a walk of its tree that counts those chains as nested; a
file deeper than :data:`MAX_DEPTH` is refused. At that depth every rule, fix and metadata
pass was measured to run too (at 2,500 as well), so the margin is at least 2.5x everywhere
and 6x for the parser.

A file CPython cannot compile for another reason (a syntax error, or syntax newer than the
running Python) is bounded by its tokens instead: no logical line may hold more nesting
tokens (operators, dots, keywords, strings) than :data:`MAX_DEPTH`.

The same walk records where each statement starts, which the index uses for line numbers
(parsing the file a second time, or LibCST's positions, would cost more than the tree).
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
import warnings
from dataclasses import dataclass

from ormlint.core.config import Config

MAX_DEPTH = 1000
# CPython's SyntaxErrors that are limits of its parser rather than mistakes in the code.
_CPYTHON_LIMITS = ("too many nested parentheses", "too many levels of indentation", "too deeply nested", "too complex")
# Tokens that never open a level of nesting.
_FLAT_OPS = frozenset({",", ";", ":", "=", ")", "]", "}", "->"})
# What token_count counts: words (names, numbers, keywords), other visible characters, line breaks.
_TOKEN = re.compile(r"\w+|[^\w\s]|\n")
_COUNT_CHUNK = 64 * 1024  # characters counted at a time: the list of their tokens stays small
_NESTING_KEYWORDS = frozenset({"and", "or", "not", "if", "else", "lambda", "await", "for", "in", "is", "yield"})


@dataclass(frozen=True)
class Refusal:
    line: int
    column: int  # 1-based
    reason: str


@dataclass(frozen=True)
class Survey:
    """What the pre-check learned of a text it lets through."""

    tokens: int  # as token_count counts them
    statement_lines: tuple[int, ...]  # first line of every statement in source order; () if Python cannot compile it


def too_large(size: int, limit: int) -> str:
    return f"not checked: file too large ({size:,} bytes; the limit is {limit:,}, max-file-bytes)"


def token_count(text: str, stop_after: int | None = None) -> int:
    """Words, other visible characters and line breaks: an upper bound of Python's tokens
    (``**=`` counts 3, a string counts its words, blank lines and comments count), counted in
    chunks so that it takes no memory; stops once past ``stop_after``."""
    count, start, end_of_text = 0, 0, len(text)
    while start < end_of_text and (stop_after is None or count <= stop_after):
        end = text.find("\n", start + _COUNT_CHUNK)  # a cut at a line break splits no token
        end = end_of_text if end == -1 else end
        count += len(_TOKEN.findall(text, start, end))
        start = end
    return count


def survey(text: str, config: Config) -> Survey | Refusal:
    """Why ``text`` must not be given to LibCST's parser, or what was learned of it on the way."""
    if len(text) * 4 > config.max_file_bytes:  # else it cannot be over the limit, even in UTF-8
        size = len(text.encode("utf-8", "surrogatepass"))
        if size > config.max_file_bytes:
            return Refusal(1, 1, too_large(size, config.max_file_bytes))
    tokens = token_count(text, stop_after=config.max_file_tokens)
    if tokens > config.max_file_tokens:
        return Refusal(1, 1, f"not checked: too large to parse (more than {config.max_file_tokens:,} tokens, "
                             f"max-file-tokens)")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = compile(text, "<ormlint>", "exec", flags=ast.PyCF_ONLY_AST, dont_inherit=True)
    except SyntaxError as exc:
        if any(limit in (exc.msg or "") for limit in _CPYTHON_LIMITS):
            return Refusal(max(exc.lineno or 1, 1), max(exc.offset or 1, 1), f"syntax error: {exc.msg}")
        return _token_refusal(text) or Survey(tokens, ())
    except (RecursionError, MemoryError) as exc:
        return Refusal(1, 1, f"not checked: too deeply nested for Python's own parser ({type(exc).__name__})")
    except ValueError:  # a NUL byte: LibCST reports it as a syntax error
        return Survey(tokens, ())
    refused, statement_lines = _walk(tree)
    return refused or Survey(tokens, statement_lines)


def _walk(tree: ast.AST) -> tuple[Refusal | None, tuple[int, ...]]:
    """The first node nested deeper than MAX_DEPTH, counting LibCST's chains; and the first
    line of every statement, in source order."""
    stack: list[tuple[ast.AST, int]] = [(tree, 0)]
    iter_children = ast.iter_child_nodes
    starts: list[tuple[int, int]] = []
    while stack:
        node, depth = stack.pop()
        kind = type(node)
        if isinstance(node, ast.stmt):
            starts.append((node.lineno, node.col_offset))
        if kind is ast.BoolOp:
            depth += len(node.values)
        elif kind is ast.Import:
            depth += max((alias.name.count(".") for alias in node.names), default=0)
        elif kind is ast.ImportFrom:
            depth += (node.module or "").count(".")
        elif kind in (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp):
            depth += len(node.generators)
        if depth > MAX_DEPTH:
            line, column = getattr(node, "lineno", 1), getattr(node, "col_offset", 0) + 1
            return Refusal(line, column, f"not checked: nested more than {MAX_DEPTH} levels deep "
                                         f"(ormlint's parser would overflow its stack)"), ()
        depth += 1
        stack.extend((child, depth) for child in iter_children(node))
    starts.sort()
    return None, tuple(line for line, _ in starts)


def _token_refusal(text: str) -> Refusal | None:
    """For code CPython cannot compile: no chain of nesting tokens (operators, dots, keywords, a string right
    after another: an implicit concatenation) in one logical line may be longer than MAX_DEPTH. A comma starts
    its element's chain again from where its brackets opened (the elements of a list are siblings), and a group
    closed is one more link of the chain around it."""
    count = 0
    opened: list[int] = []  # the chain's length where each open bracket opened
    previous = None
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type in (tokenize.NEWLINE, tokenize.ENDMARKER):
                count, opened, previous = 0, [], None
                continue
            if token.type in (tokenize.NL, tokenize.COMMENT):
                continue
            if token.type == tokenize.OP and token.string in "([{":
                opened.append(count)
                count += 1
            elif token.type == tokenize.OP and token.string in ")]}":
                count = (opened.pop() if opened else 0) + 1
            elif token.type == tokenize.OP and token.string == ",":
                count = (opened[-1] + 1) if opened else 0
            elif token.type == tokenize.OP:
                count += token.string not in _FLAT_OPS
            elif token.type == tokenize.STRING:
                count += previous == tokenize.STRING
            elif token.type == tokenize.NAME:
                count += token.string in _NESTING_KEYWORDS
            previous = token.type
            if count > MAX_DEPTH or len(opened) > 200:
                line, column = token.start
                return Refusal(line, column + 1, f"not checked: more than {MAX_DEPTH} levels of nesting in one statement "
                                                 f"(ormlint's parser would overflow its stack)")
    except (tokenize.TokenError, SyntaxError):
        return None  # LibCST stops at the same error before nesting anything deeply
    return None
