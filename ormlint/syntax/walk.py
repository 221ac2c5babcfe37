"""A fast, read-only traversal of LibCST trees.

``CSTNode.visit`` rebuilds every node it passes (it is built for transformers), which
costs about as much as parsing. Linting only reads, so the engine walks the dataclass
fields directly, skipping whitespace and punctuation, and dispatches every rule's
``visit_<Node>``/``leave_<Node>`` methods from one walk. Measured on real code: about
18 times faster than an empty ``CSTVisitor``.
"""

from __future__ import annotations

import dataclasses
import weakref
from contextlib import contextmanager
from typing import Iterable, Iterator, Sequence

import libcst as cst
from libcst.metadata import CodeRange, MetadataWrapper, PositionProvider
from libcst.metadata.position_provider import PositionProvidingCodegenState

_TOKEN_BASES = (
    cst.BaseParenthesizableWhitespace, cst.TrailingWhitespace, cst.EmptyLine, cst.Newline, cst.Comment,
    cst.Comma, cst.Dot, cst.LeftParen, cst.RightParen, cst.LeftSquareBracket, cst.RightSquareBracket,
    cst.LeftCurlyBrace, cst.RightCurlyBrace, cst.Colon, cst.Semicolon, cst.AssignEqual, cst.ImportStar,
    cst.BaseUnaryOp, cst.BaseBinaryOp, cst.BaseBooleanOp, cst.BaseCompOp, cst.BaseAugOp,
)
_SKIPPED_FIELD_PREFIXES = (
    "whitespace", "lpar", "rpar", "leading_lines", "lines_after", "comma", "semicolon", "dot", "equal",
    "colon", "newline", "header", "footer", "trailing", "lbracket", "rbracket", "lbrace", "rbrace",
    "operator", "first_colon", "second_colon", "relative", "posonly_ind",
)
# Fields visited first so that the walk follows source order (decorators before the name).
_EARLY_FIELDS = ("decorators",)
_LATE_FIELDS = ("body", "orelse", "handlers", "finalbody")


def subclasses(cls: type) -> set[type]:
    """``cls`` and all its subclasses, transitively."""
    found = {cls}
    for sub in cls.__subclasses__():
        found |= subclasses(sub)
    return found


_TOKENS: frozenset[type] = frozenset(t for base in _TOKEN_BASES for t in subclasses(base))
_FIELDS: dict[type, tuple[str, ...]] = {}


def child_fields(node_type: type) -> tuple[str, ...]:
    names = _FIELDS.get(node_type)
    if names is None:
        all_names = [f.name for f in dataclasses.fields(node_type) if not f.name.startswith(_SKIPPED_FIELD_PREFIXES)]
        early = [n for n in all_names if n in _EARLY_FIELDS]
        late = [n for n in _LATE_FIELDS if n in all_names]
        names = tuple(early + [n for n in all_names if n not in early and n not in late] + late)
        _FIELDS[node_type] = names
    return names


# Whether a value of this type is a meaningful node (a node, not whitespace or punctuation), by type:
# ``isinstance`` against LibCST's abstract node class costs more than the rest of a walk.
_MEANINGFUL: dict[type, bool] = {}


def _meaningful(value_type: type) -> bool:
    known = _MEANINGFUL[value_type] = issubclass(value_type, cst.CSTNode) and value_type not in _TOKENS
    return known


def _field_children(node: cst.CSTNode) -> tuple[cst.CSTNode, ...]:
    """The meaningful child nodes of ``node`` in source order, read from its fields."""
    meaningful = _MEANINGFUL
    node_type = type(node)
    below = []
    for name in _FIELDS.get(node_type) or child_fields(node_type):
        value = getattr(node, name)
        value_type = type(value)
        if value_type is tuple or value_type is list:
            for item in value:
                keep = meaningful.get(type(item))
                if keep or keep is None and _meaningful(type(item)):
                    below.append(item)
        else:
            keep = meaningful.get(value_type)
            if keep or keep is None and _meaningful(value_type):
                below.append(value)
    return tuple(below)


# The tree :func:`prepared` is in force for: each node's children, every node in pre-order, and each
# node's place in that order (start, end of its subtree), keyed by ``id``. Only while the tree is held
# (its nodes alive): no other object can then have one of those ids.
_KIDS: dict[int, tuple[cst.CSTNode, ...]] = {}
_ORDER: list[cst.CSTNode] = []
_SPANS: dict[int, tuple[int, int]] = {}


@contextmanager
def prepared(root: cst.CSTNode) -> Iterator[None]:
    """Within the block, :func:`children` and :func:`descendants` of ``root``'s nodes are read from
    tables built in one walk: the index's extractors and the rules walk each file's tree many times
    over, and reading the fields again each time costs more than the rest of a walk. Any other node
    (a fix's new tree) is read from its fields as outside the block."""
    global _KIDS, _ORDER, _SPANS
    saved = _KIDS, _ORDER, _SPANS
    kids: dict[int, tuple[cst.CSTNode, ...]] = {}
    order: list[cst.CSTNode] = []
    spans: dict[int, tuple[int, int]] = {}
    stack = [root]
    while stack:
        node = stack.pop()
        order.append(node)
        below = kids[id(node)] = _field_children(node)
        stack.extend(reversed(below))
    for start in range(len(order) - 1, -1, -1):  # a subtree ends where its last child's does
        below = kids[id(order[start])]
        spans[id(order[start])] = (start, spans[id(below[-1])][1] if below else start + 1)
    _KIDS, _ORDER, _SPANS = kids, order, spans
    try:
        yield
    finally:
        _KIDS, _ORDER, _SPANS = saved


def children(node: cst.CSTNode) -> Iterable[cst.CSTNode]:
    """The meaningful child nodes of ``node`` in source order (no whitespace or punctuation)."""
    kids = _KIDS.get(id(node))
    return _field_children(node) if kids is None else kids


def descendants(node: cst.CSTNode) -> Iterable[cst.CSTNode]:
    """Every meaningful node below ``node`` (pre-order), without ``node`` itself."""
    span = _SPANS.get(id(node))
    if span is not None:
        return _ORDER[span[0] + 1:span[1]]
    return _walk_descendants(node)


def _walk_descendants(node: cst.CSTNode) -> Iterator[cst.CSTNode]:
    stack = list(children(node))
    stack.reverse()
    while stack:
        current = stack.pop()
        yield current
        kids = list(children(current))
        kids.reverse()
        stack.extend(kids)


def statements(root: cst.CSTNode) -> Iterator[cst.CSTNode]:
    """Every statement (small and compound) below ``root``, without entering expressions."""
    stack = [root]
    while stack:
        current = stack.pop()
        if isinstance(current, cst.SimpleStatementLine):
            yield from current.body
            continue
        if isinstance(current, (cst.BaseSmallStatement, cst.BaseCompoundStatement)):
            yield current
        kids = [c for c in children(current) if isinstance(c, _STATEMENT_CONTAINERS)]
        kids.reverse()
        stack.extend(kids)


def child_statements(node: cst.CSTNode) -> Iterator[cst.CSTNode]:
    """The statements (small or compound) directly in ``node``'s blocks (body, handlers, cases,
    ``else``, ``finally``), in source order; an ``elif`` is one of them."""
    blocks: list[cst.CSTNode] = []
    for name in ("body", "handlers", "cases", "orelse", "finalbody"):
        value = getattr(node, name, None)
        if isinstance(value, (list, tuple)):
            blocks.extend(value)
        elif isinstance(value, cst.CSTNode):
            blocks.append(value)
    for block in blocks:
        if isinstance(block, cst.SimpleStatementLine):
            yield from block.body
        elif isinstance(block, (cst.BaseSmallStatement, cst.BaseCompoundStatement)):
            yield block
        elif isinstance(block, (cst.BaseSuite, cst.ExceptHandler, cst.ExceptStarHandler, cst.MatchCase,
                                cst.Else, cst.Finally)):
            yield from child_statements(block)


_STATEMENT_CONTAINERS = (
    cst.SimpleStatementLine, cst.BaseCompoundStatement, cst.BaseSuite, cst.BaseSmallStatement,
    cst.ExceptHandler, cst.ExceptStarHandler, cst.Else, cst.Finally, cst.If, cst.MatchCase,
)


def parent_map(root: cst.CSTNode) -> dict[cst.CSTNode, cst.CSTNode]:
    parents: dict[cst.CSTNode, cst.CSTNode] = {}
    stack = [root]
    while stack:
        current = stack.pop()
        for child in children(current):
            parents[child] = current
            stack.append(child)
    return parents


class _MeaningfulPositions(PositionProvidingCodegenState):
    """LibCST's position codegen, keeping the ranges of the nodes the walk visits only.

    A token's range (``)``, ``*``) may give its parent's end, so each is kept until the next
    meaningful node is done, by which time its parent has used it.
    """

    def after_codegen(self, node: cst.CSTNode) -> None:
        super().after_codegen(node)
        if type(node) in _TOKENS:
            self.pending_tokens.append(node)
        else:
            computed = self.provider._computed
            for token in self.pending_tokens:
                computed.pop(token, None)  # a node object may appear twice
            self.pending_tokens.clear()


def positions(module: cst.Module) -> dict[cst.CSTNode, CodeRange]:
    """LibCST's ``PositionProvider`` ranges of every meaningful node (no whitespace, punctuation
    or operator: those are two thirds of the nodes, and a range costs more than its node).

    Computed by the provider's code generation alone: resolving it through a MetadataWrapper
    also walks the whole tree for batchable providers first, which costs as much again.
    """
    provider = PositionProvider()
    try:
        state = _MeaningfulPositions(module.default_indent, module.default_newline, provider)
        state.pending_tokens = []
        module._codegen(state)
        return provider._computed
    except AttributeError:  # pragma: no cover - a LibCST without these internals
        return MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)


class Dispatcher:
    """Runs many visitors (rules) over one tree in a single walk.

    A visitor's ``visit_X`` returning False skips the children for that visitor only;
    its ``leave_X`` is still called for the node itself, as LibCST does.
    """

    # Weak: helpers define visitor classes inside functions, a new type per call.
    _tables: "weakref.WeakKeyDictionary[type, tuple[dict[str, str], dict[str, str]]]" = weakref.WeakKeyDictionary()

    def __init__(self, visitors: list[cst.CSTVisitor], stack: list[cst.CSTNode]) -> None:
        self.stack = stack
        self.visits: dict[str, list] = {}
        self.leaves: dict[str, list] = {}
        for visitor in visitors:
            visit_names, leave_names = self._methods(type(visitor))
            for node_name, method in visit_names.items():
                self.visits.setdefault(node_name, []).append((visitor, getattr(visitor, method)))
            for node_name, method in leave_names.items():
                self.leaves.setdefault(node_name, []).append((visitor, getattr(visitor, method)))
        self.muted: dict[cst.CSTVisitor, cst.CSTNode] = {}

    @classmethod
    def _methods(cls, visitor_type: type) -> tuple[dict[str, str], dict[str, str]]:
        """The ``visit_X``/``leave_X`` methods the visitor's own classes define.

        LibCST's base classes define a no-op for every node type; dispatching to those
        would cost a call per node and rule, so only methods from non-LibCST classes count.
        """
        tables = cls._tables.get(visitor_type)
        if tables is None:
            visits: dict[str, str] = {}
            leaves: dict[str, str] = {}
            for klass in reversed(visitor_type.__mro__):
                if klass.__module__.startswith("libcst") or klass is object:
                    continue
                for name, value in vars(klass).items():
                    if callable(value) and name.startswith("visit_"):
                        visits[name[6:]] = name
                    elif callable(value) and name.startswith("leave_"):
                        leaves[name[6:]] = name
            tables = cls._tables[visitor_type] = (visits, leaves)
        return tables

    def run(self, node: cst.CSTNode) -> None:
        visits, leaves, muted, stack = self.visits, self.leaves, self.muted, self.stack

        def walk(node: cst.CSTNode) -> None:
            name = type(node).__name__
            stack.append(node)
            for visitor, method in visits.get(name, ()):
                if visitor not in muted and method(node) is False:
                    muted[visitor] = node
            for child in children(node):
                walk(child)
            for visitor, method in leaves.get(name, ()):
                owner = muted.get(visitor)
                if owner is None or owner is node:
                    method(node)
            if muted:
                for visitor in [v for v, owner in muted.items() if owner is node]:
                    del muted[visitor]
            stack.pop()

        walk(node)


def visit(node: cst.CSTNode, visitor: cst.CSTVisitor) -> None:
    """Run one read-only visitor over ``node`` and its subtree with the fast walk.

    Use it instead of ``node.visit(visitor)`` (which rebuilds every node); the visitor's
    ``visit_X`` returning False skips that node's children, as in LibCST.
    """
    Dispatcher([visitor], []).run(node)


SCOPES = (cst.FunctionDef, cst.ClassDef, cst.Lambda)
_SCOPE_TYPES = frozenset(SCOPES)  # final classes: a type test, cheaper than isinstance with LibCST's ABC


def walk_scope(node: cst.CSTNode, into_scopes: bool = False) -> Iterator[tuple[cst.CSTNode, tuple[cst.CSTNode, ...]]]:
    """``node`` and every meaningful node under it with its ancestors (outermost first), in
    source order; nested functions, classes and lambdas are not entered unless ``into_scopes``."""
    stack: list[tuple[cst.CSTNode, tuple[cst.CSTNode, ...]]] = [(node, ())]
    while stack:
        current, ancestors = stack.pop()
        yield current, ancestors
        if current is not node and type(current) in _SCOPE_TYPES and not into_scopes:
            continue
        chain = (*ancestors, current)
        stack.extend((child, chain) for child in reversed(tuple(children(current))))


def scope_nodes(node: cst.CSTNode, into_scopes: bool = False) -> Iterator[cst.CSTNode]:
    """The nodes of :func:`walk_scope` without their ancestors: read from the tables of a
    :func:`prepared` tree, a nested scope's subtree skipped by its span."""
    span = _SPANS.get(id(node))
    if span is None:
        yield from (current for current, _ in walk_scope(node, into_scopes))
        return
    order, spans = _ORDER, _SPANS
    yield node
    position, end = span[0] + 1, span[1]
    while position < end:
        current = order[position]
        yield current
        if not into_scopes and type(current) in _SCOPE_TYPES:
            position = spans[id(current)][1]
        else:
            position += 1


def ending_jump(stmt: cst.CSTNode) -> str | None:
    """How a simple statement line ends: "return" (``return``/``raise``), "break", "continue", or None."""
    if isinstance(stmt, (cst.SimpleStatementLine, cst.SimpleStatementSuite)) and stmt.body:
        last = stmt.body[-1]
        if isinstance(last, (cst.Return, cst.Raise)):
            return "return"
        return {cst.Break: "break", cst.Continue: "continue"}.get(type(last))
    return None


def leaves_loop(body: cst.CSTNode) -> bool:
    """``body`` (of a loop, or of a handler in one) returns or breaks out of that loop; a ``break``
    of a loop nested in ``body`` does not."""
    for current, ancestors in walk_scope(body):
        if isinstance(current, cst.Return):
            return True
        if isinstance(current, cst.Break) and not any(isinstance(a, (cst.For, cst.While)) for a in ancestors):
            return True
    return False


def function_named(statements: Sequence[cst.CSTNode], name: str) -> cst.FunctionDef | None:
    """The function ``name`` defined among ``statements`` (a module's or a class's body)."""
    return next((s for s in statements if isinstance(s, cst.FunctionDef) and s.name.value == name), None)


def own_calls(node: cst.CSTNode) -> Iterator[tuple[cst.Call, tuple[cst.CSTNode, ...]]]:
    """The calls of ``node``'s own scope, with their ancestors."""
    for current, ancestors in walk_scope(node):
        if isinstance(current, cst.Call):
            yield current, ancestors


def in_rollback_handler(ancestors: Sequence[cst.CSTNode], within: cst.CSTNode | None = None) -> bool:
    """The node sits in an ``except`` clause that ends by raising (inside ``within``, when given): it runs
    exactly when the transaction around it is rolled back (a failure alert, a cleanup of its own)."""
    inside = within is None
    for node in ancestors:
        inside = inside or node is within
        if inside and isinstance(node, cst.ExceptHandler):
            body = node.body.body
            last = body[-1] if body else None
            if isinstance(last, cst.SimpleStatementLine) and isinstance(last.body[-1], cst.Raise):
                return True
    return False
