"""Index facts: Django REST framework serializers given many objects, and what their rows eager-load.

A serializer given many objects (``BookSerializer(books, many=True)``, or the
``serializer_class`` of a list view) runs its per-object code once per object. The index pass
records every such many-usage as a :class:`~ormlint.index.facts.SerializerUsage` with the eager
paths its queryset asks for, found syntactically (``select_related``/``prefetch_related``
strings, ``Prefetch("x")``), or None when unknowable (a helper's result, a parameter, a custom
queryset method). :class:`SerializerUsages` is the project-wide table built from those facts.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import libcst as cst

from ormlint.index.derived import derived_table
from ormlint.index.facts import LOADER_DEFAULT, SerializerUsage
from ormlint.orms.django import DJANGO, DJANGO_EXTRAS
from ormlint.orms.spec import any_matches
from ormlint.syntax.literals import (
    body_statements,
    class_attributes,
    class_methods,
    is_true,
)
from ormlint.syntax.literals import keyword as _keyword
from ormlint.syntax.literals import positional as _positional
from ormlint.syntax.literals import string_value as _string
from ormlint.syntax.names import ImportTable, dotted_name
from ormlint.syntax.testcode import is_fixture, is_test_case
from ormlint.syntax.walk import child_statements, descendants, ending_jump

HINTS = ("many=True", "class ")  # text of files that may hand a serializer many objects
_SELF = "\0self"  # root of ``qs = qs.filter(...)`` while following ``qs``
_WRAPPERS = frozenset({"list", "sorted", "tuple"})
_DRF = DJANGO_EXTRAS.drf
LIST = _DRF.list_action
_SAME_ROWS = DJANGO.query.chain | DJANGO.query.unfixable
_NOT_ROWS = DJANGO.query.single | DJANGO.query.executes | DJANGO.query.rows
_PLAIN_ROWS = DJANGO.query.rows
_PREFETCHING = (DJANGO_EXTRAS.prefetch_loader, DJANGO_EXTRAS.prefetch_class)
_PREFETCH_OBJECTS = DJANGO_EXTRAS.prefetch_objects.names


# -- index pass: where serializers get many objects ---------------------------------------
@dataclass(frozen=True)
class Rows:
    """What a queryset expression eager-loads: ``eager`` None when unknowable."""

    eager: frozenset[str] | None
    root: str = ""  # the manager or relation accessor the chain starts from, qualified
    view: str = ""  # the class whose ``queryset``/``get_queryset()`` it came from, qualified
    # methods of a custom QuerySet/Manager the chain calls (``Site.objects.filter_by_role(user)``): the
    # rows are known once the index tells that the model's queryset class defines each and none reshapes them
    through: tuple[str, ...] = ()

    @staticmethod
    def unknown() -> Rows:
        return Rows(None)


class _Function:
    """Local assignments of one function, to follow ``qs = ...; S(qs, many=True)``."""

    def __init__(self, func: cst.FunctionDef | None) -> None:
        self.params: set[str] = set()
        self.assigned: dict[str, list[cst.BaseExpression | None]] = {}
        self.prefetches_objects = False  # prefetch_related_objects(rows, ...): loaded after the query
        self.action: str | None = None  # the view action it is (``list``, an ``@action`` method's name)
        if func is None:
            return
        if func.name.value == LIST or func.name.value in _DRF.single_object_actions or any(
                (dotted_name(d.decorator.func if isinstance(d.decorator, cst.Call) else d.decorator) or "")
                .rsplit(".", 1)[-1] == _DRF.action_decorator for d in func.decorators):
            self.action = func.name.value
        params = func.params
        for param in (*params.posonly_params, *params.params, *params.kwonly_params):
            self.params.add(param.name.value)
        for star in (params.star_arg, params.star_kwarg):
            if isinstance(star, cst.Param):
                self.params.add(star.name.value)
        for node in descendants(func.body):
            if isinstance(node, cst.Call) and (dotted_name(node.func) or "").endswith(_PREFETCH_OBJECTS):
                self.prefetches_objects = True
            elif isinstance(node, cst.Assign):
                for target in node.targets:
                    if isinstance(target.target, cst.Name):
                        self.assigned.setdefault(target.target.value, []).append(node.value)
            elif isinstance(node, (cst.AugAssign, cst.AnnAssign, cst.For, cst.CompFor, cst.NamedExpr)) \
                    and isinstance(node.target, cst.Name):
                value = node.value if isinstance(node, cst.AnnAssign) else None
                self.assigned.setdefault(node.target.value, []).append(value)
            elif isinstance(node, cst.AsName) and isinstance(node.name, cst.Name):
                self.assigned.setdefault(node.name.value, []).append(None)


class _Extractor:
    """Finds many-usages of serializers in one module."""

    def __init__(self, module_name: str, imports: ImportTable) -> None:
        self.module_name = module_name
        self.imports = imports
        self.facts: list[SerializerUsage] = []
        self.qualnames: dict[int, str] = {}  # id(ClassDef) -> qualified name

    def qualify(self, dotted: str) -> str:
        qualified = self.imports.qualify_dotted(dotted)
        if qualified:
            return qualified
        return f"{self.module_name}.{dotted}" if self.module_name else dotted

    def add(self, serializer: str, rows: Rows, view: str, where: str) -> None:
        eager = None if rows.eager is None else tuple(sorted(rows.eager))
        self.facts.append(SerializerUsage(serializer, eager, rows.root, view, where, rows.view, rows.through))

    # -- statements ---------------------------------------------------------------
    def block(self, statements, scope: tuple[str, ...], cls: cst.ClassDef | None) -> None:
        """Usages in the statements; a test's (a test case, a ``test_`` function, a fixture) are none of
        the project's: its rows are what the test made, and its queries no user waits for."""
        for stmt in statements:
            if isinstance(stmt, cst.ClassDef) and is_test_case(stmt) or isinstance(stmt, cst.FunctionDef) and (
                    stmt.name.value.startswith("test_") or is_fixture(stmt, self.imports)):
                continue
            if isinstance(stmt, cst.ClassDef):
                self.qualnames[id(stmt)] = self.qualify(".".join(scope + (stmt.name.value,)))
                self.view(stmt, scope + (stmt.name.value,))
                self.block(body_statements(stmt), scope + (stmt.name.value,), stmt)
            elif isinstance(stmt, cst.FunctionDef):
                self.function(stmt, scope + (stmt.name.value,), cls)
            elif isinstance(stmt, cst.BaseCompoundStatement):
                self.block(child_statements(stmt), scope, cls)

    def view(self, cls: cst.ClassDef, scope: tuple[str, ...]) -> None:
        """``serializer_class = S`` on a view, or each class its ``get_serializer_class()`` may return for
        the list action: a many-usage when the view lists (checked later); not when the view's own ``list()``
        serializes with a class it names itself (``ThreadSerializer(threads, many=True)``, a usage of its own)."""
        listing = class_methods(cls).get("list")
        if listing is not None and not _uses_view_serializer(listing):
            return
        method = class_methods(cls).get("get_serializer_class")
        if method is not None:
            names = [name for r in _returns_for(_body_of(method), LIST) for name in _returned_names(r.value)]
        else:
            names = [_mapped_for_listing(cls) or dotted_name(class_attributes(cls).get("serializer_class"))]
        rows = None
        for name in dict.fromkeys(n for n in names if n and n.split(".", 1)[0] != "self"):
            rows = rows or self.view_rows(cls, set(), LIST)
            self.add(self.qualify(name), rows, self.qualnames[id(cls)], f"listed by `{cls.name.value}`")

    def view_rows(self, cls: cst.ClassDef, seen: set[str], action: str | None = None) -> Rows:
        """The rows a view serializes: its ``get_queryset()`` returns (those it may reach for ``action``, when
        known: a branch for other ``self.action`` values serves them), or ``queryset``."""
        rows = self._view_rows(cls, seen, action)
        return rows if rows.eager is None else replace(rows, view=self.qualnames.get(id(cls), ""))

    def _view_rows(self, cls: cst.ClassDef, seen: set[str], action: str | None) -> Rows:
        method = class_methods(cls).get("get_queryset")
        if method is not None and "get_queryset" not in seen:
            function = _Function(method)
            returns = _returns_for(_body_of(method), action) if action else [
                n for n in descendants(method.body) if isinstance(n, cst.Return)]
            results = [self.rows(n.value, function, cls, seen | {"get_queryset"}) for n in returns
                       if n.value is not None and not _no_rows(n.value)]
            return _combine([r for r in results if r is not None]) if results else Rows.unknown()
        queryset = class_attributes(cls).get("queryset")
        if queryset is None:
            return Rows.unknown()  # inherited: not visible here
        return self.rows(queryset, _Function(None), cls, seen | {"get_queryset"}) or Rows.unknown()

    def function(self, func: cst.FunctionDef, scope: tuple[str, ...], cls: cst.ClassDef | None) -> None:
        local = None
        for node in descendants(func.body):
            if not isinstance(node, cst.Call) or not is_true(_keyword(node, "many")):
                continue
            instance = _keyword(node, "instance")
            args = _positional(node)
            if instance is None and args:
                instance = args[0]
            if instance is None:
                continue  # S(many=True) declares a nested field, S(data=..., many=True) writes
            serializer = self.serializer(node.func, cls)
            if serializer is None:
                continue
            local = local or _Function(func)
            rows = Rows.unknown() if local.prefetches_objects else self.rows(instance, local, cls, set())
            if rows is not None:
                label = serializer.rsplit(".", 1)[-1]
                self.add(serializer, rows, "", f"serialized by `{label}(..., many=True)` in `{'.'.join(scope)}`")

    def serializer(self, func: cst.BaseExpression, cls: cst.ClassDef | None) -> str | None:
        """The serializer class a call instantiates, qualified."""
        if isinstance(func, cst.Attribute) and dotted_name(func) == "self.get_serializer" and cls is not None:
            if "get_serializer_class" in class_methods(cls):
                return None
            func = class_attributes(cls).get("serializer_class")
        name = dotted_name(func)
        if name is None or name.split(".", 1)[0] == "self":
            return None
        return self.qualify(name)

    # -- queryset expressions --------------------------------------------------------
    def rows(self, expr: cst.BaseExpression, local: _Function, cls: cst.ClassDef | None,
             seen: set[str]) -> Rows | None:
        """What ``expr`` eager-loads; None when it is not a queryset at all (a literal list)."""
        if isinstance(expr, (cst.List, cst.Tuple, cst.Set, cst.ListComp, cst.SetComp, cst.GeneratorExp)):
            return None
        if isinstance(expr, cst.Name):
            return self.name_rows(expr.value, local, cls, seen)
        if isinstance(expr, cst.Subscript):
            return self.rows(expr.value, local, cls, seen)
        if isinstance(expr, cst.Call):
            return self.call_rows(expr, local, cls, seen)
        dotted = dotted_name(expr)
        if dotted is None:
            return Rows.unknown()
        if dotted in ("self.queryset", "self.object_list") and cls is not None:
            return self.view_rows(cls, seen | {"get_queryset"})
        parts = dotted.split(".")
        if len(parts) < 2 or (parts[0] == "self" and parts[1] != "request"):
            return Rows.unknown()  # a module-level name, or instance state set elsewhere
        if any(value is None or any(isinstance(n, cst.Name) and n.value in _PREFETCHING
                                    for n in descendants(value)) for value in local.assigned.get(parts[0], ())):
            return Rows.unknown()  # parent.rel of a loop variable or a prefetching query: rows may be prefetched
        return Rows(frozenset(), self.qualify(dotted))

    def name_rows(self, name: str, local: _Function, cls, seen: set[str]) -> Rows:
        if name in seen:
            return Rows(frozenset(), _SELF)
        values = local.assigned.get(name)
        if name in local.params or not values or any(v is None for v in values):
            return Rows.unknown()
        # ``qs = qs.values("title")`` hands dicts on, not model objects: nothing to load lazily on that path
        values = [v for v in values if not _dict_rows(v)] or values
        results = [self.rows(v, local, cls, seen | {name}) for v in values]
        if any(r is None or r.eager is None for r in results):
            return Rows.unknown()
        roots = {r.root for r in results if r.root != _SELF}
        if len(roots) != 1:
            return Rows.unknown()
        views = {r.view for r in results} - {""}
        return Rows(frozenset().union(*(r.eager for r in results)), roots.pop(), views.pop() if views else "",
                    _through(results))

    def call_rows(self, call: cst.Call, local: _Function, cls, seen: set[str]) -> Rows | None:
        args = _positional(call)
        if isinstance(call.func, cst.Name):
            if call.func.value in _WRAPPERS and args and self.imports.qualify(call.func) is None:
                return self.rows(args[0], local, cls, seen)
            return Rows.unknown()
        if not isinstance(call.func, cst.Attribute):
            return Rows.unknown()
        receiver, meth = call.func.value, call.func.attr.value
        if meth in _DRF.pass_through:
            position = 1 if meth == "filter_queryset" and len(args) >= 3 else 0  # backend.filter_queryset(request, qs, view)
            return self.rows(args[position], local, cls, seen) if len(args) > position else Rows.unknown()
        if meth == "get_queryset" and cls is not None and (
                dotted_name(receiver) == "self" or (isinstance(receiver, cst.Call) and dotted_name(receiver.func) == "super")):
            if isinstance(receiver, cst.Call):
                seen = seen | {"get_queryset"}  # super(): the class attribute, not this method again
            return self.view_rows(cls, seen, local.action)
        loader = DJANGO.query.loader(meth)
        if loader is not None:
            inner = self.rows(receiver, local, cls, seen)
            if inner is None or inner.eager is None:
                return Rows.unknown()
            eager = set(inner.eager)
            for arg in call.args:
                paths = self.eager_paths(arg.value, local, cls, seen)
                if paths is None:
                    return Rows.unknown()
                eager |= paths
            if not call.args and loader.no_arguments:
                eager.add(LOADER_DEFAULT)
            return replace(inner, eager=frozenset(eager))
        if meth in _SAME_ROWS:
            inner = self.rows(receiver, local, cls, seen)
            return Rows.unknown() if inner is None else inner
        inner = None if meth.startswith("_") or meth in _NOT_ROWS else self.rows(receiver, local, cls, seen)
        if inner is None or inner.eager is None:
            return Rows.unknown()  # a helper, or a method of rows unknown already: it may eager-load
        return replace(inner, through=inner.through + (meth,))  # a custom queryset/manager method, perhaps

    def eager_paths(self, arg: cst.BaseExpression, local: _Function, cls, seen: set[str]) -> set[str] | None:
        """Paths one argument of select_related/prefetch_related loads; None when unknowable.
        ``Prefetch("x", queryset=...)`` also loads what its queryset loads, under ``x``."""
        text = _string(arg)
        if text is not None:
            return {text}
        if not isinstance(arg, cst.Call) or (dotted_name(arg.func) or "").rsplit(".", 1)[-1] != DJANGO_EXTRAS.prefetch_class:
            return None
        args = _positional(arg)
        lookup = _string(_keyword(arg, "lookup") or (args[0] if args else None))
        if lookup is None:
            return None
        to_attr = _string(_keyword(arg, "to_attr"))
        base = to_attr or lookup
        paths = {lookup, base}
        queryset = _keyword(arg, "queryset") or (args[1] if len(args) > 1 else None)
        if queryset is None:
            return paths
        inner = self.rows(queryset, local, cls, seen)
        if inner is None or inner.eager is None:
            return None
        return paths | {f"{base}__{p}" for p in inner.eager}


def _dict_rows(expr: cst.BaseExpression) -> bool:
    """``qs.values(...)``, ``qs.values_list(...)[:40]``: rows that are dicts or tuples, not model objects."""
    while isinstance(expr, cst.Subscript):
        expr = expr.value
    return isinstance(expr, cst.Call) and isinstance(expr.func, cst.Attribute) and expr.func.attr.value in _PLAIN_ROWS


def _no_rows(expr: cst.BaseExpression) -> bool:
    """``Model.objects.none()``: a queryset of no rows, which no serializer reads a relation of."""
    return isinstance(expr, cst.Call) and isinstance(expr.func, cst.Attribute) \
        and expr.func.attr.value in DJANGO.query.empty


def _combine(results: list[Rows]) -> Rows:
    """Several ``return``s: what every one of them eager-loads (an unknowable one covers all)."""
    known = [r for r in results if r.eager is not None]
    if not known:
        return Rows.unknown()
    roots = {r.root for r in known}
    if len(roots) != 1:
        return Rows.unknown()
    return replace(known[0], eager=frozenset.intersection(*(r.eager for r in known)), through=_through(known))


def _uses_view_serializer(method: cst.FunctionDef) -> bool:
    """Whether a view method serializes through the view's serializer: ``self.get_serializer(...)``,
    ``self.get_serializer_class()``, ``self.serializer_class``, or the parent's method (``super().list(...)``)."""
    return any(isinstance(n, cst.Attribute) and dotted_name(n.value) == "self"
               and n.attr.value in ("get_serializer", "get_serializer_class", "serializer_class")
               or isinstance(n, cst.Call) and dotted_name(n.func) == "super" for n in descendants(method.body))


def _through(results: list[Rows]) -> tuple[str, ...]:
    """The custom queryset methods any of several paths to the rows calls, once each, in order."""
    return tuple(dict.fromkeys(m for r in results for m in r.through))


def _returns_for(statements, action: str) -> list[cst.Return]:
    """The ``return`` statements a method may reach when the view's action is ``action``: a branch that
    tests ``self.action`` against other actions only (``if self.action == "retrieve":``) is left out."""
    found: list[cst.Return] = []
    for stmt in statements:
        if isinstance(stmt, cst.If):
            actions = _action_test(stmt.test, action)
            body_runs, else_runs = (True, True) if actions is None else actions
            if body_runs:
                found += _returns_for(_block(stmt), action)
            orelse = stmt.orelse
            if else_runs and orelse is not None:
                found += _returns_for([orelse] if isinstance(orelse, cst.If) else _block(orelse), action)
            if not else_runs and orelse is None and ending_jump(_block(stmt)[-1]) == "return":
                break  # ``if self.action == "list": return A``: what follows serves the other actions
        elif isinstance(stmt, (cst.SimpleStatementLine, cst.SimpleStatementSuite)):
            found += [s for s in stmt.body if isinstance(s, cst.Return)]
        elif isinstance(stmt, cst.BaseCompoundStatement) and not isinstance(stmt, (cst.FunctionDef, cst.ClassDef)):
            found += _returns_for(child_statements(stmt), action)
    return found


def _body_of(func: cst.FunctionDef) -> list:
    return list(func.body.body) if isinstance(func.body, cst.IndentedBlock) else [func.body]


def _mapped_for_listing(cls: cst.ClassDef) -> str | None:
    """The serializer a view maps the ``list`` action to in a dict of its class (``serializer_classes =
    {"list": LightSerializer, ...}``, read by a per-action mixin's ``get_serializer_class()``)."""
    for value in class_attributes(cls).values():
        if isinstance(value, cst.Dict):
            for element in value.elements:
                if isinstance(element, cst.DictElement) and _string(element.key) == LIST and dotted_name(element.value):
                    return dotted_name(element.value)  # not ``{"list": [IsAuthenticated]}`` (permissions per action)
    return None


def _block(node: cst.If | cst.Else) -> list[cst.BaseStatement | cst.SimpleStatementSuite]:
    """The statements of a branch (a one-line ``if x: return A`` is its own statement)."""
    return list(node.body.body) if isinstance(node.body, cst.IndentedBlock) else [node.body]


def _returned_names(value: cst.BaseExpression | None) -> list[str | None]:
    """``A``, or each side of ``A if full else B``."""
    if isinstance(value, cst.IfExp):
        return _returned_names(value.body) + _returned_names(value.orelse)
    return [dotted_name(value)] if value is not None else []


def _action_test(test: cst.BaseExpression, action: str) -> tuple[bool, bool] | None:
    """For ``self.action == "x"`` / ``in ("x", ...)`` (or ``!=``/``not in``), and the same of
    ``self.request.method`` (a list is a ``GET``): whether the branch and its ``else`` may run for
    ``action``; None for any other test."""
    if not (isinstance(test, cst.Comparison) and len(test.comparisons) == 1
            and dotted_name(test.left) in ("self.action", "self.request.method")):
        return None
    if dotted_name(test.left) == "self.request.method" and action != LIST:
        return None  # a custom action's method is not known here
    listing = action if dotted_name(test.left) == "self.action" else "GET"
    comparison = test.comparisons[0]
    right = comparison.comparator
    values = [right] if not isinstance(right, (cst.Tuple, cst.List, cst.Set)) else [e.value for e in right.elements]
    actions = {_string(v) for v in values}
    if None in actions:
        return None
    named = listing in actions
    if isinstance(comparison.operator, (cst.Equal, cst.In)):
        return named, not named
    if isinstance(comparison.operator, (cst.NotEqual, cst.NotIn)):
        return not named, named
    return None


def extract_serializer_usages(module: cst.Module, module_name: str,
                              imports: ImportTable) -> tuple[SerializerUsage, ...]:
    """Index facts: serializers given many objects, with what their queryset eager-loads."""
    if not any("serializer" in name.lower() for pair in imports.aliases.items() for name in pair):
        return ()
    extractor = _Extractor(module_name, imports)
    extractor.block(module.body, (), None)
    return tuple(extractor.facts)


# -- rule pass: the serializers of a module, walked per object ---------------------------
@dataclass(frozen=True)
class Usage:
    serializer: str  # as the using module referenced it
    eager: frozenset[str] | None
    root: str
    view: str  # the list view whose serializer_class it is ("" for a call)
    where: str
    path: str
    through: tuple[str, ...] = ()  # the custom queryset methods its chain calls (see Rows.through)

    def label(self, method: str = "") -> str:
        """What "once per ..." repeats over."""
        calls = f", which calls `{method}` for each" if method else ""
        return f"object {self.where} ({self.path}){calls}"


@derived_table
class SerializerUsages:
    """The project's many-usages of serializers, by the serializer's qualified name."""

    def __init__(self, index) -> None:
        self.models = index.models
        self.hooks = index.hooks
        self.usages: dict[str, list[Usage]] = {}
        self._accessors: dict[tuple[str, str], frozenset[str] | None] = {}
        self._routes: dict[str, list[tuple[str, ...] | None]] = {}  # a view's routes, by its qualified name
        for facts in index.files.values():
            for route in facts.view_routes:
                fact = self.models.resolve(route.view)
                self._routes.setdefault(fact.qualname if fact else route.view, []).append(route.actions)
        for path in sorted(index.files):
            for usage in index.files[path].serializer_usages:
                if usage.view and not self._lists(usage.view):
                    continue
                fact = self.models.resolve(usage.serializer)
                if fact is not None:
                    paths = None if usage.eager is None or self._inherits_queryset(usage.source) else frozenset(
                        usage.eager)
                    self.usages.setdefault(fact.qualname, []).append(
                        Usage(usage.serializer, paths, usage.root, usage.view, usage.where, path, usage.through))

    def _inherits_queryset(self, view: str) -> bool:
        """Whether a view's rows may come from a project base class's ``get_queryset()``
        (which can eager-load what the view's own code does not show)."""
        fact = self.models.by_qualname.get(view) if view else None
        return fact is not None and any(
            name == "get_queryset" for cls in self.models.ancestors(fact)[1:] for name, _ in cls.methods)

    def _lists(self, view: str) -> bool:
        """Whether a view serializes many objects: a DRF list view/mixin, or a ``list`` method, unless
        the project routes it for single objects only."""
        fact = self.models.by_qualname.get(view)
        if fact is None:
            return False
        return any(any(any_matches(b, _DRF.list_views) for b in cls.bases)
                   or any(name == "list" for name, _ in cls.methods) for cls in self.models.ancestors(fact)) \
            and not self._routed_for_one_object(fact)

    def _routed_for_one_object(self, fact) -> bool:
        """Whether every route of a viewset maps single-object actions only (``as_view({"get": "retrieve"})``),
        no router registers it, and no class of the project extends it (a subclass may be routed as a list)."""
        routes = self._routes.get(fact.qualname)
        if not routes or any(actions is None or not set(actions) <= _DRF.single_object_actions for actions in routes):
            return False
        return not any(fact in self.models.ancestors(other)[1:] for other in self.models.by_qualname.values())

    def covers(self, usage: Usage, model) -> frozenset[str] | None:
        """The eager paths of ``usage`` for rows of ``model``; None when unknowable."""
        if usage.eager is None or not usage.root:
            return None
        head, _, last = usage.root.rpartition(".")
        owner = self.models.model(head) if head else None
        if owner is not None:
            loads = self.hooks.manager_loads(owner)
            if last in self.models.managers(owner) and model in self.models.ancestors(owner) \
                    and all(self.hooks.keeps_rows(owner, method) for method in usage.through) and loads is not None:
                return usage.eager | loads
            return None
        if usage.through:
            return None
        known = self._accessor(last, model.qualname)
        return None if known is None else usage.eager | known

    def _accessor(self, name: str, target: str) -> frozenset[str] | None:
        """When some model has a collection accessor ``name`` yielding ``target`` rows: what its
        rows come with (a reverse foreign key sets the parent on each row); else None."""
        key = (name, target)
        if key not in self._accessors:
            found = [rel for m in self.models.models() if (rel := self.models.relations(m).get(name)) is not None
                     and rel.many and rel.target == target]
            parents = frozenset(r.reverse_name for r in found if r.reverse and r.kind == "fk" and r.reverse_name)
            self._accessors[key] = parents if found else None
        return self._accessors[key]


def serializer_usages(index) -> SerializerUsages:
    """The project's :class:`SerializerUsages`, built once per index."""
    return index.derived(SerializerUsages)


