"""Django REST framework serializers as per-object loops (ORM101/ORM102).

A serializer given many objects (``BookSerializer(books, many=True)``, or the
``serializer_class`` of a list view) runs each ``SerializerMethodField`` method, each
``source="rel.attr"`` field and each nested serializer field once per object, those it inherits
from a base class of the same module (a mixin declaring a method field) included, and reads each
model property or method its ``Meta.fields`` names. What they
load lazily is an N+1 unless the queryset handed to the serializer eager-loads it.

The index pass records every such many-usage (a
:class:`~ormlint.index.facts.SerializerUsage`) with the eager paths its queryset asks for,
found syntactically (``select_related``/``prefetch_related`` strings, ``Prefetch("x")``), or
unknowable (a helper's result, a parameter, a custom queryset method).
:func:`serializer_events` then walks the serializers of a module once per distinct eager set
of their usages.
"""

from __future__ import annotations

from dataclasses import replace

import libcst as cst

from ormlint.analysis.n_plus_one.queries import (
    Analysis,
    Analyzer,
    LazyLoad,
    Load,
    Loop,
    Val,
)
from ormlint.index.serializers import Usage, serializer_usages
from ormlint.orms.django import DJANGO, DJANGO_EXTRAS
from ormlint.syntax.literals import (
    body_statements,
    class_attributes,
    class_methods,
    is_true,
)
from ormlint.syntax.literals import keyword as _keyword
from ormlint.syntax.literals import positional as _positional
from ormlint.syntax.literals import string_value as _string
from ormlint.syntax.names import is_from

_DRF = DJANGO_EXTRAS.drf


class _Serializer:
    """One ModelSerializer class of the module: its model and what it reads per object."""

    def __init__(self, ctx, info, cls: cst.ClassDef, fact) -> None:
        self.ctx = ctx
        self.models = ctx.index.models
        self.cls = cls
        self.fact = fact
        self.local_classes = info.classes
        # what the class and its bases of this module declare (a mixin's SerializerMethodField and its
        # get_ method), the class's own declarations overriding its bases'
        lineage = list(reversed(_lineage(cls, info.classes)))
        self.assignments = {k: v for c in lineage for k, v in class_attributes(c).items()}
        self.methods = {k: v for c in lineage for k, v in class_methods(c).items()}
        self.meta = next((s for s in body_statements(cls) if isinstance(s, cst.ClassDef) and s.name.value == "Meta"), None)
        meta = class_attributes(self.meta) if self.meta is not None else {}
        self.model = self._model(ctx, info, meta.get("model"))
        # a list serializer of its own may load relations for all objects at once (prefetch_related_objects)
        self.own_list = "list_serializer_class" in meta or "many_init" in class_methods(cls)
        listed = meta.get("fields")
        self.listed_nodes = [(e.value, _string(e.value)) for e in listed.elements] \
            if isinstance(listed, (cst.List, cst.Tuple)) else []
        self.listed = {name for _, name in self.listed_nodes}

    def _model(self, ctx, info, expr):
        if expr is not None:
            model = Analyzer(ctx, info, Analysis()).model_ref(expr, {})
        else:  # class Meta(Base.Meta) or no Meta: the nearest project base that names a model
            declared = next((dict(c.meta)["model"] for c in self.models.ancestors(self.fact)[1:]
                             if "model" in dict(c.meta)), None)
            model = self.models.model(declared, self.fact.qualname) if declared else None
        if model is None or not self.models.is_concrete(model) or self.models.orm_of(model) != DJANGO.name:
            return None
        return model

    def _field_class(self, call: cst.Call) -> str:
        """The qualified class a field declaration instantiates ("" when unknown)."""
        qualified = self.ctx.imports.qualify(call.func)
        if qualified is None and isinstance(call.func, cst.Name) and call.func.value in self.local_classes:
            module = self.ctx.module_name
            qualified = f"{module}.{call.func.value}" if module else call.func.value
        return qualified or ""

    def method_fields(self) -> list[tuple[cst.FunctionDef, str]]:
        """``(method, its object parameter)`` for every SerializerMethodField and ``to_representation``; a
        field a base serializer declares runs only when ``Meta.fields``, given as a list, names it."""
        methods = self.methods
        names = {"to_representation"}
        for field, value in self.assignments.items():
            if self.listed_nodes and field not in self.listed:
                continue
            if isinstance(value, cst.Call) and is_from(self._field_class(value), _DRF.package, _DRF.method_field):
                given = _keyword(value, "method_name") or next(iter(_positional(value)), None)
                names.add(_string(given) or f"get_{field}")
        model_attrs = set(self.models.fields(self.model)) | set(self.models.relations(self.model))
        for field in self.listed:  # declared by a base serializer, named in this one's fields
            if field and field not in self.assignments and field not in model_attrs:
                names.add(f"get_{field}")
        return [(method, method.params.params[1].name.value) for name, method in methods.items()
                if name in names and len(method.params.params) >= 2 and not method.decorators]

    def member_fields(self) -> list[tuple[cst.CSTNode, str]]:
        """``(where, name)`` for each name of ``Meta.fields`` that ModelSerializer serves from a method or
        property of the model (a read-only field reading ``obj.<name>``, calling it when it is a method)."""
        attributes = set(self.models.fields(self.model)) | set(self.models.relations(self.model))
        declared = set(self.assignments) | attributes
        listed = [(node, name) for node, name in self.listed_nodes if name and name not in declared
                  and f"get_{name}" not in self.methods]
        return listed + [(value, source) for value, source in self._declared_sources() if source not in attributes]

    def _declared_sources(self) -> list[tuple[cst.Call, str]]:
        """``(field, source)`` for each declared DRF field or nested serializer reading one attribute of the
        object itself (``CharField(source="get_summary")``, ``InterfaceSerializer(source="get_bundled")``)."""
        out = []
        for field, value in self.assignments.items():
            if not isinstance(value, cst.Call) or is_true(_keyword(value, "write_only")) or (
                    self.listed_nodes and field not in self.listed):
                continue
            field_class = self._field_class(value)
            if not (is_from(field_class, _DRF.package) or self._is_serializer(field_class)) or is_from(
                    field_class, _DRF.package, *_DRF.no_source_fields):
                continue
            source = _string(_keyword(value, "source")) or field
            if source != "*" and "." not in source:
                out.append((value, source))
        return out

    def relation_fields(self) -> list[tuple[cst.CSTNode, list[str], bool]]:
        """``(where, relation path read, whether the last hop loads the row)`` for each field
        that reads a relation: declared DRF fields and nested serializers (by ``source`` or
        name), and the many-to-many fields ModelSerializer builds from ``Meta.fields``; a field a base
        serializer declares serves only when ``Meta.fields``, given as a list, names it."""
        out = []
        for field, value in self.assignments.items():
            if not isinstance(value, cst.Call) or is_true(_keyword(value, "write_only")) or (
                    self.listed_nodes and field not in self.listed):
                continue
            field_class = self._field_class(value)
            drf = is_from(field_class, _DRF.package)
            if not (drf and not is_from(field_class, _DRF.package, *_DRF.no_source_fields)) and not self._is_serializer(
                    field_class):
                continue  # a project field class may read its value any way it likes
            source = _string(_keyword(value, "source")) or field
            if source == "*":
                continue
            lookup = _string(_keyword(value, "lookup_field"))
            pk_only = is_from(field_class, _DRF.package, *_DRF.pk_only_fields) and lookup in (None, "pk")
            out.append((value, source.split("."), not pk_only))
        meta = class_attributes(self.meta) if self.meta is not None else {}
        nested = isinstance(meta.get("depth"), cst.Integer) and meta["depth"].evaluated_value > 0
        for node, field in self._implicit_fields():
            rel = self.models.relation(self.model, field)
            # a PrimaryKeyRelatedField(many=True) runs rel.all() per object; with ``depth`` a
            # nested serializer reads each related row
            if rel is not None and rel.kind != "generic" and (rel.many or nested):
                out.append((node, [field], True))
        return out

    def _implicit_fields(self) -> list[tuple[cst.CSTNode, str]]:
        """Fields ModelSerializer builds itself: ``(node naming them, field name)``."""
        meta = class_attributes(self.meta) if self.meta is not None else {}
        listed, hidden = meta.get("fields"), set()
        extra = meta.get("extra_kwargs")
        for element in extra.elements if isinstance(extra, cst.Dict) else ():
            options = element.value if isinstance(element, cst.DictElement) else None
            if isinstance(options, cst.Dict) and any(
                    isinstance(e, cst.DictElement) and _string(e.key) == "write_only" and is_true(e.value)
                    for e in options.elements):
                hidden.add(_string(element.key))
        if isinstance(listed, (cst.List, cst.Tuple)):
            named = [(e.value, _string(e.value)) for e in listed.elements]
        elif _string(listed) == "__all__" or (listed is None and "exclude" in meta):
            excluded = meta.get("exclude")  # every forward field: reverse accessors must be listed
            listed = listed or excluded
            skip = {_string(e.value) for e in excluded.elements} if isinstance(excluded, (cst.List, cst.Tuple)) else set()
            named = [(listed, r.name) for r in self.models.relations(self.model).values()
                     if not r.reverse and r.name not in skip]
        else:
            return []
        return [(node, name) for node, name in named if name and name not in self.assignments and name not in hidden]

    def _is_serializer(self, qualified: str) -> bool:
        fact = self.models.resolve(qualified) if qualified else None
        return fact is not None and _derives(self.models, fact, _DRF.serializers, "Serializer")


def _lineage(cls: cst.ClassDef, classes: dict[str, cst.ClassDef], seen: tuple = ()) -> list[cst.ClassDef]:
    """The class, then its bases defined in the same module, in method resolution order (depth first)."""
    out = [cls]
    for base in cls.bases:
        found = classes.get(base.value.value) if isinstance(base.value, cst.Name) and base.keyword is None else None
        if found is None or found is cls or found in seen:
            continue
        out += [a for a in _lineage(found, classes, (*seen, cls)) if a not in out]
    return out


def _derives(models, fact, drf_names: tuple[str, ...], suffix: str) -> bool:
    """Whether a class derives from one of DRF's ``drf_names``, or from a class outside the
    project named ``*<suffix>`` (``i18nfield``'s ``I18nAwareModelSerializer``)."""
    for cls in models.ancestors(fact):
        for base in cls.bases:
            if is_from(base, _DRF.package, *drf_names):
                return True
            if base.endswith(suffix) and models.resolve(base, cls.qualname) is None:
                return True
    return False


def _model_serializer(models, fact) -> bool:
    return _derives(models, fact, _DRF.model_serializers, "ModelSerializer")


def serializer_events(ctx, info, analysis) -> None:
    """Per-object lazy loads and queries of the module's ModelSerializers given many objects."""
    registry = serializer_usages(ctx.index)
    if not registry.usages:
        return
    reported: set[tuple] = set()
    for name, cls in info.classes.items():
        qualname = f"{ctx.module_name}.{name}" if ctx.module_name else name
        usages = registry.usages.get(qualname)
        fact = ctx.index.models.by_qualname.get(qualname)
        if not usages or fact is None or not _model_serializer(ctx.index.models, fact):
            continue
        serializer = _Serializer(ctx, info, cls, fact)
        if serializer.model is None:
            continue
        walked: set[frozenset[str] | None] = set()
        for usage in usages:
            eager = None if serializer.own_list else registry.covers(usage, serializer.model)
            if eager is not None:
                eager = ctx.index.models.with_loader_default(serializer.model, eager)
            if eager in walked:
                continue
            walked.add(eager)
            load = Load(DJANGO.name, eager=eager or frozenset(), opaque=eager is None, fixable=False, local=False)
            instance = Val(serializer.model, False, load)
            found = Analysis()
            _relation_events(ctx, serializer, instance, usage, found)
            _member_events(ctx, info, serializer, instance, usage, found)
            for method, param in serializer.method_fields():
                label = usage.label(method.name.value)
                Analyzer(ctx, info, found, cls).walk_per_object(method, param, instance, label)
            for event in found.lazy:
                # a loaded foreign key stays cached on the object: only its first read queries
                key = (id(cls), event.owner.prefix, event.relation.name) if event.mode == "attr" else (
                    id(event.node), event.relation.name)
                if key not in reported:
                    reported.add(key)
                    analysis.lazy.append(event)
            for query in found.queries:
                if (id(query.node), "") not in reported:
                    reported.add((id(query.node), ""))
                    analysis.queries.append(query)


def _relation_events(ctx, serializer: _Serializer, instance, usage: Usage, found) -> None:
    """``source="publisher.name"`` and nested serializer fields: relations read per object."""
    models = ctx.index.models
    for call, path, loads_last in serializer.relation_fields():
        owner = replace(instance, loop=serializer.cls)
        loop = Loop(serializer.cls, usage.label(), frozenset(), per_object=True)
        for position, attr in enumerate(path):
            rel = models.relation(owner.model, attr)
            target = models.target(rel) if rel is not None else None
            if rel is None or target is None:
                break
            last = position == len(path) - 1
            if not owner.load.covers(owner.prefix + (attr,)) and (rel.many or loads_last or not last):
                found.lazy.append(LazyLoad(call, call, owner, rel, loop, "manager" if rel.many else "attr"))
                break
            if rel.many:
                break
            owner = replace(owner, model=target, prefix=owner.prefix + (attr,), prefix_many=owner.prefix_many + (False,))


def _member_events(ctx, info, serializer: _Serializer, instance, usage: Usage, found) -> None:
    """``fields = ["media_count"]`` where ``media_count`` is a model property or method: what it loads lazily."""
    members = serializer.member_fields()
    if not members:
        return
    owner = replace(instance, loop=serializer.cls)
    loop = Loop(serializer.cls, usage.label(), frozenset(), per_object=True)
    analyzer = Analyzer(ctx, info, found, serializer.cls)
    for node, name in members:
        analyzer.framework_member_read(node, owner, name, [loop])
