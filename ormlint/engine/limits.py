"""What the parser cannot take, refused before it is tried.

LibCST's native parser recurses once per level of nesting and has no guard: about 1,250
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

The same walk counts the syntax nodes: memory grows with them (about 4 KiB each at the peak,
measured), so a file with more than ``max-file-nodes`` is refused too.

A file CPython cannot compile for another reason (a syntax error, or syntax newer than the
running Python) is bounded by its tokens instead: no logical line may hold more nesting
tokens (operators, dots, keywords, strings) than :data:`MAX_DEPTH`.
"""

from __future__ import annotations

import ast
import io
import tokenize
import warnings
from dataclasses import dataclass

from ormlint.core.config import DEFAULT_MAX_FILE_NODES

MAX_DEPTH = 1000
# CPython's SyntaxErrors that are limits of its parser rather than mistakes in the code.
_CPYTHON_LIMITS = ("too many nested parentheses", "too many levels of indentation", "too deeply nested")
# Tokens that never open a level of nesting.
_FLAT_OPS = frozenset({",", ";", ":", "=", ")", "]", "}", "->"})
# Load/Store contexts and operators: shared singletons, neither nodes of LibCST nor memory.
_SINGLETONS = frozenset(kind for base in (ast.expr_context, ast.operator, ast.unaryop, ast.cmpop, ast.boolop)
                        for kind in base.__subclasses__())
_NESTING_KEYWORDS = frozenset({"and", "or", "not", "if", "else", "lambda", "await", "for", "in", "is", "yield"})


@dataclass(frozen=True)
class Refusal:
    line: int
    column: int  # 1-based
    reason: str


def refusal(text: str, max_nodes: int = DEFAULT_MAX_FILE_NODES) -> Refusal | None:
    """Why ``text`` must not be given to LibCST's parser, or None when it is safe to parse."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = compile(text, "<ormlint>", "exec", flags=ast.PyCF_ONLY_AST, dont_inherit=True)
    except SyntaxError as exc:
        if any(limit in (exc.msg or "") for limit in _CPYTHON_LIMITS):
            return Refusal(max(exc.lineno or 1, 1), max(exc.offset or 1, 1), f"syntax error: {exc.msg}")
        return _token_refusal(text)
    except (RecursionError, MemoryError) as exc:
        return Refusal(1, 1, f"too deeply nested for Python's own parser ({type(exc).__name__})")
    except ValueError:  # a NUL byte: LibCST reports it as a syntax error
        return None
    return _tree_refusal(tree, max_nodes)


def _tree_refusal(tree: ast.AST, max_nodes: int) -> Refusal | None:
    """The first node nested deeper than MAX_DEPTH, counting LibCST's chains; or too many nodes."""
    stack: list[tuple[ast.AST, int]] = [(tree, 0)]
    iter_children = ast.iter_child_nodes
    nodes = 0
    while stack:
        node, depth = stack.pop()
        kind = type(node)
        if kind in _SINGLETONS:
            continue
        nodes += 1
        if nodes > max_nodes:
            return Refusal(1, 1, f"not checked: more than {max_nodes:,} syntax nodes (max-file-nodes; "
                                 f"checking it would take more than about {max_nodes * 4 // 1024:,} MiB)")
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
                                         f"(ormlint's parser would overflow its stack)")
        depth += 1
        stack.extend((child, depth) for child in iter_children(node))
    return None


def _token_refusal(text: str) -> Refusal | None:
    """For code CPython cannot compile: no logical line may hold more than MAX_DEPTH nesting tokens."""
    count = brackets = 0
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type in (tokenize.NEWLINE, tokenize.ENDMARKER):
                count = 0
                continue
            if token.type == tokenize.OP:
                if token.string in "([{":
                    brackets += 1
                elif token.string in ")]}":
                    brackets -= 1
                nesting = token.string not in _FLAT_OPS
            else:
                nesting = token.type == tokenize.STRING or token.type == tokenize.NAME and token.string in _NESTING_KEYWORDS
            count += nesting
            if count > MAX_DEPTH or brackets > 200:
                line, column = token.start
                return Refusal(line, column + 1, f"not checked: more than {MAX_DEPTH} levels of nesting in one statement "
                                                 f"(ormlint's parser would overflow its stack)")
    except (tokenize.TokenError, SyntaxError):
        return None  # LibCST stops at the same error before nesting anything deeply
    return None
