"""Django admin changelists: methods named in ``list_display`` run once per row (ORM101/ORM102).

The changelist loads its page with the admin's ``get_queryset()`` plus ``list_select_related``
(``True``: ``select_related()``, which follows non-null foreign keys; a list: those paths;
unset: ``select_related()`` only when a foreign key itself is in ``list_display``). A method
reading another relation of ``obj``, or querying with it, costs one query per row.
"""

from __future__ import annotations

import libcst as cst

from ormlint.analysis.admin import admin_registrations
from ormlint.analysis.n_plus_one.queries import FEW, TEXT_METHOD, Analyzer, Load, Loop, ModuleInfo, Val
from ormlint.index.facts import LOADER_DEFAULT, ClassFact
from ormlint.orms.django import DJANGO, DJANGO_EXTRAS
from ormlint.orms.spec import any_matches
from ormlint.syntax.literals import string_value as _string
from ormlint.syntax.names import dotted_name
from ormlint.syntax.walk import descendants


def _strings(node: cst.BaseExpression | None) -> list[str] | None:
    """The strings of a literal list/tuple, or None when it is not one."""
    if not isinstance(node, (cst.List, cst.Tuple)):
        return None
    return [text for element in node.elements if (text := _string(element.value)) is not None]


def _registered_model(cls: cst.ClassDef, module: cst.Module, analyzer: Analyzer) -> ClassFact | None:
    """``@admin.register(Book)`` on the class, or ``admin.site.register(Book, BookAdmin)`` in the module."""
    models = admin_registrations(module).get(cls.name.value)
    return analyzer.model_ref(models[0], {}) if models else None


def _changelist_load(models, hooks, model: ClassFact, cls: cst.ClassDef, columns: list[str]) -> Load:
    """How the changelist loads its rows: the model's default manager (whose ``get_queryset()`` the admin's
    starts from), get_queryset() and list_select_related."""
    attributes = ModuleInfo.attributes(cls)
    managed = hooks.manager_loads(model)
    eager: set[str] = set(managed or ())
    opaque = managed is None
    setting = attributes.get("list_select_related")
    paths = _strings(setting)
    if paths is not None:
        eager.update(paths)
    elif dotted_name(setting) == "True" or (setting is None and any(
            (rel := models.relation(model, name)) is not None and rel.kind in ("fk", "o2o") and not rel.reverse
            for name in columns)):
        eager.add(LOADER_DEFAULT)  # select_related()
    get_queryset = ModuleInfo.methods(cls).get("get_queryset")
    for node in descendants(get_queryset.body) if get_queryset is not None else ():
        if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and DJANGO.query.loader(
                node.func.attr.value) is not None:
            texts = [_string(a.value) for a in node.args]
            if not node.args and DJANGO.query.loader(node.func.attr.value).no_arguments:
                eager.add(LOADER_DEFAULT)
            opaque = opaque or None in texts
            eager.update(t for t in texts if t)
    return Load(DJANGO.name, eager=models.with_loader_default(model, frozenset(eager)), opaque=opaque,
                fixable=False, local=False)


def admin_events(ctx, info: ModuleInfo, analysis) -> None:
    """Walk each ``list_display`` column of the module's model admins once per changelist row: the
    admin's own methods, the module's functions it lists, and the model's methods and properties it names (``__str__`` when the admin
    sets no ``list_display``: Django's default column)."""
    models = ctx.index.models
    for cls in info.classes.values():
        setting = ModuleInfo.attributes(cls).get("list_display")
        columns = _strings(setting)
        if setting is None and _registered(cls, ctx.module) and _plain_admin(cls, ctx.imports):
            columns = [TEXT_METHOD]
        methods = ModuleInfo.methods(cls)
        per_row = [methods[name] for name in columns or () if name in methods]
        named = [name for name in columns or () if name not in methods]
        functions = _function_columns(setting, info)
        if not per_row and not named and not functions or _short_pages(cls):
            continue
        model = _registered_model(cls, ctx.module, Analyzer(ctx, info, analysis, cls))
        if model is None or models.orm_of(model) != DJANGO.name:
            continue
        load = _changelist_load(models, ctx.index.hooks, model, cls, columns)
        for method in per_row:
            params = method.params.params
            if len(params) < 2:
                continue
            label = (f"row of the `{cls.name.value}` changelist (the admin calls `{method.name.value}` for each "
                     f"row; `list_select_related` or `get_queryset()` loads relations for all rows)")
            Analyzer(ctx, info, analysis, cls).walk_per_object(method, params[1].name.value,
                                                               Val(model, False, load), label, cls.name.value)
        for function in functions:  # ``list_display = ("title", author_name)``: called with each row
            label = (f"row of the `{cls.name.value}` changelist (the admin calls `{function.name.value}` for each "
                     f"row; `list_select_related` or `get_queryset()` loads relations for all rows)")
            Analyzer(ctx, info, analysis, cls).walk_per_object(function, function.params.params[0].name.value,
                                                               Val(model, False, load), label, cls.name.value)
        for name in named:
            if models.member(model, name) is None or name in models.fields(model) or models.relation(model, name):
                continue
            label = (f"row of the `{cls.name.value}` changelist (its `{name}` column reads `{model.name}.{name}` for "
                     f"each row; `list_select_related` or `get_queryset()` loads relations for all rows)")
            node = _column_node(setting, name) or cls.name
            loop = Loop(cls, label, frozenset(), per_object=True, admin=cls.name.value)
            Analyzer(ctx, info, analysis, cls).framework_member_read(node, Val(model, False, load, loop=cls), name,
                                                                     [loop])


def _function_columns(setting: cst.BaseExpression | None, info: ModuleInfo) -> list[cst.FunctionDef]:
    """The module's functions a literal ``list_display`` names as columns (a callable taking the row)."""
    if not isinstance(setting, (cst.List, cst.Tuple)):
        return []
    found = [info.functions.get(e.value.value) for e in setting.elements if isinstance(e.value, cst.Name)]
    return [f for f in found if f is not None and f.params.params]


def _short_pages(cls: cst.ClassDef) -> bool:
    """``list_per_page = 20``: a changelist page shows at most :data:`FEW` rows, like ``rows[:20]``."""
    setting = ModuleInfo.attributes(cls).get("list_per_page")
    return isinstance(setting, cst.Integer) and int(setting.evaluated_value) <= FEW


def _registered(cls: cst.ClassDef, module: cst.Module) -> bool:
    return bool(admin_registrations(module).get(cls.name.value))


def _plain_admin(cls: cst.ClassDef, imports) -> bool:
    """Whether the class derives from Django's ``ModelAdmin`` alone (or library admins that keep its default
    ``list_display``: django-reversion's ``VersionAdmin``, ...), so that its changelist shows the default
    ``__str__`` column: a base admin of the project or another library may set ``list_display``, and
    another registry's ``site.register(Model, Entry)`` has no changelist."""
    return bool(cls.bases) and all(any_matches(imports.qualify(base.value), DJANGO_EXTRAS.model_admins)
                                   for base in cls.bases)


def _column_node(setting: cst.BaseExpression | None, name: str) -> cst.CSTNode | None:
    """The string naming ``name`` in a literal ``list_display``."""
    if isinstance(setting, (cst.List, cst.Tuple)):
        return next((e.value for e in setting.elements if _string(e.value) == name), None)
    return None
