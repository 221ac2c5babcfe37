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
EACH = "[]"  # a parameter's name with this: each element of it, the function looping over it
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
    """(parameter, attribute, how): how is "attr" for a plain read, or the method called on it; a read on each
    element of a parameter the function loops over (``for book in books: book.author``) is the parameter's
    name with ``[]`` (``books[]``). Not a read in a branch that another parameter decides (``if legacy:``: the
    call may not take it), nor a related queryset handed to a keyword argument
    (``exclude(user_id__in=contest.rate_exclude.all())``: a subquery), nor a read of a parameter the function
    rebinds or reloads (``run.refresh_from_db()`` drops the relations the caller's query loaded: no eager load
    of that query serves them)."""
    reads: dict[tuple[str, str, str], None] = {}
    rebound = reloaded(function)
    elements: dict[str, str] = {}  # a loop's name for each element of a parameter -> the parameter

    def loops_over(node: cst.For | cst.CompFor) -> None:
        """``for book in books``: ``book`` is each element of the parameter ``books`` (else no longer one)."""
        if isinstance(node.target, cst.Name):
            if isinstance(node.iter, cst.Name) and node.iter.value in params:
                elements[node.target.value] = node.iter.value
            else:
                elements.pop(node.target.value, None)

    def visit(node: cst.CSTNode, deciding: frozenset[str]) -> None:
        if isinstance(node, (cst.ListComp, cst.SetComp, cst.GeneratorExp, cst.DictComp)):
            comp = node.for_in
            while comp is not None:  # the element expression is visited before the ``for`` that binds it
                loops_over(comp)
                comp = comp.inner_for_in
        if isinstance(node, cst.For):
            loops_over(node)
        if isinstance(node, (cst.AssignTarget, cst.AnnAssign, cst.AugAssign, cst.For, cst.CompFor, cst.AsName,
                             cst.NamedExpr)):
            target = node.target if not isinstance(node, cst.AsName) else node.name
            rebound.update(n.value for n in (target, *descendants(target)) if isinstance(n, cst.Name))
            if not isinstance(node, (cst.For, cst.CompFor)):
                for name in (n.value for n in (target, *descendants(target)) if isinstance(n, cst.Name)):
                    elements.pop(name, None)
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
                and isinstance(node.func.value, cst.Attribute) and _on_param(node.func.value, params | set(elements)):
            _add(_owner(node.func.value.value.value), node.func.value.attr.value, node.func.attr.value, deciding)
        elif isinstance(node, cst.Attribute) and _on_param(node, params | set(elements)):
            _add(_owner(node.value.value), node.attr.value, "attr", deciding)
        for child in children(node):
            visit(child, deciding)

    def _owner(name: str) -> str:
        return f"{elements[name]}{EACH}" if name in elements else name

    def _add(param: str, attr: str, how: str, deciding: frozenset[str]) -> None:
        if deciding <= {param.removesuffix(EACH)}:
            reads[(param, attr, how)] = None

    visit(function.body, frozenset())
    return tuple(r for r in reads if r[0].removesuffix(EACH) not in rebound)


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
        self.paths = {f.function: path for path, facts in index.files.items() for f in facts.parameter_reads}
        # the names of the functions that loop over a parameter reading its elements: a file calling one of them
        # hands it rows (a prefilter token of the N+1 rules)
        self.hints = tuple(sorted({f.function.rsplit(".", 1)[-1] for facts in index.files.values()
                                   for f in facts.parameter_reads if any(r[0].endswith(EACH) for r in f.reads)}))

    def get(self, qualified: str) -> ParameterReads | None:
        """The reads of the function ``qualified``, when exactly one function of the project has that name."""
        found = self.by_suffix.get(qualified, [])
        return found[0] if len(found) == 1 else None

    def path_of(self, fact: ParameterReads) -> str:
        """The file that defines the function."""
        return self.paths.get(fact.function, "")
