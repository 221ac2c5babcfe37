"""Index facts: every call of a project function or method, with the relations its arguments visibly prefetch.

A helper that reads ``order.items.all()`` and each item's ``product`` runs one query per item, unless
whoever hands it ``order`` prefetched ``items__product`` first. The index pass records each call whose
arguments carry Django eager loads (``Order.objects.prefetch_related("items__product").get(...)``, a row of
such a queryset, objects given to ``prefetch_related_objects(objs, "items__product")``) as a
:class:`~ormlint.index.facts.CallSite`, and the callee of every other call as a bare name in
``FileFacts.called``. :class:`CallerPrefetches` answers, for a function's parameter and a relation path,
whether every known call of it passes an argument that prefetched the path.

Callees are keyed by qualified name (``shop.helpers.item_names``) for module functions, and by
``.method`` for methods called on an object (any receiver: more callers than the real ones only keeps
findings). Paths are found syntactically and conservatively: a name assigned in one branch only, or in a
loop body, keeps only what every path through the function gives it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

import libcst as cst

from ormlint.index.derived import derived_table
from ormlint.index.effects import DISPATCH_METHODS, TASK_SIGNATURES
from ormlint.index.facts import ArgumentShape, CallSite, ViewRoute
from ormlint.orms.django import DJANGO, DJANGO_EXTRAS
from ormlint.orms.migration_ops import MIGRATIONS
from ormlint.orms.spec import any_matches
from ormlint.syntax.literals import is_literal_constant, one_name_and_literals
from ormlint.syntax.literals import keyword as _keyword
from ormlint.syntax.literals import positional as _positional
from ormlint.syntax.literals import string_value as _string
from ormlint.syntax.names import ImportTable, dotted_name, dotted_suffixes, is_from
from ormlint.syntax.testcode import is_fixture
from ormlint.syntax.walk import child_statements, children, descendants, scope_nodes

HINTS = ("def ", "as_view(", "register(")  # calls are made from functions; url modules route views
_SAME_ROWS = DJANGO.query.chain | DJANGO.query.single  # keep the prefetch lookups of the queryset they start from
_WRAPPERS = frozenset({"list", "sorted", "tuple"})  # builtins that hand back the same objects
RECEIVER = "self"  # the slot of the object a method is called on
_DRF = DJANGO_EXTRAS.drf

Paths = frozenset[str]


class _Scope:
    """One function body (or the module's top level), walked in source order."""

    def __init__(self, extractor: "_Extractor") -> None:
        self.x = extractor
        self.env: dict[str, Paths] = {}

    def block(self, statements) -> None:
        for stmt in statements:
            self.statement(stmt)

    def statement(self, stmt: cst.CSTNode) -> None:
        if isinstance(stmt, (cst.FunctionDef, cst.ClassDef)):
            return  # walked as a scope of its own
        if isinstance(stmt, cst.BaseSmallStatement):  # what child_statements yields of a try/match block's lines
            self.small(stmt)
            return
        if isinstance(stmt, (cst.SimpleStatementLine, cst.SimpleStatementSuite)):
            for small in stmt.body:
                self.small(small)
            return
        if isinstance(stmt, cst.If):
            self.expression(stmt.test)
            before = dict(self.env)
            self.block(child_statements_of(stmt.body))
            then_env, self.env = self.env, dict(before)
            if stmt.orelse is not None:
                self.statement(stmt.orelse) if isinstance(stmt.orelse, cst.If) else self.block(
                    child_statements_of(stmt.orelse.body))
            self.env = _meet(then_env, self.env)
            return
        if isinstance(stmt, (cst.For, cst.While)):
            head = stmt.iter if isinstance(stmt, cst.For) else stmt.test
            self.expression(head)
            before = dict(self.env)
            if isinstance(stmt, cst.For):
                self.bind(stmt.target, self.paths(stmt.iter))
            self.block(child_statements_of(stmt.body))
            self.env = _meet(before, self.env)  # the body may not run
            if stmt.orelse is not None:
                self.block(child_statements_of(stmt.orelse.body))
            return
        if isinstance(stmt, cst.With):
            for item in stmt.items:
                self.expression(item.item)
                if item.asname is not None:
                    self.bind(item.asname.name, frozenset())
            self.block(child_statements_of(stmt.body))
            return
        before = dict(self.env)  # try, match: each block may stop anywhere
        for child in child_statements(stmt):
            self.statement(child)
        self.env = _meet(before, self.env)

    def small(self, small: cst.CSTNode) -> None:
        if isinstance(small, cst.Assign):
            self.expression(small.value)
            value = self.paths(small.value)
            for target in small.targets:
                self.bind(target.target, value)
        elif isinstance(small, (cst.AnnAssign, cst.AugAssign)):
            if small.value is not None:
                self.expression(small.value)
            self.bind(small.target, self.paths(small.value) if isinstance(small, cst.AnnAssign) and small.value
                      is not None else frozenset())
        else:
            for child in children(small):
                self.expression(child)
            if isinstance(small, cst.Expr):
                self.prefetch_objects(small.value)

    def bind(self, target: cst.BaseExpression, value: Paths) -> None:
        if isinstance(target, cst.Name):
            self.env[target.value] = value
        elif isinstance(target, (cst.Tuple, cst.List)):
            for element in target.elements:
                self.bind(element.value, frozenset())

    def prefetch_objects(self, expr: cst.BaseExpression) -> None:
        """``prefetch_related_objects(orders, "items__product")``: the objects now carry those relations."""
        if not isinstance(expr, cst.Call) or not DJANGO_EXTRAS.prefetch_objects.matches(self.x.imports.qualify(expr.func)):
            return
        args = _positional(expr)
        if not args:
            return
        added = frozenset().union(*(self.lookup(a) for a in args[1:]))
        targets = [e.value for e in args[0].elements] if isinstance(args[0], (cst.List, cst.Tuple)) else [args[0]]
        for target in targets:
            if isinstance(target, cst.Name):
                self.env[target.value] = self.env.get(target.value, frozenset()) | added

    # -- expressions -----------------------------------------------------------------
    def expression(self, node: cst.CSTNode) -> None:
        """Record the calls in ``node`` (comprehension variables carry what their source prefetched)."""
        if isinstance(node, cst.Lambda):  # run later, with arguments of its own: only its eager loads count
            self.x.eager.update((text, None) for n in (node.body, *descendants(node.body)) if isinstance(n, cst.Call)
                                for text in _eager_lookups(n))
            return
        if isinstance(node, (cst.FunctionDef, cst.ClassDef)):
            return
        if isinstance(node, (cst.ListComp, cst.SetComp, cst.GeneratorExp, cst.DictComp)):
            saved = dict(self.env)
            comp = node.for_in
            while comp is not None:
                self.expression(comp.iter)
                self.bind(comp.target, self.paths(comp.iter))
                for cond in comp.ifs:
                    self.expression(cond.test)
                comp = comp.inner_for_in
            parts = (node.key, node.value) if isinstance(node, cst.DictComp) else (node.elt,)
            for part in parts:
                self.expression(part)
            self.env = saved
            return
        if isinstance(node, cst.Call):
            self.x.call(node, self)
        for child in children(node):
            self.expression(child)

    def paths(self, expr: cst.BaseExpression | None) -> Paths:
        """The relation paths the objects of ``expr`` carry prefetched (empty: none known)."""
        if isinstance(expr, cst.Name):
            return self.env.get(expr.value, frozenset())
        if isinstance(expr, cst.Await):
            return self.paths(expr.expression)
        if isinstance(expr, cst.Subscript):
            return self.paths(expr.value)
        if not isinstance(expr, cst.Call):
            return frozenset()
        if isinstance(expr.func, cst.Name) and expr.func.value in _WRAPPERS and expr.args \
                and self.x.imports.qualify(expr.func) is None:
            return self.paths(expr.args[0].value)
        if expr.args and any_matches(self.x.imports.qualify(expr.func), DJANGO_EXTRAS.shortcuts):
            return self.paths(expr.args[0].value)  # get_object_or_404(queryset, pk=pk): a row of the queryset
        if isinstance(expr.func, cst.Attribute) and dotted_name(expr.func.value) == RECEIVER:
            return self.x.returned_paths(expr.func.attr.value)  # self.get_queryset()
        if not isinstance(expr.func, cst.Attribute):
            return frozenset()
        meth = expr.func.attr.value
        loader = DJANGO.query.loader(meth)
        if loader is not None and loader.style == "paths":
            return self.paths(expr.func.value) | frozenset().union(*(self.lookup(a.value) for a in expr.args))
        if meth in _SAME_ROWS:
            return self.paths(expr.func.value)
        return frozenset()

    def lookup(self, arg: cst.BaseExpression) -> Paths:
        """What one argument of ``prefetch_related(...)`` loads on the manager it names: a string, or a
        ``Prefetch("x")`` without ``to_attr`` (with it, the rows land in a list, not in the manager's cache)."""
        text = _string(arg)
        if text is not None:
            return frozenset({text})
        text = prefetch_lookup(arg)
        return frozenset({text}) if text else frozenset()


def method_key(module_name: str, cls: str, method: str) -> str:
    """The call-site key of a class's own method called through ``self``."""
    return f"{module_name}.{cls}.{method}" if module_name else f"{cls}.{method}"


def prefetch_lookup(arg: cst.BaseExpression) -> str | None:
    """The lookup of ``Prefetch("users", queryset=...)``, which fills the related manager; "" for one with
    ``to_attr`` (it fills a list, not the manager); None for anything else or a lookup not written out."""
    if not (isinstance(arg, cst.Call) and (dotted_name(arg.func) or "").rsplit(".", 1)[-1] == DJANGO_EXTRAS.prefetch_class):
        return None
    lookup = _string(_keyword(arg, "lookup") or next(iter(_positional(arg)), None))
    return None if lookup is None else "" if _keyword(arg, "to_attr") is not None else lookup


def child_statements_of(block: cst.BaseSuite):
    return block.body if isinstance(block, cst.IndentedBlock) else [block]


def _meet(a: dict[str, Paths], b: dict[str, Paths]) -> dict[str, Paths]:
    """What holds on either path: a name keeps the paths both give it."""
    return {name: a[name] & b[name] for name in a.keys() & b.keys()}


class _Extractor:
    def __init__(self, module: cst.Module, module_name: str, imports: ImportTable) -> None:
        self.module_name = module_name
        self.imports = imports
        self.functions = {s.name.value for s in module.body if isinstance(s, cst.FunctionDef)}
        self.sites: list[CallSite] = []
        self.called: set[str] = set()
        self.eager: dict[str, None] = {}  # relation paths eager-loaded by name, in order met
        self.routes: dict[ViewRoute, None] = {}
        self.edges: dict[tuple[str, str], None] = {}  # (caller, callee): the call graph, in order met
        self.current: tuple[str, frozenset[str]] | None = None  # the function walked, with its parameters
        self.shapes: dict[ArgumentShape, None] = {}
        self.in_test = False  # walking a test function or a pytest fixture
        self.packages = frozenset(module_name.split("."))  # where a project's module is named from
        self.classes = {s.name.value for s in module.body if isinstance(s, cst.ClassDef)}
        self.constructor: tuple[str, str, frozenset[str]] | None = None  # in Class.__init__: class, its base, params
        self.klass: cst.ClassDef | None = None  # the module-level class whose methods are walked
        self.resolving: set[str] = set()  # methods whose returns are being read (a method returning itself)

    def walk(self, body) -> None:
        """Every scope: the module's top level, then each function (nested ones too)."""
        _Scope(self).block(body)
        for stmt in body:
            self._definitions(stmt)

    def _definitions(self, stmt: cst.CSTNode, owner: str = "") -> None:
        """``owner``: ``Class.`` for the methods of a module-level class."""
        if isinstance(stmt, cst.FunctionDef):
            outer = self.current
            if outer is None:  # a module function or a method (a nested function's calls are its parent's)
                prefix = f"{self.module_name}." if self.module_name else ""
                self.current = (f"{prefix}{owner}{stmt.name.value}", _parameters(stmt))
            in_test = self.in_test
            self.in_test = in_test or stmt.name.value.startswith("test_") or is_fixture(stmt, self.imports)
            self.walk(child_statements_of(stmt.body))
            self.current, self.in_test = outer, in_test
        elif isinstance(stmt, cst.ClassDef):
            _Scope(self).block(child_statements_of(stmt.body))  # class attributes made by calls
            methods_of = f"{stmt.name.value}." if self.current is None and not owner else ""
            outer_class, self.klass = self.klass, stmt if methods_of else self.klass
            for child in child_statements_of(stmt.body):
                outer = self.constructor
                if methods_of and isinstance(child, cst.FunctionDef) and child.name.value == "__init__" \
                        and stmt.bases and (base := self.qualify_class(stmt.bases[0].value)) is not None:
                    self.constructor = (self.qualify_class(stmt.name), base, _parameters(child))
                self._definitions(child, methods_of)
                self.constructor = outer
            self.klass = outer_class
        elif isinstance(stmt, cst.BaseCompoundStatement):
            for child in child_statements(stmt):
                self._definitions(child, owner)

    def returned_paths(self, method: str) -> Paths:
        """What every ``return`` of the walked class's ``method`` hands out prefetched (``get_queryset()``
        returning ``Listing.objects.prefetch_related("package__latest")``); none when unknown."""
        function = next((s for s in child_statements_of(self.klass.body) if isinstance(s, cst.FunctionDef)
                         and s.name.value == method), None) if self.klass is not None else None
        if function is None or method in self.resolving:
            return frozenset()
        self.resolving.add(method)
        try:
            returned = [n.value for n in scope_nodes(function.body) if isinstance(n, cst.Return)]
            found = [_Scope(self).paths(value) for value in returned if value is not None]
        finally:
            self.resolving.discard(method)
        return frozenset.intersection(*found) if found and len(found) == len(returned) else frozenset()

    def defines(self, method: str) -> bool:
        """Whether the walked module-level class defines ``method`` itself."""
        return self.klass is not None and any(isinstance(s, cst.FunctionDef) and s.name.value == method
                                              for s in child_statements_of(self.klass.body))

    def method_key(self, method: str) -> str:
        """``module.Class.method`` of the walked class, the key of its own method called through ``self``."""
        return method_key(self.module_name, self.klass.name.value, method)

    def callees(self, func: cst.BaseExpression) -> list[tuple[str, bool]]:
        """(key, called on an object) for a call's callee: ``module.func``, ``module.Class.method`` (a class's
        own method called through ``self``) and/or ``.method`` (any other method call)."""
        keys = []
        if isinstance(func, cst.Attribute) and dotted_name(func.value) == RECEIVER and self.defines(func.attr.value):
            keys.append((self.method_key(func.attr.value), True))  # self.m() of the class's own m()
        elif isinstance(func, cst.Attribute):
            keys.append(("." + func.attr.value, True))
        qualified = self.imports.qualify(func)
        if qualified is None and isinstance(func, cst.Name) and func.value in self.functions:
            qualified = f"{self.module_name}.{func.value}" if self.module_name else func.value
        if qualified is not None and not qualified.rsplit(".", 1)[-1][:1].isupper():
            keys.append((qualified, False))
        return keys

    def call(self, call: cst.Call, scope: _Scope) -> None:
        self.eager.update((text, None) for text in _eager_lookups(call))
        route = self.view_route(call)
        if route is not None:
            self.routes[route] = None
        for arg in call.args:  # a function handed over (``RunPython(forward)``, ``map(f, rows)``) is called later
            if isinstance(arg.value, (cst.Name, cst.Attribute)):
                handed = [key for key, method in self.callees(arg.value) if not method]
                self.called.update(handed)
                self.shapes.update((ArgumentShape(key, open=True), None) for key in handed if self.in_project(key))
                if self.current is not None:  # on_commit(rank.delay): the task runs too
                    self.edge(call, [(key, False) for key in handed] + self._runs_task(arg.value))
        if not self.in_test:
            self.construction(call)
        keys = self.callees(call.func)
        if not keys:
            return
        if not self.in_test:  # what tests pass is test data: the project's own calls decide
            self.shapes.update((_shape(call, key), None) for key, method in keys if not method and self.in_project(key))
        if self.current is not None:
            self.edge(call, keys + self._runs_task(call.func))
        positional = [scope.paths(a.value) for a in call.args if a.keyword is None and not a.star]
        keywords = [(a.keyword.value, scope.paths(a.value)) for a in call.args if a.keyword is not None]
        for key, method in keys:
            slots = [(str(i), p) for i, p in enumerate(positional)] + keywords
            if method:
                slots.append((RECEIVER, scope.paths(call.func.value)))
            arguments = tuple((slot, tuple(sorted(p))) for slot, p in slots if p)
            if arguments:
                self.sites.append(CallSite(key, arguments))
            else:
                self.called.add(key)

    def construction(self, call: cst.Call) -> None:
        """The argument shape of a construction of a project class (``Cls(...)``), and of a subclass's
        ``super().__init__(...)`` in its ``__init__``, which constructs the base with what it forwards."""
        func = call.func
        if isinstance(func, cst.Attribute) and func.attr.value == "__init__" and isinstance(func.value, cst.Call) \
                and dotted_name(func.value.func) == "super" and self.constructor is not None:
            subclass, base, params = self.constructor
            if self.in_project(base):
                self.shapes[_shape(call, base, subclass, params)] = None
            return
        if isinstance(func, cst.Name) and func.value not in self.classes and self.imports.qualify(func) is None:
            return  # a builtin or a name bound at run time
        qualified = self.qualify_class(func) if isinstance(func, (cst.Name, cst.Attribute)) else None
        if qualified and qualified.rsplit(".", 1)[-1][:1].isupper() and self.in_project(qualified):
            self.shapes[_shape(call, qualified)] = None

    def in_project(self, key: str) -> bool:
        """Whether the module function ``key`` is named from a package this file's module is in."""
        return key.split(".", 1)[0] in self.packages

    def _runs_task(self, func: cst.BaseExpression) -> list[tuple[str, bool]]:
        """``rank.delay(...)``, ``rank.signature(...)``: the call runs the task function ``rank`` (in a worker)."""
        if isinstance(func, cst.Attribute) and func.attr.value in DISPATCH_METHODS | TASK_SIGNATURES:
            return [(key, method) for key, method in self.callees(func.value) if not method]
        return []

    def edge(self, call: cst.Call, keys: list[tuple[str, bool]]) -> None:
        """The call graph's edges from the function walked: to the project's functions (named in the
        packages its module is named from), to methods called on its parameters (``instance.render()``) and
        to a migration tool's stamp (``alembic.command.stamp``: the function marks a new schema as migrated)."""
        caller, parameters = self.current
        for key, method in keys:
            if method:
                if isinstance(call.func.value, cst.Name) and call.func.value.value in parameters:
                    self.edges[(caller, key)] = None
            elif self.in_project(key) or any(is_from(key, tool, MIGRATIONS.stamp) for tool in MIGRATIONS.stamp_tools):
                self.edges[(caller, key)] = None

    def view_route(self, call: cst.Call) -> ViewRoute | None:
        """``View.as_view({"get": "retrieve"})`` (the actions of a literal mapping) or
        ``router.register(prefix, View)`` (every action); None for any other call."""
        if not isinstance(call.func, cst.Attribute):
            return None
        method = call.func.attr.value
        if method == _DRF.route_view:
            args = _positional(call)
            actions = _keyword(call, "actions") or (args[0] if args else None)
            if not isinstance(actions, cst.Dict):
                return None
            names = [_string(e.value) if isinstance(e, cst.DictElement) else None for e in actions.elements]
            view = self.qualify_class(call.func.value)
            return None if view is None else ViewRoute(view, tuple(n or "" for n in names))
        if method == _DRF.router_register:
            args = _positional(call)
            viewset = _keyword(call, "viewset") or (args[1] if len(args) > 1 else None)
            view = self.qualify_class(viewset)
            return None if view is None else ViewRoute(view, None)
        return None

    def qualify_class(self, node: cst.BaseExpression | None) -> str | None:
        """The qualified name of an imported or module-level class (``views.VideoViewSet``)."""
        qualified = self.imports.qualify(node)
        if qualified is None and isinstance(node, cst.Name):
            qualified = f"{self.module_name}.{node.value}" if self.module_name else node.value
        return qualified


def extract_call_sites(module: cst.Module, module_name: str, imports: ImportTable
                       ) -> tuple[tuple[CallSite, ...], tuple[str, ...], tuple[str, ...], tuple[ViewRoute, ...],
                                  tuple[tuple[str, str], ...], tuple[ArgumentShape, ...]]:
    """Index facts: calls whose arguments carry prefetched relations, the callees of all other calls
    (functions handed to a call as an argument count as called, with arguments unknown), the
    relation paths the file's code eager-loads by name (``select_related("a__b")``,
    ``prefetch_related("a__b")``, ``Prefetch("a__b")``), each once, the viewsets the file routes, and
    the file's part of the call graph (see ``_Extractor.edge``), and the argument shapes of its calls of
    the project's module functions."""
    extractor = _Extractor(module, module_name, imports)
    extractor.walk(module.body)
    return (tuple(extractor.sites), tuple(sorted(extractor.called)), tuple(extractor.eager),
            tuple(extractor.routes), tuple(extractor.edges), tuple(extractor.shapes))


def _shape(call: cst.Call, key: str, subclass: str = "", params: frozenset[str] = frozenset()) -> ArgumentShape:
    """The slots ``call`` fills, and those it fills with a literal constant (or, in a subclass's
    ``super().__init__(...)``, with one of ``params``, its own ``__init__``'s, alone or between literals:
    ``f"mapping.{name}_index"`` is constant when ``name`` is)."""
    given, constant, forwarded = [], [], []
    for arg in call.args:
        if arg.star:
            return ArgumentShape(key, open=True)
        slot = arg.keyword.value if arg.keyword is not None else str(len(given))
        given.append(slot)
        if is_literal_constant(arg.value):
            constant.append(slot)
        elif one_name_and_literals(arg.value) in params:  # its own parameter, or one with literals around it
            forwarded.append((slot, one_name_and_literals(arg.value)))
    return ArgumentShape(key, tuple(given), tuple(constant), subclass=subclass, forwarded=tuple(forwarded))


def _parameters(func: cst.FunctionDef) -> frozenset[str]:
    params = func.params
    every = [*params.posonly_params, *params.params, *params.kwonly_params]
    every += [p for p in (params.star_arg, params.star_kwarg) if isinstance(p, cst.Param)]
    return frozenset(p.name.value for p in every)


def _eager_lookups(call: cst.Call) -> list[str]:
    """The relation paths one call eager-loads by name: the string arguments of a paths-style loader
    (``select_related``/``prefetch_related``), the lookup of a ``Prefetch(...)``."""
    if isinstance(call.func, cst.Attribute) and (loader := DJANGO.query.loader(call.func.attr.value)) is not None \
            and loader.style == "paths":
        texts = [_string(a.value) for a in call.args]
    elif (dotted_name(call.func) or "").rsplit(".", 1)[-1] == DJANGO_EXTRAS.prefetch_class and call.args:
        texts = [_string(_keyword(call, "lookup") or call.args[0].value)]
    else:
        return []
    return [text for text in texts if text]


@derived_table
class EagerPaths:
    """Project-wide: every tail (two relations or more) of the paths some code eager-loads by name."""

    def __init__(self, index) -> None:
        self.tails: set[str] = set()
        for facts in index.files.values():
            for path in facts.eager_paths:
                parts = path.split("__")
                self.tails.update("__".join(parts[start:]) for start in range(len(parts) - 1))

    def loaded_somewhere(self, path: str) -> bool:
        """Whether some query of the project eager-loads the last hop of ``path`` (``seats__type`` of
        ``course__seats__type``) after any relations, on its own or inside a ``Prefetch`` queryset."""
        return "__".join(path.split("__")[-2:]) in self.tails


@derived_table
class CallerPrefetches:
    """Project-wide: for each callee, the calls that prefetch something and whether any call prefetches nothing."""

    def __init__(self, index) -> None:
        self.sites: dict[str, list[CallSite]] = defaultdict(list)
        self.bare: set[str] = set()
        for facts in index.files.values():
            for site in facts.call_sites:
                self.sites[site.callee].append(site)
            self.bare.update(facts.called)

    def known(self, keys: tuple[str, ...]) -> bool:
        """Whether some call of the callee ``keys`` is known (with arguments that prefetch or not)."""
        return any(key in self.bare or key in self.sites for key in keys)

    def covered(self, keys: tuple[str, ...], slots: tuple[str, ...], path: str) -> bool:
        """Whether every known call of the callee ``keys`` passes, in one of ``slots`` (the parameter's
        position or name), objects that prefetched ``path`` (or a path through it). No known call: False."""
        if any(key in self.bare for key in keys):
            return False
        sites = [site for key in keys for site in self.sites.get(key, ())]
        return bool(sites) and all(any(p == path or p.startswith(path + "__") for slot, paths in site.arguments
                                       if slot in slots for p in paths) for site in sites)


@derived_table
class ArgumentShapes:
    """Project-wide: for each module function (``module.func``), the shapes of its known calls."""

    def __init__(self, index) -> None:
        self.calls: dict[str, list[ArgumentShape]] = defaultdict(list)
        for facts in index.files.values():
            for shape in facts.argument_shapes:
                self.calls[shape.callee].append(shape)

    def of(self, qualified: str) -> list[ArgumentShape]:
        """The known calls of the module function ``qualified``, however they import it (see
        :meth:`CallingFiles.callers_of`)."""
        return [shape for suffix in dotted_suffixes(qualified) for shape in self.calls.get(suffix, ())]


@derived_table
class CallingFiles:
    """Project-wide: for each callee (``module.func``), the files that call it or hand it to a call."""

    def __init__(self, index) -> None:
        self.files: dict[str, set[str]] = defaultdict(set)
        for path, facts in index.files.items():
            for key in (*facts.called, *(site.callee for site in facts.call_sites)):
                self.files[key].add(path)

    def only_from(self, key: str, path: str) -> bool:
        """Whether ``key`` is called (or handed to a call) in the file ``path`` and in no other file."""
        return self.files.get(key) == {path}

    def callers_of(self, qualified: str) -> set[str]:
        """The files that call the module function ``qualified`` (``app.db.reset``), however they import it: the
        index names a module from the project root, an import from its import root (``src.app.db`` is
        ``app.db``)."""
        return {path for suffix in dotted_suffixes(qualified) for path in self.files.get(suffix, ())}


@derived_table
class SchemaStamps:
    """Project-wide: the functions that stamp a new schema as the head revision (``command.stamp(cfg, "head")``),
    and the callers of each function with their files."""

    def __init__(self, index) -> None:
        self.stamping: set[str] = set()
        self.callers: dict[str, set[tuple[str, str]]] = defaultdict(set)
        for path, facts in index.files.items():
            for caller, callee in facts.calls:
                if any(is_from(callee, tool, MIGRATIONS.stamp) for tool in MIGRATIONS.stamp_tools):
                    self.stamping.add(caller)
                self.callers[callee].add((caller, path))

    def stamped_by_callers(self, qualified: str, ignored: Callable[[str], bool]) -> bool:
        """Whether every function calling the module function ``qualified`` (in a file ``ignored`` does not
        name) stamps the schema too: ``create_all()`` then ``command.stamp(cfg, "head")``, split in two."""
        found = {pair for suffix in dotted_suffixes(qualified) for pair in self.callers.get(suffix, ())}
        callers = {caller for caller, path in found if not ignored(path)}
        return bool(callers) and callers <= self.stamping


@derived_table
class CallGraph:
    """Project-wide: which functions each function calls (:meth:`_Extractor.edge`), callers by every
    dotted suffix of their name (imports name a function from the import root, the index from the
    project root)."""

    def __init__(self, index) -> None:
        self.callees: dict[str, set[str]] = defaultdict(set)
        for facts in index.files.values():
            for caller, callee in facts.calls:
                for suffix in dotted_suffixes(caller):
                    self.callees[suffix].add(callee)

    def reaches(self, start: set[str], targets: set[str], methods_of: str, depth: int = 4) -> bool:
        """Whether a chain of at most ``depth`` calls leads from one of the functions ``start`` to one of
        ``targets`` (qualified names); a method called on a parameter (``.render``) is taken for the
        method of that name of the class ``methods_of`` (the hooks' model: their parameter is its object)."""
        wanted = {suffix for target in targets for suffix in dotted_suffixes(target)}
        frontier, seen = set(start), set(start)
        for _ in range(depth):
            reached = set()
            for name in frontier:
                for callee in self.callees.get(name, ()):
                    key = f"{methods_of}{callee}" if callee.startswith(".") else callee
                    if key in wanted:
                        return True
                    reached.add(key)
            frontier = reached - seen
            seen |= reached
        return False
