"""What the function of a Django ``RunPython`` writes to the database, read from its code.

Django runs ``reverse_code`` when a migration is unapplied; ``RunPython.noop`` runs nothing.
So ``noop`` undoes the forward function only when nothing it wrote outlives the rollback:
rows of a table the same migration creates (``CreateModel``: dropped on the way back) and
values of columns it adds (``AddField``: removed) go away by themselves; rows created in,
updated in or deleted from any other table stay as the forward function left them. This
module lists the writes; ``missing-down-migration`` decides.

The reading follows the ORM through the function: models from ``apps.get_model(...)`` (or
classes used as ``Model.objects``), querysets chained from their managers, instances got
from them, created with ``Model(...)`` or looped over, fields assigned on instances.
Control flow is ignored (every write anywhere counts); functions of the same module that it
calls are read too. What it cannot follow is a write of unknown effect: raw SQL other than
a SELECT, ``call_command``, related-manager changes (``obj.tags.add``), a ``save()``/
``delete()``/``update()`` on something it cannot name, another function given the
registry, the schema editor, a model, a queryset or an instance.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import libcst as cst

from ormlint.syntax.literals import string_value
from ormlint.syntax.names import dotted_name
from ormlint.syntax.walk import descendants

# Manager/QuerySet methods that return a queryset, and those that return one instance.
CHAIN = frozenset({
    "all", "filter", "exclude", "order_by", "using", "select_related", "prefetch_related", "only", "defer",
    "distinct", "annotate", "alias", "values", "values_list", "select_for_update", "iterator", "reverse", "none",
    "union", "intersection", "difference", "extra", "complex_filter", "db_manager",
})
GETTERS = frozenset({"get", "first", "last", "earliest", "latest"})
MANAGERS = frozenset({"objects", "_default_manager", "_base_manager"})
RELATED_WRITES = frozenset({"add", "remove", "set", "clear"})
SQL_CALLS = frozenset({"execute", "executemany", "executescript"})
# Builtins that may be handed a model, queryset or instance and write nothing.
READERS = frozenset({
    "list", "tuple", "set", "sorted", "reversed", "len", "iter", "next", "enumerate", "zip", "print", "str", "repr",
    "bool", "isinstance", "getattr", "hasattr", "any", "all", "sum", "min", "max", "id", "type",
})
MAX_CALL_DEPTH = 3


@dataclass(frozen=True)
class Write:
    """One database write of the function."""

    kind: str  # created | updated | deleted | unknown
    node: cst.CSTNode  # where it happens
    what: str  # how the code says it, for messages
    model: str | None = None  # the model's key as Django writes it (lower case); None: unknown
    label: str = ""  # the model as the code names it
    fields: frozenset[str] | None = None  # updated fields; None: not known (possibly every field)
    saves_all: bool = False  # a save() without update_fields: every column is written back


@dataclass(frozen=True)
class _Value:
    kind: str  # model | queryset | instance | new (an unsaved instance)
    model: str
    label: str


@dataclass
class _Reader:
    registry: str | None  # the name of the ``apps`` parameter
    editor: str | None  # the name of the ``schema_editor`` parameter
    functions: dict[str, cst.FunctionDef]
    depth: int
    env: dict[str, _Value] = field(default_factory=dict)
    assigned: dict[str, set[str]] = field(default_factory=dict)  # instance variable -> fields set on it
    writes: list[Write] = field(default_factory=list)

    def read(self, body: cst.CSTNode) -> None:
        for node in [body, *descendants(body)]:
            if isinstance(node, cst.Assign):
                for target in node.targets:
                    self._bind(target.target, node.value)
            elif isinstance(node, (cst.AnnAssign, cst.AugAssign)) and node.value is not None:
                self._bind(node.target, node.value)
            elif isinstance(node, (cst.For, cst.CompFor)):
                self._bind_loop(node.target, node.iter)
            elif isinstance(node, cst.WithItem) and node.asname is not None:
                self._bind(node.asname.name, node.item)
            elif isinstance(node, cst.Call):
                self._call(node)

    # -- what expressions are ---------------------------------------------------------

    def value(self, expr: cst.BaseExpression) -> _Value | None:
        if isinstance(expr, cst.Name):
            return self.env.get(expr.value)
        if isinstance(expr, cst.Attribute) and expr.attr.value in MANAGERS:
            owner = self.value(expr.value)
            if owner is not None and owner.kind == "model":
                return _Value("queryset", owner.model, owner.label)
            if owner is None and isinstance(expr.value, cst.Name) and expr.value.value[:1].isupper():
                return _Value("queryset", expr.value.value.lower(), expr.value.value)  # a model class used directly
            return None
        if isinstance(expr, cst.Subscript):
            base = self.value(expr.value)
            if base is not None and base.kind == "queryset":
                sliced = any(isinstance(e.slice, cst.Slice) for e in expr.slice)
                return base if sliced else _Value("instance", base.model, base.label)
            return None
        if not isinstance(expr, cst.Call):
            return None
        model = _registry_model(expr)
        if model is not None:
            return model
        callee = self.value(expr.func)
        if callee is not None and callee.kind == "model":
            return _Value("new", callee.model, callee.label)
        if isinstance(expr.func, cst.Name) and expr.func.value in ("list", "sorted", "reversed") and expr.args:
            return self.value(expr.args[0].value)
        if isinstance(expr.func, cst.Attribute):
            base = self.value(expr.func.value)
            method = expr.func.attr.value
            if base is not None and base.kind == "queryset":
                if method in CHAIN:
                    return base
                if method in GETTERS or method == "create":
                    return _Value("instance", base.model, base.label)
        return None

    def _bind(self, target: cst.BaseExpression, expr: cst.BaseExpression) -> None:
        if isinstance(target, cst.Attribute) and isinstance(target.value, cst.Name):
            self.assigned.setdefault(target.value.value, set()).add(target.attr.value)
            return
        if isinstance(target, (cst.Tuple, cst.List)) and target.elements and isinstance(expr, cst.Call):
            # obj, created = Model.objects.get_or_create(...)
            method = expr.func.attr.value if isinstance(expr.func, cst.Attribute) else ""
            base = self.value(expr.func.value) if isinstance(expr.func, cst.Attribute) else None
            if base is not None and base.kind == "queryset" and method in ("get_or_create", "update_or_create"):
                self._bind_value(target.elements[0].value, _Value("instance", base.model, base.label))
            return
        self._bind_value(target, self.value(expr))

    def _bind_value(self, target: cst.BaseExpression, value: _Value | None) -> None:
        if isinstance(target, cst.Name):
            if value is None:
                self.env.pop(target.value, None)
            else:
                self.env[target.value] = value

    def _bind_loop(self, target: cst.BaseExpression, iterable: cst.BaseExpression) -> None:
        source = self.value(iterable)
        item = _Value("instance", source.model, source.label) if source is not None and source.kind == "queryset" else None
        self._bind_value(target, item)

    # -- what calls write -------------------------------------------------------------

    def _call(self, call: cst.Call) -> None:
        func = call.func
        if isinstance(func, cst.Attribute):
            self._method(call, func.value, func.attr.value)
        elif isinstance(func, cst.Name):
            self._function(call, func.value)

    def _method(self, call: cst.Call, receiver: cst.BaseExpression, method: str) -> None:
        base = self.value(receiver)
        what = f"{_code(receiver)}.{method}()"
        if base is not None and base.kind == "queryset":
            self._queryset_write(call, base, method, what)
        elif base is not None and base.kind in ("instance", "new"):
            self._instance_write(call, receiver, base, method, what)
        elif method in RELATED_WRITES and isinstance(receiver, cst.Attribute) and self.value(receiver.value):
            self._unknown(call, f"the relation {_code(receiver)} changed by {what}")
        elif method in SQL_CALLS and not _is_select(call):
            self._unknown(call, f"what the SQL of {what} writes")
        elif method in ("save", "delete", "bulk_create", "bulk_update", "update_or_create", "get_or_create") or (
                method in ("update", "create") and "objects" in _code(receiver)):
            self._unknown(call, f"what {what} writes")

    def _queryset_write(self, call: cst.Call, base: _Value, method: str, what: str) -> None:
        if method in ("create", "bulk_create", "get_or_create"):
            self.writes.append(Write("created", call, what, base.model, base.label))
        elif method == "update_or_create":
            self.writes.append(Write("created", call, what, base.model, base.label))
            self.writes.append(Write("updated", call, what, base.model, base.label, _dict_keys(_keyword(call, "defaults"))))
        elif method == "update":
            fields = None if any(arg.star for arg in call.args) else frozenset(
                arg.keyword.value for arg in call.args if arg.keyword is not None)
            self.writes.append(Write("updated", call, what, base.model, base.label, fields))
        elif method == "bulk_update":
            given = _keyword(call, "fields") or (call.args[1].value if len(call.args) > 1 else None)
            self.writes.append(Write("updated", call, what, base.model, base.label, _strings(given)))
        elif method == "delete":
            self.writes.append(Write("deleted", call, what, base.model, base.label))

    def _instance_write(self, call: cst.Call, receiver: cst.BaseExpression, base: _Value, method: str,
                        what: str) -> None:
        if method == "save" and base.kind == "new":
            self.writes.append(Write("created", call, what, base.model, base.label))
        elif method == "save":
            given = _keyword(call, "update_fields")
            if given is not None:
                fields = _strings(given)
                saves_all = False
            else:
                name = receiver.value if isinstance(receiver, cst.Name) else ""
                fields = frozenset(self.assigned.get(name, ()))
                saves_all = True
            self.writes.append(Write("updated", call, what, base.model, base.label, fields, saves_all))
        elif method == "delete":
            self.writes.append(Write("deleted", call, what, base.model, base.label))

    def _function(self, call: cst.Call, name: str) -> None:
        if name == "setattr" and len(call.args) >= 2 and isinstance(call.args[0].value, cst.Name):
            attribute = string_value(call.args[1].value)
            self.assigned.setdefault(call.args[0].value.value, set()).add(attribute or "?")
        elif name == "call_command":
            self._unknown(call, f"what {_code(call.func)}({_code(call.args[0].value) if call.args else ''}) loads")
        elif name in self.functions and self.depth < MAX_CALL_DEPTH:
            self.writes.extend(function_writes(self.functions[name], self.functions, self.depth + 1))
        elif name not in READERS and any(self._handed(arg.value) for arg in call.args):
            self._unknown(call, f"what {name}() writes")

    def _handed(self, expr: cst.BaseExpression) -> bool:
        """An argument that lets a callee write: the registry, the schema editor, a model,
        a queryset or an instance."""
        if isinstance(expr, cst.Name) and expr.value in (self.registry, self.editor):
            return True
        return self.value(expr) is not None

    def _unknown(self, call: cst.Call, what: str) -> None:
        self.writes.append(Write("unknown", call, what))


def function_writes(function: cst.FunctionDef | cst.Lambda, functions: dict[str, cst.FunctionDef],
                    depth: int = 0) -> list[Write]:
    """The writes of a RunPython function (``functions``: the module's, for the calls it makes)."""
    params = [p.name.value for p in function.params.params]
    reader = _Reader(params[0] if params else None, params[1] if len(params) > 1 else None, functions, depth)
    reader.read(function.body)
    return reader.writes


def models_used(function: cst.FunctionDef | cst.Lambda) -> dict[str, str]:
    """The models the function gets from the registry: Django's key (lower case) -> the name used."""
    found = (_registry_model(node) for node in descendants(function) if isinstance(node, cst.Call))
    return {value.model: value.label for value in found if value is not None}


def _registry_model(call: cst.Call) -> _Value | None:
    """``apps.get_model("shop", "Book")`` or ``apps.get_model("shop.Book")``."""
    func = call.func
    if not (isinstance(func, cst.Attribute) and func.attr.value == "get_model"):
        return None
    names = [string_value(arg.value) for arg in call.args if arg.keyword is None]
    name = names[-1] if names else None
    if name is None:
        return None
    label = name.rsplit(".", 1)[-1] if len(names) == 1 else name
    return _Value("model", label.lower(), label)


def run_python_function(call: cst.Call, code: cst.BaseExpression | None,
                        functions: dict[str, cst.FunctionDef]) -> cst.FunctionDef | cst.Lambda | None:
    """The forward function of a ``RunPython(code, ...)`` when it is in this module (or a lambda)."""
    if isinstance(code, cst.Lambda):
        return code
    if isinstance(code, cst.Name):
        return functions.get(code.value)
    return None


def _keyword(call: cst.Call, name: str) -> cst.BaseExpression | None:
    return next((arg.value for arg in call.args if arg.keyword is not None and arg.keyword.value == name), None)


def _strings(node: cst.BaseExpression | None) -> frozenset[str] | None:
    """The strings of a literal list/tuple/set, else None (not known)."""
    if not isinstance(node, (cst.List, cst.Tuple, cst.Set)):
        return None
    values = [string_value(element.value) for element in node.elements]
    return frozenset(values) if all(v is not None for v in values) else None  # type: ignore[arg-type]


def _dict_keys(node: cst.BaseExpression | None) -> frozenset[str] | None:
    if not isinstance(node, cst.Dict):
        return None
    keys = [string_value(element.key) if isinstance(element, cst.DictElement) else None for element in node.elements]
    return frozenset(keys) if all(k is not None for k in keys) else None  # type: ignore[arg-type]


def _is_select(call: cst.Call) -> bool:
    sql = string_value(call.args[0].value) if call.args else None
    return sql is not None and sql.lstrip().lower().startswith(("select ", "select\n"))


def _code(node: cst.CSTNode) -> str:
    return dotted_name(node) or cst.Module([]).code_for_node(node)

