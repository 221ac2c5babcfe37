"""Bindings of local names in one function body, in statement order, with the branch each sits in.

:class:`FunctionFlow` records every binding of every local name of a function (or module)
body: assignments, ``+=``, ``append``/``extend`` on a name, ``with ... as``, loop targets,
comprehension variables and parameters, each with its statement order and the conditional
blocks around it. It also records the *checks* that narrow a name from a statement on
(:class:`Check`): ``if x not in C: raise``, ``assert x in C``, ``if not re.fullmatch(p, x):
return``, ``if not x.isdigit(): raise``, ``if x not in C: x = "default"`` and the body of
``if x in C:``, and a call handed the name in a statement of its own, ``ZoneInfo(tz)`` or
``uid = UUID(x)`` (unless an ``except`` around it carries on, or ``contextlib.suppress``
swallows what it raises). What a check proves (is ``C`` a constant collection? does the
pattern refuse quotes? does the call raise for a value holding a quote?) is for the analysis
that reads them to decide.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

import libcst as cst

from ormlint.syntax.names import dotted_name
from ormlint.syntax.walk import children

Branch = tuple[tuple[int, str], ...]
_EXITS = (cst.Raise, cst.Return, cst.Continue, cst.Break)
# Calls that never return: they raise (Flask's and werkzeug's ``abort(404)``) or end the process.
_NO_RETURN = frozenset({"abort", "flask.abort", "werkzeug.exceptions.abort", "sys.exit", "exit", "os._exit",
                        "pytest.fail", "pytest.skip"})


def _exits(statement: cst.CSTNode) -> bool:
    """``raise``, ``return``, ``continue``, ``break``, or a call that never returns (``abort(400)``)."""
    if isinstance(statement, _EXITS):
        return True
    call = statement.value if isinstance(statement, cst.Expr) else None
    return isinstance(call, cst.Call) and dotted_name(call.func) in _NO_RETURN


@dataclass
class Binding:
    """One binding of a local name, in statement order."""

    order: float
    kind: str  # set | aug | append | extend | with | for | param | declare | unknown
    value: cst.BaseExpression | None
    branch: Branch  # enclosing conditional blocks
    node: cst.CSTNode  # the binding statement or expression
    annotation: cst.BaseExpression | None = None
    index: int | None = None  # a loop target unpacked from each item: its position (``for i, row in ...``)


@dataclass(frozen=True)
class Check:
    """A test of a local name that holds from ``order`` on, within ``branch``.

    ``kind``: ``member`` (``x in against``), ``ordered`` (``x > 0``: ``against`` is the number; it
    holds after the test whichever way it went, since comparing text with a number raises), ``match`` (``against`` is the regex call,
    ``re.fullmatch(p, x)``/``P.fullmatch(x)``), ``method`` (``x.isdigit()``: ``against`` is
    the method name), ``call`` (``ZoneInfo(x)`` run as a statement of its own: ``against`` is
    the call; what follows runs only if it returned; not in the ``except``/``finally`` blocks of
    the ``try`` statements ``tries`` around it, which run when it raised). ``default``: the
    value the name is reset to when the test fails (``if x not in C: x = "id"``); None when the
    failing branch leaves instead.
    """

    name: str
    order: float
    branch: Branch
    kind: str
    against: cst.BaseExpression | str
    default: cst.BaseExpression | None = None
    tries: tuple[int, ...] = ()


class FunctionFlow:
    """Bindings and checks of local names in one function body (or a module body)."""

    def __init__(self, scope: cst.CSTNode) -> None:
        self.scope = scope
        self.bindings: dict[str, list[Binding]] = {}
        self.checks: list[Check] = []
        self.stmt_order: dict[int, float] = {}
        self.stmt_branch: dict[int, Branch] = {}
        self.branch_at: dict[float, Branch] = {}
        self.loads: dict[str, int] = {}
        self._order: float = 0
        self._branch: list[tuple[int, str]] = []
        self._trying: list[cst.Try] = []  # try statements whose body is being walked
        self._suppressing = 0  # inside ``with contextlib.suppress(...)``
        if isinstance(scope, (cst.FunctionDef, cst.Lambda)):
            for param in all_params(scope.params):
                self._bind(param.name.value, "param", param.default, param,
                           annotation=param.annotation.annotation if param.annotation else None)
            body = scope.body
        else:
            body = scope
        self._walk(body)

    # -- a read-only walk in source order, with statement order and branches -------------
    def _walk(self, node: cst.CSTNode) -> None:
        if isinstance(node, (cst.FunctionDef, cst.ClassDef, cst.Lambda)) and node is not self.scope:
            if isinstance(node, (cst.FunctionDef, cst.ClassDef)):
                self._bind(node.name.value, "unknown", None, node)
            return
        if isinstance(node, (cst.SimpleStatementLine, cst.BaseCompoundStatement)):
            self._order += 1
            self.stmt_order[id(node)] = self._order
            self.stmt_branch[id(node)] = self.branch_at[self._order] = tuple(self._branch)
        method = getattr(self, "visit_" + type(node).__name__, None)
        if method is not None and method(node) is False:
            return
        for child in children(node):
            self._walk(child)

    def visit_If(self, node: cst.If) -> bool:
        self._walk(node.test)
        self._check(node)
        self._walk_branch(node, "if", node.body)
        if node.orelse is not None:
            self._walk_branch(node, "else", node.orelse)
        return False

    def visit_For(self, node: cst.For) -> bool:
        self._walk(node.iter)
        self._bind_loop_target(node.target, node.iter, node)
        self._walk_branch(node, "loop", node.body)
        if node.orelse is not None:
            self._walk_branch(node, "else", node.orelse)
        return False

    def visit_While(self, node: cst.While) -> bool:
        self._walk(node.test)
        self._walk_branch(node, "loop", node.body)
        if node.orelse is not None:
            self._walk_branch(node, "else", node.orelse)
        return False

    def visit_Try(self, node: cst.Try) -> bool:
        self._trying.append(node)
        self._walk(node.body)
        self._trying.pop()
        for i, handler in enumerate(node.handlers):
            self._walk_branch(node, f"except{i}", handler)
        for part, name in ((node.orelse, "else"), (node.finalbody, "finally")):
            if part is not None:
                self._walk_branch(node, name, part)
        return False

    def visit_Match(self, node: cst.Match) -> bool:
        self._walk(node.subject)
        for i, case in enumerate(node.cases):
            self._walk_branch(node, f"case{i}", case)
        return False

    def visit_With(self, node: cst.With) -> bool:
        suppressing = any(isinstance(item.item, cst.Call) and (dotted_name(item.item.func) or "").endswith("suppress")
                          for item in node.items)
        self._suppressing += suppressing
        for child in children(node):
            self._walk(child)
        self._suppressing -= suppressing
        return False

    def _walk_branch(self, owner: cst.CSTNode, name: str, body: cst.CSTNode) -> None:
        self._branch.append((id(owner), name))
        self._walk(body)
        self._branch.pop()

    # -- bindings ------------------------------------------------------------------
    def _bind(self, name: str, kind: str, value, node, annotation=None, index: int | None = None) -> None:
        self.bindings.setdefault(name, []).append(
            Binding(self._order, kind, value, tuple(self._branch), node, annotation, index))

    def _bind_target(self, target: cst.BaseExpression, kind: str, value, node) -> None:
        if kind == "for" and not isinstance(target, cst.Name):
            kind = "unknown"
        if isinstance(target, cst.Name):
            self._bind(target.value, kind, value, node)
        elif isinstance(target, (cst.Tuple, cst.List)):
            for element in target.elements:
                inner = element.value.value if isinstance(element.value, cst.StarredElement) else element.value
                self._bind_target(inner, "unknown", None, node)
        elif isinstance(target, cst.StarredElement):
            self._bind_target(target.value, "unknown", None, node)

    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            self._bind_target(target.target, "set", node.value, node)
        self._call_check(node.value)

    def visit_Expr(self, node: cst.Expr) -> None:
        self._call_check(node.value)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if isinstance(node.target, cst.Name):
            kind = "set" if node.value is not None else "declare"
            self._bind(node.target.value, kind, node.value, node, annotation=node.annotation.annotation)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        if isinstance(node.target, cst.Name):
            kind = "aug" if isinstance(node.operator, cst.AddAssign) else "unknown"
            self._bind(node.target.value, kind, node.value, node)

    def visit_WithItem(self, node: cst.WithItem) -> None:
        if node.asname is not None:
            self._bind_target(node.asname.name, "with", node.item, node)

    def visit_NamedExpr(self, node: cst.NamedExpr) -> None:
        self._bind_target(node.target, "set", node.value, node)

    def visit_CompFor(self, node: cst.CompFor) -> bool:
        # Comprehension variables are bound just before the statement that holds them.
        self._order -= 0.5
        self._bind_loop_target(node.target, node.iter, node)
        self._order += 0.5
        return True

    def _bind_loop_target(self, target: cst.BaseExpression, iterable: cst.BaseExpression, node) -> None:
        """Loop variables, unpacked ones included, remember what they iterate over."""
        if isinstance(target, (cst.Tuple, cst.List)):
            for i, element in enumerate(target.elements):
                if isinstance(element.value, cst.Name):
                    self._bind(element.value.value, "for", iterable, node, index=i)
                else:
                    self._bind_target(element.value, "unknown", None, node)
        else:
            self._bind_target(target, "for", iterable, node)

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name) and node.args:
            if func.attr.value in ("append", "extend", "insert"):
                value = node.args[-1].value
                kind = "extend" if func.attr.value == "extend" else "append"
                self._bind(func.value.value, kind, value, node)

    def visit_Name(self, node: cst.Name) -> None:
        self.loads[node.value] = self.loads.get(node.value, 0) + 1

    # -- checks ------------------------------------------------------------------
    def _check(self, node: cst.If) -> None:
        ordered = _ordered(node.test)
        if ordered is not None:
            self.checks.append(Check(ordered[0], self._order, tuple(self._branch), "ordered", ordered[1]))
        test, negated = node.test, False
        if isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not):
            test, negated = test.expression, True
        found = _tested(test)
        if found is None:
            return
        name, kind, against, member = found
        positive = member != negated  # the body runs when the test passes
        here = tuple(self._branch)
        if positive:  # if x in C: <uses of x>
            self.checks.append(Check(name, self._order, here + ((id(node), "if"),), kind, against))
            return
        smalls = _small_statements(node.body)
        if smalls and _exits(smalls[-1]):
            self.checks.append(Check(name, self._order, here, kind, against))
        elif len(smalls) == 1 and isinstance(smalls[0], cst.Assign) and len(smalls[0].targets) == 1 \
                and isinstance(smalls[0].targets[0].target, cst.Name) and smalls[0].targets[0].target.value == name:
            self.checks.append(Check(name, self._order + 0.75, here, kind, against, default=smalls[0].value))
        if node.orelse is not None and isinstance(node.orelse, cst.Else):  # if x not in C: ... else: <uses>
            self.checks.append(Check(name, self._order, here + ((id(node), "else"),), kind, against))

    def _call_check(self, value: cst.BaseExpression) -> None:
        """``ZoneInfo(tz)``, ``uid = UUID(x)``: what follows runs only if the call returned, when no
        ``except`` around it carries on (each leaves, or resets the name: its default)."""
        args = [a.value for a in value.args if a.keyword is None and not a.star] if isinstance(value, cst.Call) else []
        if self._suppressing or not args or not isinstance(args[0], cst.Name):
            return
        name, defaults = args[0].value, []
        for handler in (h for node in self._trying for h in node.handlers):
            smalls = _small_statements(handler.body)
            if len(smalls) == 1 and isinstance(smalls[0], cst.Assign) and len(smalls[0].targets) == 1 \
                    and isinstance(smalls[0].targets[0].target, cst.Name) and smalls[0].targets[0].target.value == name:
                defaults.append(smalls[0].value)
            elif not (smalls and _exits(smalls[-1])):
                return
        if len(defaults) <= 1:
            self.checks.append(Check(name, self._order, tuple(self._branch), "call", value,
                                     default=defaults[0] if defaults else None,
                                     tries=tuple(id(node) for node in self._trying)))

    def visit_Assert(self, node: cst.Assert) -> None:
        found = _tested(node.test)
        if found is not None and found[3]:
            name, kind, against, _ = found
            self.checks.append(Check(name, self._order, tuple(self._branch), kind, against))

    # -- queries -------------------------------------------------------------------
    def order_of(self, statement: cst.CSTNode) -> float:
        return self.stmt_order.get(id(statement), 10**9)

    def branch_of(self, statement: cst.CSTNode) -> Branch:
        return self.stmt_branch.get(id(statement), ())

    def reaching(self, name: str, order: float, branch: Branch | None = None) -> list[Binding] | None:
        """The bindings of ``name`` that may reach a use at ``order``; None if it is not local.

        Walking back from the use: appends are collected until a plain assignment that
        always runs before the use (same or enclosing block) ends the walk.
        """
        bindings = self.bindings.get(name)
        if not bindings:
            return None
        if branch is None:
            branch = self.branch_at.get(order, ())
        result: list[Binding] = []
        for binding in reversed([b for b in bindings if b.order < order or b.kind == "param"]):
            result.append(binding)
            if binding.kind in ("set", "with", "param", "for", "unknown") and branch[: len(binding.branch)] == binding.branch:
                break
        result.reverse()
        return result

    def checks_of(self, name: str, order: float, branch: Branch | None = None) -> list[Check]:
        """The checks of ``name`` in force at a use at ``order``: made before it, in its block or
        an enclosing one, and not undone by a later binding of the name before the use."""
        if branch is None:
            branch = self.branch_at.get(order, ())
        found = []
        for check in self.checks:
            if check.name != name or check.order >= order or branch[: len(check.branch)] != check.branch:
                continue
            if any(owner in check.tries and part != "else" for owner, part in branch):
                continue  # in an except or finally block of a try around the check: it may have failed
            if any(check.order < b.order < order and not (check.default is not None and b.value is check.default)
                   for b in self.bindings.get(name, ())):
                continue
            found.append(check)
        return found

    def rebound_between(self, names: set[str], start: float, end: float) -> bool:
        return any(start < b.order < end for n in names for b in self.bindings.get(n, ()))


def _small_statements(block: cst.BaseSuite) -> list[cst.CSTNode]:
    """The statements of a block, simple ones split: ``x = 1; return`` is two."""
    if isinstance(block, cst.SimpleStatementSuite):
        return list(block.body)
    body = block.body if isinstance(block, cst.IndentedBlock) else ()
    return [s for line in body for s in (line.body if isinstance(line, cst.SimpleStatementLine) else [line])]


def _ordered(test: cst.BaseExpression) -> tuple[str, cst.BaseExpression] | None:
    """(name, number) for ``x > 0``, ``x <= 1.5``: a name ordered against a number literal."""
    if isinstance(test, cst.Comparison) and len(test.comparisons) == 1 and isinstance(test.left, cst.Name):
        target = test.comparisons[0]
        number = target.comparator.expression if isinstance(target.comparator, cst.UnaryOperation) \
            else target.comparator
        if isinstance(target.operator, (cst.GreaterThan, cst.GreaterThanEqual, cst.LessThan, cst.LessThanEqual)) \
                and isinstance(number, (cst.Integer, cst.Float)):
            return test.left.value, target.comparator
    return None


def _tested(test: cst.BaseExpression) -> tuple[str, str, cst.BaseExpression | str, bool] | None:
    """(name, kind, against, positive) for ``x in C``/``x not in C``, ``re.fullmatch(p, x)``,
    ``P.fullmatch(x)``/``P.match(x)``, ``x.isdigit()`` and the like."""
    if isinstance(test, cst.Comparison) and len(test.comparisons) == 1 and isinstance(test.left, cst.Name):
        target = test.comparisons[0]
        if isinstance(target.operator, (cst.In, cst.NotIn)):
            return test.left.value, "member", target.comparator, isinstance(target.operator, cst.In)
        return None
    if not isinstance(test, cst.Call):
        return None
    func = test.func
    method = func.attr.value if isinstance(func, cst.Attribute) else dotted_name(func) or ""
    args = [a.value for a in test.args if a.keyword is None and not a.star]
    if method in ("fullmatch", "match") and args:
        module_level = isinstance(func, cst.Name) or dotted_name(func) in ("re.fullmatch", "re.match", "regex.fullmatch")
        subject = (args[1] if len(args) > 1 else None) if module_level else args[0]
        if isinstance(subject, cst.Name):
            return subject.value, "match", test, True
        return None
    if isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name) and not args \
            and method in ("isdigit", "isdecimal", "isnumeric", "isidentifier", "isalnum", "isalpha"):
        return func.value.value, "method", method, True
    return None


def all_params(params: cst.Parameters) -> Iterator[cst.Param]:
    yield from params.posonly_params
    yield from params.params
    if isinstance(params.star_arg, cst.Param):
        yield params.star_arg
    yield from params.kwonly_params
    if params.star_kwarg is not None:
        yield params.star_kwarg
