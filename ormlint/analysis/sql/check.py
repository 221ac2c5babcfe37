"""One file's raw SQL: the sinks of its calls, the holes of the SQL they run, and their origins.

:class:`SqlFile` is what the raw-SQL rules share. For a call it finds the sink
(:mod:`ormlint.index.sql_sinks`, project helpers and handles from the index), builds the
SQL templates the argument can evaluate to, places each hole whose origin is unknown
(value, identifier or fragment; bindable or not) and offers the parameterising fix when
every such hole is a bindable value. It also answers the one-call-level questions of
:class:`~ormlint.analysis.sql.provenance.Provenance`: what a private function's callers
pass, what a function of the module returns.
"""

from __future__ import annotations

import io
import re
import tokenize
from dataclasses import dataclass, field
from functools import cached_property

import libcst as cst
from libcst.metadata import PositionProvider

from ormlint.analysis.sql.constants import MAX_DEPTH, ModuleConstants, callee_name
from ormlint.analysis.sql.fix import build_fix
from ormlint.analysis.sql.holes import FRAGMENT, IDENTIFIER, OPERAND, VALUE, Slot, classify, holds_statement
from ormlint.analysis.sql.provenance import Origin, Provenance
from ormlint.analysis.sql.templates import MAX_ALTERNATIVES, Hole, Template, TemplateBuilder
from ormlint.api import CstFix
from ormlint.index.call_sites import ArgumentShapes, CallingFiles, method_key
from ormlint.index.constants import LiteralNames, SqlTemplates
from ormlint.index.facts import ArgumentShape
from ormlint.index.sql_helpers import project_sql
from ormlint.index.sql_sinks import SINK_FUNCTIONS, SINK_METHODS, Sink, SinkResolver
from ormlint.orms import quoting_functions
from ormlint.orms.sqlalchemy import SQLALCHEMY
from ormlint.syntax.flow import FunctionFlow, all_params
from ormlint.syntax.literals import is_literal_constant, one_name_and_literals
from ormlint.syntax.names import assigned_targets, decorated_with, dotted_name
from ormlint.syntax.walk import descendants, function_named, walk_scope

# Substrings without which a file cannot hold a sink (configured extra sinks are added).
TRIGGERS = ("execute", "exec_driver_sql", "scalar", "raw(", "text(", "extra(", "RawSQL", "read_sql", "fetch", "SQL(",
            "prepare(", "cursor(")
_RANK = {VALUE: 0, IDENTIFIER: 1, FRAGMENT: 2}
# Roles whose functions no other module calls: their parameters are what the module passes.
_CLOSED_ROLES = frozenset({"migration", "script", "test"})
_FOREIGN = re.compile(r"#\s*(?:noqa(?::\s*(?P<codes>[A-Za-z0-9_\-]+(?:[\s,]+[A-Za-z0-9_\-]+)*))?"
                      r"|nosec\b(?P<tests>(?:[\s:,]*B\d+)*)"
                      r"|nosemgrep\b(?::\s*(?P<rules>[\w.\-]+(?:\s*,\s*[\w.\-]+)*))?)", re.IGNORECASE)


@dataclass
class SqlProblem:
    """Holes of unknown origin in the SQL one sink runs."""

    sink: Sink
    templates: list[Template]
    holes: list[Hole]  # holes whose origin is unknown, in template order, each once
    slots: dict[int, Slot]  # id(hole) -> where it lands (its most serious place over all templates)
    fix: CstFix | None = None
    sites: list[cst.CSTNode] = field(default_factory=list)  # where the SQL was built

    @property
    def built_at(self) -> list[cst.CSTNode]:
        """Every expression that built the SQL (``sql = f"UPDATE {table} SET {set_clause}"``, where Ruff's S608
        reports and a project's triage comment sits), not only those around holes of unknown origin."""
        return [site for template in self.templates for site in template.sites]

    def of_kind(self, *kinds: str) -> list[Hole]:
        return [h for h in self.holes if self.slots[id(h)].kind in kinds]

    def anchor(self, holes: list[Hole]) -> cst.CSTNode:
        """Where to report ``holes``: the SQL text itself when the call builds it (an f-string on the line after
        ``execute(``), else the call, which runs what was built before."""
        inside = [h.site for h in holes if h.site is not None and _inside(h.site, self.sink.call)]
        if inside and len(inside) == len(holes) and _first_line_ends_outside(inside[0]):
            return inside[0]
        return self.sink.call  # a triple-quoted text spanning lines: no comment fits on its first line


class SqlFile:
    """The raw-SQL analysis of one file, shared by its sinks."""

    def __init__(self, ctx, extra_sinks: frozenset[str] = frozenset(), quoting: frozenset[str] = frozenset()) -> None:
        self.ctx = ctx
        self.imports = ctx.imports
        self.extra_sinks = extra_sinks
        self.quoting = quoting_functions() | quoting
        self.constants = ModuleConstants(ctx.module, ctx.imports, ctx.index.derived(SqlTemplates).text,
                                         ctx.index.derived(LiteralNames).holds)
        self._scopes: dict[int, tuple[FunctionFlow, Provenance, TemplateBuilder]] = {}

    # -- per-scope analysis, built on first use --------------------------------------------
    def analysis(self, scope: cst.CSTNode) -> tuple[FunctionFlow, Provenance, TemplateBuilder]:
        found = self._scopes.get(id(scope))
        if found is None:
            flow = FunctionFlow(scope)
            provenance = Provenance(flow, self.constants, self)
            found = self._scopes[id(scope)] = (flow, provenance, TemplateBuilder(flow, self.constants, provenance))
        return found

    def resolver(self, scope: cst.CSTNode, owner: cst.ClassDef | None) -> SinkResolver:
        flow = self.analysis(scope)[0]
        module_flow = self.analysis(self.ctx.module)[0]
        return SinkResolver(self.imports, self.ctx.module_name, flow, module_flow, self.extra_sinks,
                            self.ctx.index.models, project_sql(self.ctx.index), owner)

    # -- checking a call ---------------------------------------------------------------------
    def check_in(self, call: cst.Call, ancestors: list[cst.CSTNode]) -> list[SqlProblem]:
        """:meth:`check` for a call met by a rule's walk (``ancestors``: the walk's stack)."""
        return self.check(call, *scope_of(ancestors, self.ctx.module))

    def check(self, call: cst.Call, scope: cst.CSTNode, owner: cst.ClassDef | None,
              statement: cst.CSTNode | None) -> list[SqlProblem]:
        """The problems of the SQL ``call`` runs, if it is a sink."""
        if not call.args or not _may_be_built(call):
            return []
        func = call.func
        last = callee_name(call)
        resolver = self.resolver(scope, owner)
        flow = self.analysis(scope)[0]
        order = flow.order_of(statement) if statement is not None else 10**9
        if last == "extra":
            problems = []
            for piece in resolver.extra_sql(call):
                sink = Sink(call, "extra()", piece, None, "none", None, statement=False)
                problems.extend(self._check(sink, scope, order))
            return problems
        if last not in SINK_METHODS and last not in SINK_FUNCTIONS and not self._maybe_helper(func):
            return []
        sink = resolver.sink(call, order)
        if sink is None:
            return []
        if sink.driver == SQLALCHEMY.name and self._async_sqlalchemy(call, resolver, order):
            sink = Sink(sink.call, sink.label, sink.sql, None, sink.params, sink.dialect, sink.statement, None)
        return self._check(sink, scope, order)

    def _maybe_helper(self, func: cst.BaseExpression) -> bool:
        return isinstance(func, (cst.Name, cst.Attribute)) and bool(self.ctx.index.files)

    def _async_sqlalchemy(self, call: cst.Call, resolver: SinkResolver, order: float) -> bool:
        """``text()`` run by an asyncio session or connection: the driver (often asyncpg) types its
        parameters, so a rewrite could break the query."""
        parent = self.ctx.parent(call)
        if isinstance(parent, cst.Arg):
            outer = self.ctx.parent(parent)
            if isinstance(outer, cst.Call) and isinstance(outer.func, cst.Attribute):
                received = resolver.receiver(outer.func.value, order)
                return received is not None and received.is_async
        return isinstance(call.func, cst.Attribute) and bool(
            (received := resolver.receiver(call.func.value, order)) and received.is_async)

    def _check(self, sink: Sink, scope: cst.CSTNode, order: float) -> list[SqlProblem]:
        flow, _, builder = self.analysis(scope)
        templates = builder.build(sink.sql, order, flow.branch_at.get(order, ()))
        if not templates:
            return []
        slots: dict[int, Slot] = {}
        unsafe: list[Hole] = []
        is_sql = False
        for template in templates:
            holes = [h for h in template.holes if not h.safe or h.origin.doubled and not _inside_quote(
                template, h, h.origin.doubled)]  # ``'`` doubled protects a '...' literal, nothing else
            if not holes:
                continue
            pieces = _pieces(template, holes)
            found = classify(pieces, sink.dialect, sink.statement)
            if found is None or all(found[i].kind == FRAGMENT and holds_statement(pieces, i) for i in found):
                continue
            found = _named_elsewhere(holes, found)
            is_sql = True
            for i, hole in enumerate(holes):
                if _stored_number(hole, found[i]):
                    slots.setdefault(id(hole), found[i])  # not reported; a fix binds it with the others
                    continue
                if not any(hole is h for h in unsafe):
                    unsafe.append(hole)
                    slots[id(hole)] = found[i]
                elif _RANK[found[i].kind] > _RANK[slots[id(hole)].kind]:
                    slots[id(hole)] = found[i]
        if not is_sql or not unsafe:
            return []
        fix = None
        if len(templates) == 1 and not templates[0].builder and not templates[0].elsewhere \
                and not any(h.origin.doubled for h in unsafe) \
                and all(slots[id(h)].kind == VALUE and slots[id(h)].bindable for h in unsafe):
            fix = build_fix(sink, templates[0], slots, flow, order, self.ctx)
        sites = [site for site in _sites(templates) if not _inside(site, sink.call)]
        return [SqlProblem(sink, templates, unsafe, slots, fix, sites)]

    # -- one call level, for Provenance ------------------------------------------------------
    def callers(self, function: cst.FunctionDef, param: str, depth: int) -> Origin | None:
        """What the module's calls of ``function`` pass as ``param``, when they are the only calls
        (a private, nested or migration/script function, or one no other file calls) and all pass safe
        values, or values read from the database (then a second-order value: see ``Origin.stored``); for a
        module function other files call, a constant when every call the project makes passes a literal
        there."""
        if depth > MAX_DEPTH:
            return None
        if not self._closed(function) or not self._call_sites().get(function.name.value):
            return self._constant_everywhere(function, param)  # none in the module: a helper of migrations or scripts
        passed = self.passed(function, param)
        if passed is None:
            return None
        found = stored = None
        for value, scope, order in passed:
            origin = self.analysis(scope)[1].origin(value, order, depth=depth + 1)
            if origin.stored:
                stored = origin  # a number or NULL where pasted bare, text only in a quoted literal
            elif not origin.safe:
                return None
            else:
                found = origin
        return stored or found

    def passed(self, function: cst.FunctionDef, param: str) -> list[tuple[cst.BaseExpression, cst.CSTNode, float]] | None:
        """(value, scope, order) of what each of the module's calls of ``function`` passes as ``param`` (its
        default where a call leaves it out), when those calls are all its calls; None when any is unknown."""
        sites = self._call_sites().get(function.name.value, []) if self._closed(function) else []
        if not sites:
            return None
        found = []
        for call, scope, order in sites:
            given = self._passed_by(call, function, param)
            if given is None:
                return None
            value, is_default = given
            found.append((value, self.ctx.module, 10**9) if is_default else (value, scope, order))
        return found

    def _passed_by(self, call: cst.Call, function: cst.FunctionDef, param: str) -> tuple[cst.BaseExpression, bool] | None:
        """What ``call`` passes for ``param`` of ``function`` (a function or method of this module), and whether
        that is the parameter's default (an expression of the module, not of the caller); None when ``*args``
        hide it or nothing is passed."""
        positional = _positional(function, self._owner(function) is not None
                                 and not decorated_with(function, "staticmethod"))
        value = _argument(call, positional.index(param) if param in positional else -1, param)
        if value is None:
            default = next((p.default for p in all_params(function.params) if p.name.value == param), None)
            return (default, True) if default is not None else None
        return None if value is False else (value, False)

    def _constant_everywhere(self, function: cst.FunctionDef, param: str) -> Origin | None:
        """A constant when other files of the project call the module function ``function`` and every
        known call passes a literal as ``param``, or leaves it to a literal default; None otherwise, also
        when the function is handed to another call (its calls are then unknown). When no other file calls
        it, :meth:`callers` judges what its module's calls pass."""
        qualified = f"{self.ctx.module_name}.{function.name.value}"
        if not any(s is function for s in self.ctx.module.body) \
                or not self.ctx.index.derived(CallingFiles).callers_of(qualified) - {self.ctx.path}:
            return None
        shapes = self.ctx.index.derived(ArgumentShapes).of(qualified)
        slots, default = _parameter_slots(function, param, bound=False)
        if not shapes or not all(_fills_with_literal(shape, slots, default) for shape in shapes):
            return None
        return Origin(safe="constant", sample="1")

    def returns(self, call: cst.Call, scope: cst.CSTNode, depth: int) -> Origin | None:
        """What a function (or method) of this module returns, when all its returns are safe."""
        function = self._callee(call, scope)
        if function is None or depth > MAX_DEPTH:
            return None
        provenance = self.analysis(function)[1]
        flow = self.analysis(function)[0]
        found = None
        for node, ancestors in walk_scope(function.body):
            if isinstance(node, cst.Return):
                if node.value is None:
                    continue
                statement = next((a for a in reversed(ancestors) if isinstance(a, cst.SimpleStatementLine)), None)
                found = provenance.origin(node.value, flow.order_of(statement) + 0.5 if statement else 10**9,
                                          depth=depth + 1)
                if not found.safe:
                    return None
            elif isinstance(node, cst.Yield):
                return None
        return found

    def returned_sql(self, call: cst.Call, scope: cst.CSTNode, order: float, depth: int) -> list[Template] | None:
        """The SQL templates a function (or method) of this module returns, for ``call`` in ``scope``:
        ``cursor.execute(build_query(term))``. A hole that is one of the function's parameters takes the
        origin of what ``call`` passes for it; None when a return is not a string built there."""
        function = self._callee(call, scope)
        if function is None:
            return self._built_elsewhere(call, scope, order, depth)
        if function is scope or depth > MAX_DEPTH:
            return None
        flow, _, builder = self.analysis(function)
        caller, module = self.analysis(scope)[1], self.analysis(self.ctx.module)[1]
        templates: list[Template] = []
        for node, ancestors in walk_scope(function.body):
            if isinstance(node, cst.Yield):
                return None
            if not isinstance(node, cst.Return) or node.value is None \
                    or isinstance(node.value, cst.Name) and node.value.value == "None":
                continue
            statement = next((a for a in reversed(ancestors) if isinstance(a, cst.SimpleStatementLine)), None)
            here = flow.order_of(statement) + 0.5 if statement is not None else 10**9
            built = builder.build(node.value, here, (), depth + 1)
            if built is None:
                return None
            for hole in (h for template in built for h in template.holes):
                name = hole.expr.value if isinstance(hole.expr, cst.Name) else None
                bindings = flow.reaching(name, here) if name is not None else None
                given = self._passed_by(call, function, name) if bindings and all(
                    b.kind == "param" for b in bindings) else None
                if given is not None:
                    value, is_default = given
                    hole.origin = module.origin(value, 10**9, depth=depth + 1) if is_default else \
                        caller.origin(value, order, depth=depth + 1)
            templates.extend(Template(t.parts, t.sites, t.builder or function.name.value) for t in built)
        return templates[:MAX_ALTERNATIVES] or None

    def _built_elsewhere(self, call: cst.Call, scope: cst.CSTNode, order: float, depth: int) -> list[Template] | None:
        """The SQL templates a function of another module of the project returns (:class:`SqlBuilderFact`), its
        parameters' holes filled with what ``call`` passes: ``cursor.execute(queries.sales_sql(region))``."""
        qualified = self.imports.qualify(call.func)
        fact = project_sql(self.ctx.index).builder(qualified) if qualified else None
        if fact is None or depth > MAX_DEPTH:
            return None
        caller = self.analysis(scope)[1]
        templates = []
        for text in fact.returns:
            parts: list = [text.texts[0]]
            for name, after in zip(text.holes, text.texts[1:]):
                value = _argument(call, fact.params.index(name) if name in fact.params else -1, name)
                if value is False or value is None and name not in fact.literal_defaults:
                    return None  # ``*args``, or a call this reading cannot place
                origin = caller.origin(value, order, depth=depth + 1) if value is not None else Origin(
                    safe="constant", sample="1")
                parts += [Hole(value if value is not None else call, "f-string", call, origin=origin), after]
            templates.append(Template(parts, [call], dotted_name(call.func) or fact.function))
        return templates[:MAX_ALTERNATIVES]

    def class_annotation(self, scope: cst.CSTNode, attr: str) -> cst.BaseExpression | None:
        """The class-level annotation of ``self.<attr>`` in the class whose method ``scope`` is."""
        owner = self._owner(scope) if isinstance(scope, cst.FunctionDef) else None
        for statement in owner.body.body if owner is not None else ():
            for small in statement.body if isinstance(statement, cst.SimpleStatementLine) else ():
                if isinstance(small, cst.AnnAssign) and isinstance(small.target, cst.Name) \
                        and small.target.value == attr:
                    return small.annotation.annotation
        return None

    def counter_attribute(self, scope: cst.CSTNode, attr: str) -> bool:
        """Whether the class whose method ``scope`` is only ever sets ``self.<attr>`` to a number: a
        numeric literal, or arithmetic of the attribute itself and numeric literals (``self.page = 1``,
        ``self.page = self.page + 1``, ``self.page += 1``)."""
        owner = self._owner(scope) if isinstance(scope, cst.FunctionDef) else None
        if owner is None:
            return False
        values = []
        for node in descendants(owner):
            if isinstance(node, cst.Assign):
                values += [node.value for t in node.targets if _self_attribute(t.target, attr)]
            elif isinstance(node, (cst.AugAssign, cst.AnnAssign)) and _self_attribute(node.target, attr):
                values.append(node.value)
        return bool(values) and all(_counted(v, attr) for v in values)

    def constructor_constant(self, scope: cst.CSTNode, attr: str) -> bool:
        """Whether ``self.<attr>`` holds a constant: the class whose method ``scope`` is sets it once, in its
        ``__init__``, to a parameter that every known construction of the class fills with a literal or leaves
        to a literal default: ``Cls(..., application_name="backup")`` in other modules, a subclass of the
        module's ``super().__init__(application_name=application_name)`` forwarding its own such parameter,
        a subclass without an ``__init__`` of its own constructed the same way (barman's connections)."""
        owner = self._owner(scope) if isinstance(scope, cst.FunctionDef) else None
        init = function_named(owner.body.body, "__init__") if owner is not None else None
        if init is None:
            return False
        values = [node for node in descendants(owner) if isinstance(node, (cst.Assign, cst.AugAssign, cst.AnnAssign))
                  and any(_self_attribute(t, attr) for t in assigned_targets(node))]
        if len(values) != 1 or not isinstance(values[0], cst.Assign) or not any(values[0] is node for node in
                                                                                descendants(init)):
            return False
        param = one_name_and_literals(values[0].value)
        return param is not None and self._constructed_constant(owner, init, param, 0)

    def _constructed_constant(self, owner: cst.ClassDef, init: cst.FunctionDef, param: str, depth: int) -> bool:
        """Whether every known construction of the module's class ``owner`` gives ``param`` of its ``__init__``
        a literal; False when none is known, ``param`` is rebound, or a construction is out of sight."""
        rebound = any(isinstance(n, cst.AssignTarget) and isinstance(n.target, cst.Name) and n.target.value == param
                      for n in descendants(init.body))
        if depth > MAX_DEPTH or rebound or param not in _positional(init, bound=True) + [
                p.name.value for p in init.params.kwonly_params]:
            return False
        slots, default = _parameter_slots(init, param, bound=True)
        qualified = f"{self.ctx.module_name}.{owner.name.value}"
        shapes = self.ctx.index.derived(ArgumentShapes).of(qualified)
        constructing = {shape.subclass for shape in shapes if shape.subclass}  # subclasses with an __init__ of their own
        for sub in self._subclasses(qualified):
            if sub not in constructing:
                shapes = shapes + self.ctx.index.derived(ArgumentShapes).of(sub)  # its constructions run owner's
        if not shapes:
            return False
        for shape in shapes:
            literal = _fills_with_literal(shape, slots, default)
            if literal:
                continue
            if literal is False:
                return False
            forwarded = dict(shape.forwarded).get(next(iter(slots.intersection(shape.given))))
            subclass = next((s for s in self.ctx.module.body if isinstance(s, cst.ClassDef)
                             and f"{self.ctx.module_name}.{s.name.value}" == shape.subclass), None)
            sub_init = function_named(subclass.body.body, "__init__") if isinstance(subclass, cst.ClassDef) else None
            if forwarded is None or sub_init is None or not self._constructed_constant(subclass, sub_init, forwarded,
                                                                                      depth + 1):
                return False
        return True

    def _subclasses(self, qualified: str) -> list[str]:
        """The project's classes whose first base is the class ``qualified``."""
        models = self.ctx.index.models
        target = models.by_qualname.get(qualified)
        return [fact.qualname for fact in models.by_qualname.values()
                if target is not None and fact.bases and models.resolve(fact.bases[0], fact.qualname) is target]

    def sibling(self, method: cst.CSTNode, name: str) -> cst.FunctionDef | None:
        """The method ``name`` of the class whose method ``method`` is (defined in that class)."""
        owner = self._owner(method)
        return function_named(owner.body.body if owner is not None else (), name)

    def _closed(self, function: cst.FunctionDef) -> bool:
        """Whether the module's calls of ``function`` are all its calls: it is private, nested (defined
        inside another function), in a migration or script, or a function or method no other file of the
        project calls or hands to a call, decorated by functions of the module only (a decorator of a framework
        may register it with the framework, which calls it; a view named in a URL table is handed to a call
        there). Calls in tests do not count: what a test passes is no input of the running code."""
        if self.ctx.roles & _CLOSED_ROLES or function.name.value.startswith("_"):
            return True
        decorated_here = all(self._module_function(d.decorator)
                             or dotted_name(d.decorator) in ("staticmethod", "classmethod") for d in function.decorators)
        calling = self.ctx.index.derived(CallingFiles)
        if self._owner(function) is None:
            if not any(s is function for s in self.ctx.module.body):
                return True  # nested in another function
            qualified = f"{self.ctx.module_name}.{function.name.value}" if self.ctx.module_name else function.name.value
            callers = calling.callers_of(qualified)
        else:  # a method no file calls may be called by its framework
            own = method_key(self.ctx.module_name, self._owner(function).name.value, function.name.value)
            callers = calling.files.get(f".{function.name.value}", set()) | calling.files.get(own, set())
            decorated_here = decorated_here and self.ctx.path in callers
        return decorated_here and all(path == self.ctx.path or "test" in self.ctx.roles_of(path) for path in callers)

    def _module_function(self, decorator: cst.BaseExpression) -> bool:
        """``@exclusive(LOCK)``, ``@retrying``: a function defined at the top level of this module."""
        func = decorator.func if isinstance(decorator, cst.Call) else decorator
        return isinstance(func, cst.Name) and any(isinstance(s, cst.FunctionDef) and s.name.value == func.value
                                                  for s in self.ctx.module.body)

    def _owner(self, function: cst.CSTNode) -> cst.ClassDef | None:
        for statement in self.ctx.module.body:
            if isinstance(statement, cst.ClassDef) and isinstance(statement.body, cst.IndentedBlock) \
                    and any(s is function for s in statement.body.body):
                return statement
        return None

    def _callee(self, call: cst.Call, scope: cst.CSTNode) -> cst.FunctionDef | None:
        func = call.func
        if isinstance(func, cst.Name) and func.value not in self.analysis(scope)[0].bindings:
            return function_named(self.ctx.module.body, func.value)
        if isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name) and func.value.value in ("self", "cls"):
            return self.sibling(scope, func.attr.value)
        return None

    @cached_property
    def _calls(self) -> dict[str, list[tuple[cst.Call, cst.CSTNode, float]]]:
        found: dict[str, list[tuple[cst.Call, cst.CSTNode, float]]] = {}
        for node, ancestors in walk_scope(self.ctx.module, into_scopes=True):
            if not isinstance(node, cst.Call):
                continue
            func = node.func
            if isinstance(func, cst.Name):
                name = func.value
            elif isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name) \
                    and func.value.value in self._own_class_names:  # self.m(), cls.m(), Owner.m()
                name = func.attr.value
            else:
                continue
            scope = next((a for a in reversed(ancestors) if isinstance(a, cst.FunctionDef)), self.ctx.module)
            statement = next((a for a in reversed(ancestors)
                              if isinstance(a, (cst.SimpleStatementLine, cst.BaseCompoundStatement))), None)
            order = self.analysis(scope)[0].order_of(statement) if statement is not None else 10**9
            found.setdefault(name, []).append((node, scope, order))
        return found

    def _call_sites(self) -> dict[str, list[tuple[cst.Call, cst.CSTNode, float]]]:
        return self._calls

    @cached_property
    def _own_class_names(self) -> frozenset[str]:
        """``self``, ``cls`` and the module's top-level classes: receivers of calls of its methods."""
        return frozenset({"self", "cls"} | {s.name.value for s in self.ctx.module.body if isinstance(s, cst.ClassDef)})

    # -- triage comments of other tools ------------------------------------------------------
    def suppressed_elsewhere(self, nodes: list[cst.CSTNode]) -> bool:
        """A ``# noqa: S608`` (Ruff), bare ``# noqa``, ``# nosec`` or ``# nosec B608`` (Bandit), a bare
        ``# nosemgrep`` or one naming a SQL rule (Semgrep) on a line of the statements holding ``nodes``:
        the project triaged this SQL already."""
        positions = self.ctx.metadata(PositionProvider)
        for node in nodes:
            statement = next((a for a in [node, *self.ctx.ancestors(node)]
                              if isinstance(a, (cst.SimpleStatementLine, cst.BaseCompoundStatement))), node)
            where = positions.get(statement) or positions.get(node)
            if where is None:
                continue
            last = where.end.line if not isinstance(statement, cst.BaseCompoundStatement) else where.start.line
            if any(self._foreign.get(line) for line in range(where.start.line, last + 1)):
                return True
        return False

    @cached_property
    def _foreign(self) -> dict[int, bool]:
        found: dict[int, bool] = {}
        source = self.ctx.source
        if "noqa" not in source.lower() and "nosec" not in source.lower() and "nosemgrep" not in source.lower():
            return found
        try:
            tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
        except (tokenize.TokenError, SyntaxError):
            return found
        for token in tokens:
            if token.type != tokenize.COMMENT:
                continue
            for match in _FOREIGN.finditer(token.string):
                if match.group(0).lower().lstrip("# ").startswith("nosemgrep"):
                    rules = match.group("rules")  # bare, or naming a SQL rule (``sql_injection_fstring``)
                    found[token.start[0]] = rules is None or "sql" in rules.lower()
                elif match.group(0).lower().lstrip("# ").startswith("nosec"):
                    tests = match.group("tests") or ""
                    found[token.start[0]] = not tests.strip(" :,") or "B608" in tests.upper()
                else:
                    codes = match.group("codes")
                    found[token.start[0]] = codes is None or "S608" in codes.upper().replace(",", " ").split()
                if found[token.start[0]]:
                    break
        return found


def _may_be_built(call: cst.Call) -> bool:
    """Cheap check: some argument is not a plain string literal."""
    return any(not isinstance(a.value, (cst.SimpleString, cst.Integer, cst.Float)) for a in call.args)


def _pieces(template: Template, holes: list[Hole]) -> list:
    index = {id(h): i for i, h in enumerate(holes)}
    return [p if isinstance(p, str) else (index[id(p)] if id(p) in index else p.sample) for p in template.parts]


def _named_elsewhere(holes: list[Hole], found: dict[int, Slot]) -> dict[int, Slot]:
    """A bare function argument or arithmetic operand (``USING to_jsonb({column})``) holds a column
    name when the same expression fills a slot only a name fits (``ALTER COLUMN {column}``): a
    number or a literal cannot name a column."""
    code = [cst.Module([]).code_for_node(h.expr) for h in holes]
    names = {code[i] for i, slot in found.items() if slot.kind == IDENTIFIER}
    return {i: Slot(IDENTIFIER) if slot.kind == VALUE and slot.clause == OPERAND and code[i] in names else slot
            for i, slot in found.items()}


def _stored_number(hole: Hole, slot: Slot) -> bool:
    """A value read from the database pasted bare into a value position is a number (or NULL):
    stored text there would not parse, it would name a column. Only text carries an injection."""
    return hole.origin.stored and slot.kind == VALUE and not slot.quoted and not slot.in_literal


def _inside_quote(template: Template, hole: Hole, quote: str) -> bool:
    """Whether ``hole`` sits inside a literal or name that ``quote`` opens (``'{x}'`` for ``'``), by the quotes of
    the text before it; the other kinds of quote are followed so that a ``'`` inside ``"..."`` is not counted."""
    opened = ""
    for part in template.parts:
        if part is hole:
            return opened == quote
        for char in part if isinstance(part, str) else ():
            if opened and char == opened:
                opened = ""  # a doubled quote closes and reopens: the same state after both
            elif not opened and char in "'\"`":
                opened = char
    return False


def _sites(templates: list[Template]) -> list[cst.CSTNode]:
    seen: list[cst.CSTNode] = []
    for template in templates:
        for hole in template.holes:
            if not hole.safe and not any(hole.site is s for s in seen):
                seen.append(hole.site)
    return seen


def _first_line_ends_outside(node: cst.CSTNode) -> bool:
    """Whether the first line of the SQL text ``node`` ends outside any string (a one-line literal, the first of
    several concatenated): where a reader, or a ``noqa`` comment, can point at it."""
    while isinstance(node, (cst.ConcatenatedString, cst.BinaryOperation, cst.Call)):
        if isinstance(node, cst.Call):
            if not isinstance(node.func, cst.Attribute):
                return True
            node = node.func.value
        else:
            node = node.left
    if isinstance(node, cst.SimpleString):
        return "\n" not in node.value
    if isinstance(node, cst.FormattedString):
        return not any(isinstance(p, cst.FormattedStringText) and "\n" in p.value for p in node.parts)
    return True


def _inside(node: cst.CSTNode, container: cst.CSTNode) -> bool:
    return node is container or any(d is node for d in descendants(container))


def _argument(call: cst.Call, position: int, keyword: str) -> cst.BaseExpression | None | bool:
    """The argument a call passes for a parameter; None: not passed; False: unknowable (``*args``)."""
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == keyword:
            return arg.value
        if arg.star:
            return False
    positional = [a for a in call.args if a.keyword is None]
    return positional[position].value if 0 <= position < len(positional) else None


def scope_of(ancestors: list[cst.CSTNode],
             module: cst.Module) -> tuple[cst.CSTNode, cst.ClassDef | None, cst.CSTNode | None]:
    """For the node last in ``ancestors`` (a walk's stack): the function it runs in (the module at
    top level), the class of which that function is a method, and its innermost statement."""
    scope: cst.CSTNode = module
    owner = statement = None
    for i in range(len(ancestors) - 2, -1, -1):
        node = ancestors[i]
        if statement is None and isinstance(node, (cst.SimpleStatementLine, cst.BaseCompoundStatement)):
            statement = node
        if isinstance(node, cst.FunctionDef):
            scope = node
            outer = next((a for a in reversed(ancestors[:i]) if not isinstance(a, cst.IndentedBlock)), None)
            owner = outer if isinstance(outer, cst.ClassDef) else None
            break
    return scope, owner, statement


def _positional(function: cst.FunctionDef, bound: bool) -> list[str]:
    """The names of the parameters a call fills by position: after ``self`` (or ``cls``) when ``bound``."""
    names = [p.name.value for p in (*function.params.posonly_params, *function.params.params)]
    return names[1:] if bound else names


def _parameter_slots(function: cst.FunctionDef, param: str, bound: bool) -> tuple[set[str], cst.BaseExpression | None]:
    """The argument slots (``ArgumentShape.given``) through which a call fills ``param``: its name, and its position
    if it has one; with the parameter's default."""
    positional = _positional(function, bound)
    default = next((p.default for p in all_params(function.params) if p.name.value == param), None)
    return ({param, str(positional.index(param))} if param in positional else {param}), default


def _fills_with_literal(shape: ArgumentShape, slots: set[str], default: cst.BaseExpression | None) -> bool | None:
    """True when the call ``shape`` describes fills the parameter (``slots``) with a literal, or leaves it to a
    literal ``default``; False when it may hold anything there (``*args``, no literal default); None when it
    fills it with something else (a name, a call)."""
    filled = slots.intersection(shape.given)
    if shape.open or not filled and not is_literal_constant(default):
        return False
    return True if not filled or filled <= set(shape.constant) else None


def _self_attribute(target: cst.BaseExpression, attr: str) -> bool:
    return isinstance(target, cst.Attribute) and target.attr.value == attr and isinstance(target.value, cst.Name) \
        and target.value.value == "self"


def _counted(value: cst.BaseExpression | None, attr: str) -> bool:
    """A numeric literal, or arithmetic of ``self.<attr>`` and numeric literals."""
    if isinstance(value, (cst.Integer, cst.Float)):
        return True
    if isinstance(value, cst.UnaryOperation):
        return _counted(value.expression, attr)
    if isinstance(value, cst.BinaryOperation):
        return all(_self_attribute(side, attr) or _counted(side, attr) for side in (value.left, value.right))
    return False

