"""Index facts: what a module function reads on the objects handed to it.

``package_resource(package)`` in ``api/resources.py`` reads ``package.created_by`` and
``package.category``: a loop of another module handing it each row of ``Package.objects.all()``
loads both relations once per row, unless its query eager-loads them. The index pass records,
for each module function, the attributes it reads on each of its parameters, one hop deep, and
the method called on an attribute (``package.tags.all()``), much as ``ClassFact.self_reads`` does
for a model's own methods; the N+1 analysis of the caller checks the relations read, and those
whose manager is read as a prefetch would serve it (``all()``), against the row's model and eager loads.
"""

from __future__ import annotations

import libcst as cst

from ormlint.index.derived import derived_table
from ormlint.index.effects import enqueued_when_called
from ormlint.index.facts import ParameterReads
from ormlint.index.returns import runs_job
from ormlint.orms.django import DJANGO_EXTRAS
from ormlint.syntax.literals import memoised
from ormlint.syntax.names import ImportTable, by_dotted_suffix
from ormlint.syntax.testcode import is_fixture
from ormlint.syntax.walk import children, descendants

HINTS = ("def ",)
RELOAD = DJANGO_EXTRAS.reload


def extract_parameter_reads(module: cst.Module, module_name: str, imports: ImportTable) -> tuple[ParameterReads, ...]:
    """The reads of each module function on its parameters (those it never rebinds); not of a function whose
    one call is a whole job (see :func:`~ormlint.index.returns.runs_job`), cached per argument, or queued."""
    prefix = f"{module_name}." if module_name else ""
    functions = {s.name.value: s for s in module.body if isinstance(s, cst.FunctionDef)}
    found = []
    for statement in functions.values():
        if statement.name.value.startswith("test_") or is_fixture(statement, imports):
            continue  # pytest runs these, no loop of the project calls them
        params = statement.params
        names = [p.name.value for p in (*params.posonly_params, *params.params)]
        reads = _reads(statement, set(names) | {p.name.value for p in params.kwonly_params})
        if reads and not (memoised(statement) or enqueued_when_called(statement, imports)
                          or runs_job(statement, functions, imports)):
            found.append(ParameterReads(prefix + statement.name.value, tuple(names), reads))
    return tuple(found)


def _reads(function: cst.FunctionDef, params: set[str]) -> tuple[tuple[str, str, str], ...]:
    """(parameter, attribute, how): how is "attr" for a plain read, or the method called on it. Not a read
    in a branch that another parameter decides (``if legacy:``: the call may not take it), nor a related
    queryset handed to a keyword argument (``exclude(user_id__in=contest.rate_exclude.all())``: a subquery), nor
    a read of a parameter the function rebinds or reloads (``run.refresh_from_db()`` drops the relations the
    caller's query loaded: no eager load of that query serves them)."""
    reads: dict[tuple[str, str, str], None] = {}
    rebound = reloaded(function)

    def visit(node: cst.CSTNode, deciding: frozenset[str]) -> None:
        if isinstance(node, (cst.AssignTarget, cst.AnnAssign, cst.AugAssign, cst.For, cst.CompFor, cst.AsName,
                             cst.NamedExpr)):
            target = node.target if not isinstance(node, cst.AsName) else node.name
            rebound.update(n.value for n in (target, *descendants(target)) if isinstance(n, cst.Name))
        if isinstance(node, cst.Arg) and node.keyword is not None and isinstance(node.value, cst.Call):
            visit(node.value.func.value if isinstance(node.value.func, cst.Attribute) else node.value.func,
                  deciding)  # the queryset's receiver is read; the call builds a subquery
            for arg in node.value.args:
                visit(arg, deciding)
            return
        if isinstance(node, (cst.If, cst.IfExp)):
            visit(node.test, deciding)
            branch = deciding | {n.value for n in (node.test, *descendants(node.test))
                                 if isinstance(n, cst.Name) and n.value in params}
            for child in (node.body, node.orelse):
                if child is not None:
                    visit(child, branch)
            return
        if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) \
                and isinstance(node.func.value, cst.Attribute) and _on_param(node.func.value, params):
            _add(node.func.value.value.value, node.func.value.attr.value, node.func.attr.value, deciding)
        elif isinstance(node, cst.Attribute) and _on_param(node, params):
            _add(node.value.value, node.attr.value, "attr", deciding)
        for child in children(node):
            visit(child, deciding)

    def _add(param: str, attr: str, how: str, deciding: frozenset[str]) -> None:
        if deciding <= {param}:
            reads[(param, attr, how)] = None

    visit(function.body, frozenset())
    return tuple(r for r in reads if r[0] not in rebound)


def reloaded(function: cst.FunctionDef) -> set[str]:
    """The names whose object ``function`` reloads (``run.refresh_from_db()``): the relations cached on it are
    dropped, so what the query that fetched it eager-loaded is gone."""
    return {node.func.value.value for node in descendants(function.body)
            if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value == RELOAD
            and isinstance(node.func.value, cst.Name)}


def _on_param(node: cst.Attribute, params: set[str]) -> bool:
    return isinstance(node.value, cst.Name) and node.value.value in params


@derived_table
class ParameterReadsTable:
    """The project's parameter reads by every dotted suffix of the function's name (imports name it from the
    import root, the index from the project root)."""

    def __init__(self, index) -> None:
        self.by_suffix = by_dotted_suffix((f for facts in index.files.values() for f in facts.parameter_reads),
                                          lambda f: f.function)

    def get(self, qualified: str) -> ParameterReads | None:
        """The reads of the function ``qualified``, when exactly one function of the project has that name."""
        found = self.by_suffix.get(qualified, [])
        return found[0] if len(found) == 1 else None
