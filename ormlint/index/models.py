"""Model classes of every ORM: extraction from one file, and the project-wide registry.

Extraction records, per class, its fields (with the type the ORM stores), its forward
relations (target as written, cardinality, loader strategy, reverse accessor) and its
Meta/dunder options. The :class:`ModelRegistry` decides which classes are models (bases
may live in other files), resolves relation targets (by class, ``"app.Model"`` or
``"Model"``), merges inherited declarations and derives the reverse accessors that
declarations on other models create (Django ``<model>_set``/``related_name``, SQLAlchemy
``backref``, Peewee ``backref``, Tortoise ``related_name``).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Callable, Iterable

import libcst as cst

from ormlint.index.call_sites import prefetch_lookup
from ormlint.index.facts import LOADER_DEFAULT, ClassFact, FieldFact, RelationFact
from ormlint.orms import ORMS, spec_of
from ormlint.orms.django import DJANGO, DJANGO_EXTRAS
from ormlint.orms.spec import OrmSpec, RelationField, any_matches
from ormlint.orms.sqlalchemy import SA, SQLALCHEMY
from ormlint.orms.sqlmodel import FIELD, SQLMODEL, TABLE_KEYWORD
from ormlint.orms.tortoise import TORTOISE, TORTOISE_EXTRAS
from ormlint.syntax.literals import class_attributes
from ormlint.syntax.literals import keyword as _kwarg
from ormlint.syntax.literals import positional as _positional
from ormlint.syntax.literals import string_value as _string
from ormlint.syntax.names import ImportTable, assigned_targets, dotted_name, dotted_suffixes
from ormlint.syntax.walk import descendants
from ormlint.syntax.walk import visit as walk_visit

HINTS = ("class ",)  # facts come from class bodies

_BUILTIN_TYPES = {"int", "str", "float", "bool", "bytes", "dict", "list", "set", "tuple", "object"}
_SA_CONTAINERS = dict(SA.containers)
_QUERYING = SQLALCHEMY.relations.querying_strategies
_SA_WRAPPERS = dict(SA.annotation_wrappers)
# Calls that make a method an action (it writes, sends, schedules) rather than a computed value.
_ACTIONS = frozenset({method for spec in ORMS for write in spec.writes for method in write.methods}
                     | {bulk.method for spec in ORMS for bulk in spec.hooks.bulk}
                     | DJANGO_EXTRAS.instance_actions | SA.session_writes | {"execute", "delay", "apply_async"})


def _owned_by_other(package: str, spec: OrmSpec) -> bool:
    return any(package in other.packages for other in ORMS if other is not spec)


def _field_applies(field: RelationField, spec: OrmSpec, package: str) -> bool:
    """Whether a constructor imported from ``package`` ("" : not imported) is ``field`` of ``spec``."""
    if field.packages is None:
        return package in spec.packages
    if not field.packages:  # the ORM's own or a third-party field package: anything no other ORM owns
        return not _owned_by_other(package, spec)
    return package in field.packages


def _column_name(call: cst.Call, qualified: str) -> str:
    """The database column a field constructor names with its ORM's keyword (``db_column=``...)."""
    for spec in ORMS:
        if spec.owns(qualified):
            return next((_string(_kwarg(call, k)) or "" for k in spec.column_name_keywords if _kwarg(call, k)), "")
    return ""


def _code(node: cst.CSTNode) -> str:
    return cst.Module([]).code_for_node(node)








def _bool(node: cst.BaseExpression | None) -> bool | None:
    if isinstance(node, cst.Name) and node.value in ("True", "False"):
        return node.value == "True"
    return None


def _lazy_value(node: cst.BaseExpression | None) -> str | None:
    text = _string(node)
    if text is not None:
        return text
    if isinstance(node, cst.Name):
        return {"True": "select", "False": "joined", "None": "noload"}.get(node.value)
    return None


class _ClassCollector(cst.CSTVisitor):
    def __init__(self, path: str, module_name: str, imports: ImportTable, module: cst.Module) -> None:
        super().__init__()
        self.path = path
        self.module_name = module_name
        self.imports = imports
        self.classes: list[ClassFact] = []
        self.depth = 0
        self.mapped = self._imperative_mappings(module)

    def _imperative_mappings(self, module: cst.Module) -> dict[str, cst.BaseExpression | None]:
        """Classes of this module mapped by a module-level ``registry.map_imperatively(Cls, table,
        properties={...})`` or legacy ``mapper(Cls, table, properties=...)``: their ``properties`` dict."""
        out: dict[str, cst.BaseExpression | None] = {}
        for stmt in module.body:
            for small in stmt.body if isinstance(stmt, cst.SimpleStatementLine) else ():
                call = small.value if isinstance(small, (cst.Expr, cst.Assign)) else None
                if not isinstance(call, cst.Call):
                    continue
                imperative = isinstance(call.func, cst.Attribute) and call.func.attr.value == SA.imperative_mapping
                args = _positional(call)
                if args and isinstance(args[0], cst.Name) and (
                        imperative or SA.classic_mapper.matches(self.imports.qualify_dotted(dotted_name(call.func) or ""))):
                    out[args[0].value] = _kwarg(call, "properties") or (args[2] if len(args) > 2 else None)
        return out

    # -- names -----------------------------------------------------------------
    def _qualify(self, expr: cst.BaseExpression | None) -> str:
        dotted = dotted_name(expr)
        if dotted is None:
            return ""
        qualified = self.imports.qualify_dotted(dotted)
        if qualified:
            return qualified
        return f"{self.module_name}.{dotted}" if self.module_name else dotted

    def _callee(self, call: cst.Call) -> tuple[str, str, bool]:
        """(qualified name, last segment, whether the first name was imported)."""
        dotted = dotted_name(call.func) or ""
        qualified = self.imports.qualify_dotted(dotted) if dotted else None
        return (qualified or dotted), dotted.rsplit(".", 1)[-1], qualified is not None

    def _target(self, node: cst.BaseExpression | None) -> str:
        """A relation target as written: a class reference, or a string model name."""
        if node is None:
            return ""
        if isinstance(node, cst.Lambda):
            return self._target(node.body)
        text = _string(node)
        if text is not None:
            return text.strip()
        if isinstance(node, cst.Call):  # DeferredForeignKey("Name"), get_user_model()
            return self._target(_positional(node)[0]) if _positional(node) else self._qualify(node.func)
        return self._qualify(node)

    # -- annotations -------------------------------------------------------------
    def _annotation(self, node: cst.BaseExpression) -> tuple[str, str, bool]:
        """(wrapper, inner reference, optional) of ``Mapped[list["T"]]``-style annotations.

        wrapper: mapped | dynamic | write_only | list | set | "" (plain), combined as
        "mapped+list"; inner: the element type as a reference.
        """
        text = _string(node)
        if text is not None:
            try:
                node = cst.parse_expression(text)
            except cst.ParserSyntaxError:
                return "", text, False
        if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.BitOr):
            for side, other in ((node.left, node.right), (node.right, node.left)):
                if isinstance(other, cst.Name) and other.value == "None":
                    wrapper, inner, _ = self._annotation(side)
                    return wrapper, inner, True
            return "", "", False
        if isinstance(node, cst.Subscript):
            head = (dotted_name(node.value) or "").rsplit(".", 1)[-1]
            elements = [e.slice.value for e in node.slice if isinstance(e.slice, cst.Index)]
            if not elements:
                return "", "", False
            first = elements[0]
            if head == "Optional":
                wrapper, inner, _ = self._annotation(first)
                return wrapper, inner, True
            if head == "Union":
                rest = [e for e in elements if not (isinstance(e, cst.Name) and e.value == "None")]
                if len(rest) == 1:
                    wrapper, inner, _ = self._annotation(rest[0])
                    return wrapper, inner, len(rest) < len(elements)
                return "", "", False
            if head in _SA_WRAPPERS or head in TORTOISE_EXTRAS.relation_annotations:
                wrapper, inner, optional = self._annotation(first)
                label = _SA_WRAPPERS.get(head, TORTOISE.name)
                if head in TORTOISE_EXTRAS.collection_annotations:
                    wrapper = wrapper or "list"
                return f"{label}+{wrapper}" if wrapper else label, inner, optional or "Nullable" in head
            if head in _SA_CONTAINERS:
                _, inner, _ = self._annotation(first)
                return _SA_CONTAINERS[head], inner, False
            return "", self._qualify(node.value), False
        if isinstance(node, (cst.Name, cst.Attribute)):
            dotted = dotted_name(node) or ""
            if dotted in _BUILTIN_TYPES:
                return "", dotted, False
            return "", self._qualify(node), False
        return "", "", False

    # -- class bodies --------------------------------------------------------------
    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self.depth += 1
        if self.depth > 1:
            return
        bases = tuple(b for b in (self._qualify(a.value.value if isinstance(a.value, cst.Subscript) else a.value)
                                  for a in node.bases if not a.star) if b)  # Generic[T] bases: their class
        keywords = tuple((k.keyword.value, _code(k.value)) for k in node.keywords if k.keyword)
        fields: list[FieldFact] = []
        relations: list[RelationFact] = []
        methods: list[tuple[str, int]] = []
        meta: list[tuple[str, str]] = []
        managers: list[str] = []
        hints: set[str] = set()
        body = node.body.body if isinstance(node.body, cst.IndentedBlock) else ()
        functions = [stmt for stmt in body if isinstance(stmt, cst.FunctionDef)]
        for stmt in body:
            if isinstance(stmt, cst.FunctionDef):
                methods.append((stmt.name.value, 0))
            elif isinstance(stmt, cst.ClassDef) and stmt.name.value in ("Meta", "Config", "PydanticMeta"):
                meta.extend(self._meta(stmt))
            elif isinstance(stmt, cst.SimpleStatementLine):
                for small in stmt.body:
                    self._member(small, fields, relations, meta, managers, hints)
        mapped = node.name.value in self.mapped
        properties = self.mapped.get(node.name.value)
        for element in properties.elements if isinstance(properties, cst.Dict) else ():
            name = _string(element.key) if isinstance(element, cst.DictElement) else None
            relation = self._relation(name, None, element.value, hints) if name else None
            if relation is not None:
                relations.append(relation)
        if DJANGO_EXTRAS.app_config in bases:  # label = "store": how other apps name this one's models
            meta.extend(item for item in self._meta(node) if item[0] in ("name", "label"))
        columns = {f.name for f in fields}
        relations = [  # a guessed relation with a "<name>_id" column is many-to-one; its backref a collection,
            # unless the backref says uselist=False (on a relation guessed to be one row, only it can have said so)
            replace(r, many=False, reverse_many=(r.reverse_many if not r.many else True)
                    if r.reverse_lazy is not None else r.reverse_many)
            if not r.many_known and f"{r.name}_id" in columns else r
            for r in relations]
        qualname = f"{self.module_name}.{node.name.value}" if self.module_name else node.name.value
        abstract = dict(meta).get("abstract") == "True" or dict(meta).get("__abstract__") == "True"
        orm_hint = sorted(hints)[0] if len(hints) == 1 else None
        declares = bool(fields or relations) or mapped  # a model (or mixin) body: worth reading its methods
        proxies = _association_proxies(body)  # keywords = association_proxy("document_keywords", "keyword")
        manager_like = any(b.endswith(("QuerySet", "Manager")) for b in (*bases, node.name.value))
        guarded = _guarded_reads(functions) if declares else ()
        self.classes.append(ClassFact(
            node.name.value, qualname, self.path, 0, bases, keywords, abstract=abstract,
            fields=tuple(fields), relations=tuple(relations), methods=tuple(methods + [(n, 0) for n in proxies]),
            meta=tuple(meta), orm_hint=orm_hint, managers=tuple(managers),
            self_reads=(_self_reads(functions) if declares else ()) + tuple(
                (name, collection, "attr") for name, collection in proxies.items()),
            guarded_reads=guarded, member_params=_member_params(functions, {g[0] for g in guarded}),
            properties=tuple(f.name.value for f in functions if _is_property(f)) + tuple(proxies)
            if declares else tuple(proxies),
            reshaping=tuple(f.name.value for f in functions if _reshapes(f)) if manager_like else (),
            mappings=tuple(f.name.value for f in functions if _returns_mapping(f)) if manager_like else (),
            singles=tuple(f.name.value for f in functions if _returns_one_row(f)) if manager_like else (),
            queryset_loads=_queryset_loads(functions) if manager_like else (),
            annotated=tuple(small.target.value for stmt in body if isinstance(stmt, cst.SimpleStatementLine)
                            for small in stmt.body if isinstance(small, cst.AnnAssign)
                            and isinstance(small.target, cst.Name)),
            mapped=SQLALCHEMY.name if mapped else "",
            constants=tuple((name, text) for name, value in class_attributes(node).items()
                            if name.isupper() and (text := _string(value)) is not None) if declares else (),
        ))

    def leave_ClassDef(self, original_node: cst.ClassDef) -> None:
        self.depth -= 1

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        return False  # classes defined inside functions are not project models

    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> None:
        if self.depth:
            return
        for small in node.body:  # Base = declarative_base(): a class made by a call
            if (isinstance(small, cst.Assign) and len(small.targets) == 1
                    and isinstance(small.targets[0].target, cst.Name) and isinstance(small.value, cst.Call)):
                qualified, last, _ = self._callee(small.value)
                if last in SA.declarative_functions and SQLALCHEMY.name in qualified:
                    name = small.targets[0].target.value
                    qualname = f"{self.module_name}.{name}" if self.module_name else name
                    mixin = next((self._qualify(a.value) for a in small.value.args  # declarative_base(cls=Base)
                                  if a.keyword is not None and a.keyword.value == "cls"), "")
                    self.classes.append(ClassFact(
                        name, qualname, self.path, 0, (SA.declarative_base, mixin) if mixin else (SA.declarative_base,),
                        abstract=True))

    def _meta(self, node: cst.ClassDef) -> list[tuple[str, str]]:
        out = []
        body = node.body.body if isinstance(node.body, cst.IndentedBlock) else ()
        for stmt in body:
            if isinstance(stmt, cst.SimpleStatementLine):
                for small in stmt.body:
                    if isinstance(small, cst.Assign) and isinstance(small.targets[0].target, cst.Name):
                        out.append((small.targets[0].target.value, _code(small.value)))
        return out

    def _member(self, small, fields, relations, meta, managers, hints) -> None:
        if isinstance(small, cst.Assign):
            if len(small.targets) != 1 or not isinstance(small.targets[0].target, cst.Name):
                return
            name, annotation, value = small.targets[0].target.value, None, small.value
        elif isinstance(small, cst.AnnAssign) and isinstance(small.target, cst.Name):
            name, annotation, value = small.target.value, small.annotation.annotation, small.value
        else:
            return
        if name.startswith("__") and name.endswith("__"):
            if name in SA.table_attributes:
                hints.add(SQLALCHEMY.name)
            if value is not None:
                meta.append((name, _code(value)))
            return
        relation = self._relation(name, annotation, value, hints)
        if relation is not None:
            relations.append(relation)
            return
        if isinstance(value, cst.Call):
            qualified, last, _ = self._callee(value)
            func = value.func
            if (last.endswith("Manager") or (isinstance(func, cst.Attribute) and func.attr.value == "as_manager")
                    or (isinstance(func, cst.Call) and (dotted_name(func.func) or "").endswith("from_queryset"))):
                managers.append(name)
                return
        field = self._field(name, annotation, value, hints)
        if field is not None:
            fields.append(field)

    def _relation(self, name, annotation, value, hints) -> RelationFact | None:
        wrapper, inner, _ = self._annotation(annotation) if annotation is not None else ("", "", False)
        if not isinstance(value, cst.Call):
            return None
        qualified, last, imported = self._callee(value)
        package = qualified.split(".", 1)[0] if imported else ""
        for spec in ORMS:
            for field in spec.relations.fields:
                if field.constructor == last and _field_applies(field, spec, package):
                    if field.kind != "relationship" or spec.name != SQLMODEL.name:
                        hints.add(spec.name)
                    if field.kind == "relationship":
                        return self._sa_relation(name, value, _positional(value), wrapper, inner, spec.name)
                    return self._declared(name, value, field, spec, imported)
        return None

    def _declared(self, name: str, call: cst.Call, field: RelationField, spec: OrmSpec,
                  imported: bool) -> RelationFact | None:
        """A relation declared by one of the ORM's field constructors (not SQLAlchemy's relationship())."""
        args = _positional(call)
        if field.fixed_target is not None:
            target = field.fixed_target
        elif args or field.target:
            target = self._target(args[0] if args else _kwarg(call, field.target))
        else:
            return None
        if field.values_too:  # Required(str): a column; Required(Customer): a relation
            if not args or not target or target.rsplit(".", 1)[-1] in _BUILTIN_TYPES or "." in target and not imported:
                return None
            if target.split(".", 1)[0] in spec.relations.value_type_modules:
                return None
        reverse = field.fixed_reverse if field.fixed_reverse is not None else (
            _string(_kwarg(call, field.reverse)) if field.reverse else None)
        strategy = field.strategy
        for keyword, written, chosen in field.lazy:
            given = _kwarg(call, keyword)
            if given is not None and _code(given) == written:
                strategy = chosen
        null = field.nullable or (bool(field.null) and _bool(_kwarg(call, field.null)) is True)
        return RelationFact(name, target, field.kind, field.many, strategy, reverse, field.reverse_many,
                            orm=spec.name, null=null)

    def _sa_relation(self, name, call, args, wrapper, inner, orm) -> RelationFact:
        target = self._target(args[0]) if args else ""
        target = target or inner
        kwargs_node = _kwarg(call, "sa_relationship_kwargs")
        lazy = _lazy_value(_kwarg(call, "lazy"))
        uselist = _bool(_kwarg(call, "uselist"))
        if isinstance(kwargs_node, cst.Dict):
            for element in kwargs_node.elements:
                if isinstance(element, cst.DictElement) and _string(element.key) == "lazy":
                    lazy = _lazy_value(element.value)
                if isinstance(element, cst.DictElement) and _string(element.key) == "uselist":
                    uselist = _bool(element.value)
        if lazy is None:
            lazy = {"dynamic": "dynamic", "write_only": "write_only"}.get(wrapper.split("+")[0], "select")
        container = wrapper.split("+")[-1] in ("list", "set")
        known = True
        if uselist is not None:
            many = uselist
        elif wrapper or inner:  # annotated: Mapped[list[T]] / list[T] are collections, T a single object
            many = container or lazy in _QUERYING
        elif _kwarg(call, "secondary") is not None or lazy in _QUERYING:
            many = True
        elif _kwarg(call, "remote_side") is not None:
            many = False
        else:  # SQLAlchemy decides from the foreign keys; a guess refined by the class's columns
            known = False
            many = (_kwarg(call, "order_by") is not None or _kwarg(call, "collection_class") is not None
                    or (name.endswith("s") and not name.endswith("ss")) or name in ("children", "data", "people"))
        reverse_name = _string(_kwarg(call, "back_populates"))
        reverse_lazy = None
        reverse_many = None
        backref = _kwarg(call, "backref")
        if backref is not None:
            reverse_name = _string(backref)
            if isinstance(backref, cst.Call) and _positional(backref):
                reverse_name = _string(_positional(backref)[0])
                reverse_lazy = _lazy_value(_kwarg(backref, "lazy"))
                reverse_many = _bool(_kwarg(backref, "uselist"))
            if reverse_many is None:
                reverse_many = not many
            reverse_lazy = reverse_lazy or "select"
        return RelationFact(name, target, "relationship", many, lazy, reverse_name, reverse_many,
                            orm=orm, reverse=False, reverse_lazy=reverse_lazy if backref is not None else None,
                            many_known=known)

    def _field(self, name, annotation, value, hints) -> FieldFact | None:
        annotation_text = _code(annotation) if annotation is not None else ""
        wrapper, inner, optional = self._annotation(annotation) if annotation is not None else ("", "", False)
        if isinstance(value, cst.Call):
            qualified, last, imported = self._callee(value)
            args = _positional(value)
            nullable = _bool(_kwarg(value, "null"))
            if nullable is None:
                nullable = _bool(_kwarg(value, "nullable"))
            has_default = any(_kwarg(value, k) is not None for k in ("default", "server_default", "insert_default",
                                                                         "default_factory"))
            if last in SA.columns or (last == FIELD and SQLMODEL.owns(qualified)):
                if last in SA.columns:
                    hints.add(SQLALCHEMY.name)
                type_ = self._column_type(args) or inner
                sa_type = _kwarg(value, "sa_type") or _kwarg(value, "type_")
                if sa_type is not None:
                    type_ = self._qualify(sa_type.func if isinstance(sa_type, cst.Call) else sa_type)
                if nullable is None and optional:
                    nullable = True
                positional_name = _string(args[0]) if args and last in SA.columns else None
                column = positional_name or _column_name(value, qualified)
                return FieldFact(name, type_, 0, nullable, has_default, qualified, annotation_text, column,
                                 self._foreign_key(value), deferred=_bool(_kwarg(value, "deferred")) is True)
            if last.endswith("Field") or last.endswith("Column"):
                return FieldFact(name, qualified, 0, nullable, has_default, qualified, annotation_text,
                                 _column_name(value, qualified), auto_now=_bool(_kwarg(value, "auto_now")) is True)
            return None
        if annotation is not None and (wrapper.startswith("mapped") or value is None or isinstance(
                value, (cst.Name, cst.Integer, cst.Float, cst.SimpleString))):
            if wrapper.startswith("mapped") and "+" in wrapper:
                return None  # Mapped[list[X]] without relationship(): not a column
            return FieldFact(name, inner, 0, True if optional else None, value is not None, "", annotation_text)
        return None

    def _foreign_key(self, column: cst.Call) -> str:
        """The column a SQLAlchemy column or SQLModel field references, as written (``"users.id"``)."""
        relations = SQLALCHEMY.relations
        given = _kwarg(column, relations.foreign_key_keyword)
        for arg in _positional(column):
            if isinstance(arg, cst.Call) and self._qualify(arg.func).rsplit(".", 1)[-1] == relations.foreign_key:
                given = next(iter(_positional(arg)), None)
        if given is None:
            return ""
        return _string(given) or _code(given)  # ForeignKey(User.id)

    def _column_type(self, args: list[cst.BaseExpression]) -> str:
        for arg in args:
            if _string(arg) is not None:
                continue  # Column("name", Type)
            func = arg.func if isinstance(arg, cst.Call) else arg
            qualified = self._qualify(func)
            if qualified.rsplit(".", 1)[-1] in SA.non_types:
                continue
            return qualified
        return ""


def extract_classes(path: str, module_name: str, module: cst.Module, imports: ImportTable) -> tuple[ClassFact, ...]:
    collector = _ClassCollector(path, module_name, imports, module)
    walk_visit(module, collector)
    return tuple(collector.classes)


def _snake(name: str) -> str:
    """``OrderLine`` -> ``order_line`` (Flask-SQLAlchemy's default table name)."""
    return "".join(f"_{c.lower()}" if c.isupper() and i else c.lower() for i, c in enumerate(name))


def app_label(qualname: str) -> str:
    """Django's default app label for a model: the package segment before ``models``."""
    parts = qualname.split(".")[:-1]
    if "models" in parts:
        index = len(parts) - 1 - parts[::-1].index("models")
        return parts[index - 1] if index > 0 else ""
    return parts[-2] if len(parts) >= 2 else (parts[0] if parts else "")


def _queryset_loads(functions: list[cst.FunctionDef]) -> tuple[str, ...]:
    """The paths ``get_queryset()`` eager-loads by name when it returns ``super().get_queryset()`` followed by
    loaders given names (``select_related("partner")``, ``prefetch_related("offices", Prefetch("users"))``) and
    row-keeping calls (``defer()``/``only()`` choose columns); () for any other body (what it loads is then
    unknown)."""
    function = next((f for f in functions if f.name.value == "get_queryset"), None)
    returns = [n.value for n in descendants(function.body) if isinstance(n, cst.Return)] if function else []
    if len(returns) != 1:
        return ()
    value, paths = returns[0], []
    while isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute):
        method = value.func.attr.value
        loader = DJANGO.query.loader(method)
        if loader is not None and loader.style == "paths":
            for arg in value.args:
                path = _string(arg.value) or prefetch_lookup(arg.value)
                if path is None:
                    return ()
                paths.append(path)
        elif method in DJANGO_EXTRAS.reshaping - _COLUMN_CHOICES:
            return ()
        value = value.func.value
    return tuple(p for p in paths if p) if isinstance(value, cst.Call) and dotted_name(value.func) == "super" else ()


_COLUMN_CHOICES = frozenset({"defer", "only"})  # choose a row's columns, not the relations loaded with it


def _reshapes(function: cst.FunctionDef) -> bool:
    """Whether a QuerySet/Manager method changes eager loading or stops returning model rows: what it returns
    is not a chain of query methods on ``self`` (or ``super()``), followed through its local names, or the
    chain calls a method that eager-loads or returns something else (``select_related``, ``values``,
    ``first``...); an empty queryset (``self.none()``) is still rows. Calls on other objects
    (``user.groups.exists()``) do not count."""
    nodes = list(descendants(function.body))
    returns = [n.value for n in nodes if isinstance(n, cst.Return)]
    bound: dict[str, list[cst.BaseExpression]] = {}
    for node in nodes:
        if isinstance(node, cst.Assign) and len(node.targets) == 1 and isinstance(node.targets[0].target, cst.Name):
            bound.setdefault(node.targets[0].target.value, []).append(node.value)
    params = {p.name.value for p in (*function.params.posonly_params, *function.params.params,
                                     *function.params.kwonly_params)} - {"self"}
    return not returns or not all(_same_rows(value, bound, params, set()) for value in returns)


def _same_rows(value: cst.BaseExpression | None, bound: dict[str, list[cst.BaseExpression]], params: set[str],
               seen: set[str]) -> bool:
    """:func:`_reshapes` for one returned expression: a chain of row-keeping calls down to ``self`` (through
    local names: ``result = self``, ``result = result.filter(...)``; not a parameter)."""
    while isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute):
        if value.func.attr.value in DJANGO_EXTRAS.reshaping - {"none"}:
            return False
        value = value.func.value
    if isinstance(value, cst.Call):  # super().get_queryset(), RevisionQuerySet(self.model, using=self._db)
        return dotted_name(value.func) == "super" or (dotted_name(value.func) or "").endswith(("QuerySet", "Manager"))
    if isinstance(value, cst.Attribute):  # self.model.objects, self.model._default_manager
        return (dotted_name(value) or "").startswith("self.model.")
    if not isinstance(value, cst.Name) or value.value in params:
        return False
    if value.value == "self" or value.value in seen:
        return True  # a name followed already: its other bindings decide
    values = bound.get(value.value)
    return bool(values) and all(_same_rows(v, bound, params, seen | {value.value}) for v in values)


_MAPPINGS = (cst.Dict, cst.DictComp)


def _returns_mapping(function: cst.FunctionDef) -> bool:
    """Whether every ``return`` of a QuerySet/Manager method gives a dict it builds (``{}``, a dict
    comprehension, ``dict()``, or a local name one of them is bound to): a lookup table, not rows."""
    return _every_return(function, _builds_mapping, nothing_counts=False)


def _every_return(function: cst.FunctionDef, accepts: Callable[[cst.BaseExpression], bool],
                  nothing_counts: bool) -> bool:
    """Whether every ``return`` of ``function`` hands back a value ``accepts``, written there or bound to a local
    name (there is one such return at least); ``nothing_counts``: a bare ``return``/``return None`` is no
    exception."""
    nodes = list(descendants(function.body))
    names = {target.target.value for n in nodes if isinstance(n, cst.Assign) and accepts(n.value)
             for target in n.targets if isinstance(target.target, cst.Name)}
    returns = [n.value for n in nodes if isinstance(n, cst.Return)]
    if nothing_counts:
        returns = [value for value in returns if value is not None and dotted_name(value) != "None"]
    return bool(returns) and all(value is not None and (
        accepts(value) or isinstance(value, cst.Name) and value.value in names) for value in returns)


def _returns_one_row(function: cst.FunctionDef) -> bool:
    """Whether every ``return`` of a QuerySet/Manager method hands back one row a query fetches
    (``return Membership.objects.get(user=user)``, ``return qs.first()``, or a local name bound only to such a
    fetch): an object, not rows. A ``return None`` or a bare ``return`` is no row either."""
    return _every_return(function, _fetches_one, nothing_counts=True)


def _fetches_one(value: cst.BaseExpression) -> bool:
    """``M.objects.get(...)``, ``qs.first()``: a call whose last method fetches one row."""
    return isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute) \
        and value.func.attr.value in DJANGO.query.single


def _builds_mapping(value: cst.BaseExpression) -> bool:
    return isinstance(value, _MAPPINGS) or isinstance(value, cst.Call) and dotted_name(value.func) in (
        "dict", "defaultdict", "collections.defaultdict", "OrderedDict", "collections.OrderedDict")


def _association_proxies(body) -> dict[str, str]:
    """``name = association_proxy("collection", "attr")``: reading ``name`` loads ``collection``."""
    found = {}
    for stmt in body:
        for small in stmt.body if isinstance(stmt, cst.SimpleStatementLine) else ():
            value = small.value if isinstance(small, (cst.Assign, cst.AnnAssign)) else None
            target = small.targets[0].target if isinstance(small, cst.Assign) else getattr(small, "target", None)
            if isinstance(value, cst.Call) and (dotted_name(value.func) or "").endswith("association_proxy") \
                    and value.args and isinstance(target, cst.Name) and _string(value.args[0].value):
                found[target.value] = _string(value.args[0].value)
    return found


def _is_property(function: cst.FunctionDef) -> bool:
    return any((dotted_name(d.decorator) or "").rsplit(".", 1)[-1] in ("property", "cached_property",
                                                                         "hybrid_property")
               for d in function.decorators)


def _reader(function: cst.FunctionDef) -> bool:
    """A public method or property that computes a value: no writes, sends or assignments to ``self``."""
    name = function.name.value
    if name.startswith("_") and name != "__str__" or name in _ACTIONS or name.startswith("clean"):
        return False  # __str__: what str(obj) runs, per row when a loop prints its rows
    for node in descendants(function.body):
        if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute):
            called = node.func.attr.value
            if called in _ACTIONS or called.startswith(("send", "notify", "log")):
                return False
        elif isinstance(node, (cst.Assign, cst.AugAssign, cst.AnnAssign)):
            if any(isinstance(t, cst.Attribute) and dotted_name(t.value) == "self" for t in assigned_targets(node)):
                return False
    return True


def _self_reads(functions: list[cst.FunctionDef]) -> tuple[tuple[str, str, str], ...]:
    """(member, attribute, how) for every ``self.<attribute>`` a reader method or property reads."""
    reads: set[tuple[str, str, str]] = set()
    for function in functions:
        member = function.name.value
        if not _reader(function):
            continue
        memoized = {id(n) for call in descendants(function.body) for n in _cache_defaults(call)}
        for node in descendants(function.body):
            if id(node) in memoized:
                continue
            if isinstance(node, cst.Attribute) and isinstance(node.value, cst.Name) and node.value.value == "self":
                reads.add((member, node.attr.value, "attr"))
            elif isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute):
                receiver = node.func.value
                if isinstance(receiver, cst.Attribute) and isinstance(receiver.value, cst.Name) \
                        and receiver.value.value == "self":
                    reads.add((member, receiver.attr.value, node.func.attr.value))
    return tuple(sorted(reads))


def _guarded_reads(functions: list[cst.FunctionDef]) -> tuple[tuple[str, str, str, tuple[str, ...]], ...]:
    """The reads of :func:`_self_reads` each of whose occurrences is under ``if`` tests of the method's own
    parameters only (``if not api and not public:``): one entry per occurrence, with the tests it is under."""
    found: list[tuple[str, str, str, tuple[str, ...]]] = []
    for function in functions:
        if not _reader(function):
            continue
        params = {p.name.value for p in (*function.params.params, *function.params.kwonly_params)} - {"self"}
        occurrences: dict[tuple[str, str], list[tuple[str, ...]]] = {}

        def visit(node: cst.CSTNode, guards: tuple[str, ...]) -> None:
            if isinstance(node, cst.If) and params and _tests_only(node.test, params):
                test = _EMPTY.code_for_node(node.test)
                visit(node.test, guards)
                visit(node.body, (*guards, f"body:{test}"))
                if node.orelse is not None:
                    visit(node.orelse, (*guards, f"orelse:{test}"))
                return
            key = None
            if isinstance(node, cst.Attribute) and isinstance(node.value, cst.Name) and node.value.value == "self":
                key = (node.attr.value, "attr")
            elif isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and isinstance(
                    node.func.value, cst.Attribute) and dotted_name(node.func.value.value) == "self":
                key = (node.func.value.attr.value, node.func.attr.value)
            if key is not None:
                occurrences.setdefault(key, []).append(guards)
            for child in node.children:
                visit(child, guards)

        visit(function.body, ())
        found += [(function.name.value, attr, how, guards) for (attr, how), all_guards in occurrences.items()
                  if all(all_guards) for guards in all_guards]
    return tuple(sorted(set(found)))


def _tests_only(test: cst.BaseExpression, params: set[str]) -> bool:
    """A test of parameters alone: names among ``params``, literals, ``not``/``and``/``or``, comparisons."""
    if isinstance(test, cst.Name):
        return test.value in params or test.value in ("True", "False", "None")
    if isinstance(test, cst.UnaryOperation):
        return _tests_only(test.expression, params)
    if isinstance(test, cst.BooleanOperation):
        return _tests_only(test.left, params) and _tests_only(test.right, params)
    if isinstance(test, cst.Comparison):
        return _tests_only(test.left, params) and all(
            _tests_only(c.comparator, params) or isinstance(c.comparator, (cst.SimpleString, cst.Integer))
            for c in test.comparisons)
    return False


def _member_params(functions: list[cst.FunctionDef], members: set[str]
                   ) -> tuple[tuple[str, tuple[tuple[str, str, bool], ...]], ...]:
    """The parameters after ``self`` of the members ``_guarded_reads`` found: (name, default as written or "",
    keyword-only)."""
    return tuple((f.name.value, tuple(
        (p.name.value, _EMPTY.code_for_node(p.default) if p.default is not None else "", p in f.params.kwonly_params)
        for p in (*f.params.params, *f.params.kwonly_params) if p.name.value != "self"))
        for f in functions if f.name.value in members)


def _cache_defaults(node: cst.CSTNode) -> list[cst.CSTNode]:
    """The nodes of the default of ``cache.get_or_set(key, lambda: self.emails.count(), None)`` (Django's cache):
    it runs only when the cache lacks the key, not each time the member is read."""
    if not (isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute)
            and node.func.attr.value == "get_or_set"):
        return []
    positional = _positional(node)
    default = _kwarg(node, "default")
    default = default if default is not None else positional[1] if len(positional) > 1 else None
    return [default, *descendants(default)] if default is not None else []


DJANGO_USER = DJANGO_EXTRAS.user_model
_EMPTY = cst.Module(body=[])  # spells an expression as source


def _same_module(module: str, qualname: str) -> bool:
    """Whether ``module.Name`` (a dotted module path, as an import names it, of no module of the project) may be the
    class ``qualname``: a package it is defined under (``shop.models`` re-exporting ``shop.models.order.Order``, a
    package with no classes of its own), named from another root (``src.shop.models``).
    ``oslo_service.service.Service`` is no class of a project whose ``Service`` model lives in ``cinder.db.models``."""
    defined = qualname.rpartition(".")[0]
    return f".{module}." in f".{defined}." or module.endswith(f".{defined}")


class ModelRegistry:
    """All classes of the project, with the ORM each model belongs to and its relations."""

    def __init__(self, classes: Iterable[ClassFact], modules: Iterable[str] = ()) -> None:
        self.by_qualname: dict[str, ClassFact] = {}
        self._module_names = set(modules)  # the project's modules, classes or not
        self.by_name: dict[str, list[ClassFact]] = {}
        for fact in classes:
            self.by_qualname[fact.qualname] = fact
            self.by_name.setdefault(fact.name, []).append(fact)
        self._orm: dict[str, str | None] = {}
        self._relations: dict[str, dict[str, RelationFact]] = {}
        self._reverse: dict[str, dict[str, RelationFact]] | None = None
        self._labels: dict[str, str] | None = None
        self._user_model: tuple[ClassFact | None] | None = None  # (user_model(),) once found
        self._base_orm: dict[str, str | None] = {}  # the ORM whose model base a base class is, by name
        self._chosen: dict[tuple[str, str, tuple[int, ...]], ClassFact | None] = {}  # _choose's answers
        self._namesakes: dict[str, list[ClassFact]] = {}  # resolve's candidates for a reference
        self._namesake_models: dict[str, list[ClassFact]] = {}  # those that are models, once final
        self._finding_orm: set[str] = set()  # the classes whose orm_of is in progress
        self._modules: set[str] | None = None  # the project's modules (and those of its classes), by every dotted suffix
        self._segments: set[str] | None = None  # every segment of those modules' paths
        if any(f.orm_hint == DJANGO.name for f in self.by_qualname.values()):  # contrib.auth's User, by import only
            base = f"{DJANGO.model_bases[0].package}.{DJANGO.model_bases[0].names[0]}"
            self.by_qualname.setdefault(DJANGO_USER, ClassFact("User", DJANGO_USER, "", 0, (base,),
                                                               managers=("objects",)))

    # -- resolution ----------------------------------------------------------------
    def _project_module(self, module: str) -> bool:
        """Whether ``module`` (as an import names it) is a module of the project, named from this root or another
        (``shop.models`` for ``src.shop.models``, ``src.shop.models`` for ``shop.models``). A name it does not
        define itself came from elsewhere (``from .abstract import *``, ``User = get_user_model()``)."""
        modules = self._suffixes()
        return module in modules or any(suffix in modules for suffix in dotted_suffixes(module))

    def _suffixes(self) -> set[str]:
        if self._modules is None:
            named = self._module_names | {qualname.rpartition(".")[0] for qualname in self.by_qualname}
            self._modules = {suffix for module in named for suffix in dotted_suffixes(module, 1)}
        return self._modules

    def _app_or_package(self, name: str) -> bool:
        """Whether ``name`` may be the app label of a Django ``"app.Model"`` reference: a package of the project
        (any segment of its modules' paths) or a custom ``AppConfig.label``; ``unittest`` of ``unittest.TestCase``
        is neither."""
        if self._segments is None:
            self._segments = {part for module in self._suffixes() for part in module.split(".")}
        return name in self._segments or name in self._app_labels()

    def resolve(self, ref: str, context: str | None = None) -> ClassFact | None:
        """A class by qualified name, Django ``"app.Model"``, or last segment when unambiguous.

        ``context`` is the qualname of the class that wrote the reference (for ``"self"``
        and to prefer a class of the same package among namesakes).
        """
        if not ref:
            return None
        if ref == "self" and context:
            return self.by_qualname.get(context)
        if ref in DJANGO_EXTRAS.user_model_refs:
            return self.user_model()
        if ref in self.by_qualname:
            return self.by_qualname[ref]
        candidates = self._namesakes.get(ref)
        if candidates is None:  # a class naming ``ref`` as its base is not what ``ref`` names
            module, _, last = ref.rpartition(".")  # (each of a project's migrations is based on Django's Migration)
            foreign = module and not self._project_module(module) and (  # oslo_service.service, unittest
                module.count(".") >= 1 or not self._app_or_package(module))
            candidates = self._namesakes[ref] = [c for c in self.by_name.get(last, ()) if ref not in c.bases
                                                 and not (foreign and not _same_module(module, c.qualname))]
        if not candidates:
            return None
        known = self._orm  # orm_of's memo, inlined: resolving a base scans every namesake
        models = self._namesake_models.get(ref)
        if models is None:
            models = [c for c in candidates if (known[c.qualname] if c.qualname in known else self.orm_of(c))] \
                or candidates
            if not any(c.qualname in self._finding_orm for c in candidates):  # else one reads None meanwhile
                self._namesake_models[ref] = models
        if len(models) == 1:
            return models[0]
        owner_orm = known.get(context) if context else None  # only once known: orm_of resolves bases
        if owner_orm:
            same_orm = [c for c in models if self.orm_of(c) == owner_orm]
            if len(same_orm) == 1:
                return same_orm[0]
            models = same_orm or models
        head = ref.rsplit(".", 1)[0] if "." in ref else ""
        anchor = head if head else (context.rsplit(".", 1)[0] if context else "")
        key = (ref, anchor, tuple(map(id, models)))
        if key not in self._chosen:
            self._chosen[key] = self._choose(head, anchor, models)
        return self._chosen[key]

    def _choose(self, head: str, anchor: str, models: list[ClassFact]) -> ClassFact | None:
        """The one of several namesake ``models`` that a reference's module part ``head`` (or, without
        one, the referring module ``anchor``) singles out; None when it stays ambiguous."""
        if "." in head:  # a package re-export, or a module path under another root
            wanted = f".{head}."  # its segments as a contiguous run of a candidate's module's segments
            inside = [c for c in models if wanted in f".{c.qualname}".rsplit(".", 1)[0] + "."]
            if len(inside) == 1:
                return inside[0]
            models = inside or models
        if head and "." not in head:  # "app.Model" or "models.Model"
            package = self._app_labels().get(head)
            labelled = [c for c in models if app_label(c.qualname) == head or head in c.qualname.split(".")[:-1]
                        or package is not None and f".{package}." in f".{c.qualname}"]
            if len(labelled) == 1:
                return labelled[0]
        if anchor:
            parts = anchor.split(".")

            def shared(fact: ClassFact) -> int:
                n = 0
                for a, b in zip(parts, fact.qualname.split(".")):
                    if a != b:
                        break
                    n += 1
                return n
            scores = [shared(c) for c in models]
            best = max(scores)
            if best and scores.count(best) == 1:
                return models[scores.index(best)]
        return None

    def _app_labels(self) -> dict[str, str]:
        """Custom Django app labels (``AppConfig.label``) -> the app's package."""
        if self._labels is None:
            self._labels = {}
            for fact in self.by_qualname.values():
                config = dict(fact.meta)
                if DJANGO_EXTRAS.app_config in fact.bases and _string(cst.parse_expression(config.get("label", "0"))):
                    name = _string(cst.parse_expression(config.get("name", "0")))
                    package = name or fact.qualname.rsplit(".", 2)[0]
                    self._labels[_string(cst.parse_expression(config["label"]))] = package
        return self._labels

    def with_loader_default(self, model: ClassFact, eager: frozenset[str]) -> frozenset[str]:
        """``eager`` with :data:`LOADER_DEFAULT` replaced by the paths its ORM's loader follows when
        called without arguments (Django's ``select_related()``)."""
        if LOADER_DEFAULT not in eager:
            return eager
        spec = spec_of(self.orm_of(model))
        loader = next((l for l in spec.query.loaders if l.no_arguments == "non_null_to_one"), None) if spec else None
        default = self.non_null_to_one(model, loader.depth) if loader is not None else set()
        return (eager - {LOADER_DEFAULT}) | frozenset(default)

    def non_null_to_one(self, model: ClassFact, depth: int) -> set[str]:
        """The paths a loader without arguments follows (Django's ``select_related()``): forward to-one
        relations that cannot be null, recursively, ``depth`` levels deep."""
        paths = set()
        for rel in self.relations(model).values():
            if rel.kind in ("fk", "o2o") and not rel.reverse and not rel.null:
                paths.add(rel.name)
                target = self.target(rel)
                if depth > 1 and target is not None and target.qualname != model.qualname:
                    paths.update(f"{rel.name}__{p}" for p in self.non_null_to_one(target, depth - 1))
        return paths

    def user_model(self) -> ClassFact | None:
        """``settings.AUTH_USER_MODEL``: the project's one custom user model, else contrib.auth's User."""
        if self._user_model is None:  # found once: every reference to the setting asks
            custom = [f for f in self.by_qualname.values() if f.qualname != DJANGO_USER and any(
                base.endswith(DJANGO_EXTRAS.user_bases) for base in f.bases) and not f.abstract]
            self._user_model = (custom[0] if len(custom) == 1 else
                                self.by_qualname.get(DJANGO_USER) if not custom else None,)
        return self._user_model[0]

    def orm_of(self, fact: ClassFact, _seen: frozenset[str] = frozenset()) -> str | None:
        if fact.qualname in self._orm:
            return self._orm[fact.qualname]
        self._orm[fact.qualname] = None  # in progress: a cycle through resolve() ends here
        self._finding_orm.add(fact.qualname)
        try:
            result = self._orm_by_bases(fact, _seen)
        finally:
            self._finding_orm.discard(fact.qualname)
        self._orm[fact.qualname] = result
        return result

    def _orm_by_bases(self, fact: ClassFact, _seen: frozenset[str]) -> str | None:
        result = None
        for base in fact.bases:
            if base not in self._base_orm:
                self._base_orm[base] = next((spec.name for spec in ORMS if any_matches(base, spec.model_bases)), None)
            result = self._base_orm[base]
            if result is None and base not in _seen:
                parent = self.resolve(base, fact.qualname)
                if parent is not None and parent.qualname not in _seen and parent.qualname != fact.qualname:
                    result = self.orm_of(parent, _seen | {fact.qualname})
            if result:
                break
        if result is None and fact.orm_hint and fact.bases:
            result = fact.orm_hint
        result = result or fact.mapped or None
        if result == SQLALCHEMY.name and any(k == TABLE_KEYWORD for k, _ in fact.keywords):
            result = SQLMODEL.name
        if result is None and len(_seen) == 0 and any(k == TABLE_KEYWORD and v == "True" for k, v in fact.keywords):
            result = SQLMODEL.name
        return result

    def models(self) -> list[ClassFact]:
        return [c for c in self.by_qualname.values() if self.orm_of(c)]

    def model(self, ref: str, context: str | None = None) -> ClassFact | None:
        """The model class ``ref`` names, or None when it is not a known model."""
        fact = self.resolve(ref, context)
        return fact if fact is not None and self.orm_of(fact) else None

    def is_concrete(self, fact: ClassFact) -> bool:
        if fact.abstract:
            return False
        orm = self.orm_of(fact)
        if orm == SQLMODEL.name:
            return any(k == TABLE_KEYWORD and v == "True" for k, v in fact.keywords)
        return orm is not None

    def inherits_a_table(self, fact: ClassFact) -> bool:
        """Whether ``fact`` inherits a concrete model with a parent link (Django multi-table inheritance):
        its rows span two tables, and Django's ``bulk_create()`` refuses it."""
        return bool(self._concrete_parents(fact))

    def ancestors(self, fact: ClassFact) -> list[ClassFact]:
        """``fact`` and its project base classes, nearest first (each once)."""
        out, seen, stack = [], set(), [fact]
        while stack:
            current = stack.pop(0)
            if current.qualname in seen:
                continue
            seen.add(current.qualname)
            out.append(current)
            for base in current.bases:
                parent = self.resolve(base, current.qualname)
                if parent is not None and parent.qualname not in seen:
                    stack.append(parent)
        return out

    def member(self, fact: ClassFact, name: str) -> tuple[ClassFact, bool, list[tuple[str, str]]] | None:
        """The class defining method/property ``name`` for ``fact`` (nearest first), whether it is
        a property, and what it reads on ``self``: (attribute, how) pairs."""
        for cls in self.ancestors(fact):
            if any(method == name for method, _ in cls.methods):
                reads = [(attr, how) for member, attr, how in cls.self_reads if member == name]
                return cls, name in cls.properties, reads
        return None

    # -- fields and relations ------------------------------------------------------
    def fields(self, fact: ClassFact) -> dict[str, FieldFact]:
        out: dict[str, FieldFact] = {}
        for cls in reversed(self.ancestors(fact)):
            out.update({f.name: f for f in cls.fields})
        return out

    def managers(self, fact: ClassFact) -> set[str]:
        """The class attributes that hand out the model's queries: its ORM's (``objects``, Flask-SQLAlchemy's
        ``query``) and, where custom managers exist, the ones its classes declare."""
        spec = spec_of(self.orm_of(fact))
        if spec is None:
            return set()
        names = set(spec.managers)
        for cls in self.ancestors(fact) if spec.query.custom_methods else ():
            names.update(cls.managers)
        return names

    def relations(self, fact: ClassFact) -> dict[str, RelationFact]:
        """Every relation accessor of a model: declared, inherited and reverse ones."""
        cached = self._relations.get(fact.qualname)
        if cached is not None:
            return cached
        out: dict[str, RelationFact] = {}
        reverse = self._reverse_map()
        for cls in reversed(self.ancestors(fact)):
            out.update(reverse.get(cls.qualname, {}))
            for rel in cls.relations:
                out[rel.name] = self._bind(rel, cls, fact)
        self._relations[fact.qualname] = out
        for name, rel in list(out.items()):  # a cardinality guessed from the name, told by the foreign keys
            if not rel.many_known and not rel.reverse and (told := self.is_collection(fact, rel)) is not None:
                out[name] = replace(rel, many=told)
            elif rel.reverse and rel.kind == "relationship" and rel.many and self._backref_of_collection(rel):
                out[name] = replace(rel, many=False)  # Face.officer, the backref of Officer.face
        return out

    def _backref_of_collection(self, backref: RelationFact) -> bool:
        """Whether a backref mirrors a relation the foreign keys make a one-to-many collection, whatever its name
        guessed (``face = relationship("Face", backref="officer")`` with ``faces.officer_id``): it is one object."""
        declaring = self.model(backref.target)
        forward = self.relations(declaring).get(backref.reverse_name) if declaring is not None else None
        return forward is not None and not forward.many_known and self.is_collection(declaring, forward) is True

    def relation(self, model: ClassFact | str, attr: str) -> RelationFact | None:
        fact = self.model(model) if isinstance(model, str) else model
        if fact is None:
            return None
        return self.relations(fact).get(attr)

    def key_column(self, model: ClassFact, rel: RelationFact) -> str | None:
        """The attribute of ``model`` holding the key of its to-one relation ``rel`` (Django's ``author_id``,
        the SQLAlchemy column whose ``ForeignKey`` names the target's table, also for a many-to-one
        ``backref`` the other model declares); None when the key is on the other side or cannot be told."""
        if rel.many or rel.kind == "generic" or (rel.reverse and rel.kind != "relationship"):
            return None
        spec = spec_of(rel.orm)
        if spec is not None and spec.relations.key_attname:
            return spec.relations.key_attname.format(name=rel.name)
        target = self.target(rel)
        if target is None:
            return None
        tables = {target.name, target.name.lower(), _snake(target.name)}
        for cls in self.ancestors(target):
            declared = dict(cls.meta).get("__tablename__")
            if declared and _string(cst.parse_expression(declared)):
                tables = {_string(cst.parse_expression(declared))}
                break
        keys = [f.name for f in self.fields(model).values() if f.foreign_key and f.foreign_key.rsplit(".", 1)[0] in tables]
        return keys[0] if len(keys) == 1 else None

    def target(self, rel: RelationFact) -> ClassFact | None:
        """The model a relation yields (its target; for reverse accessors, the declaring model)."""
        return self.model(rel.target)

    def is_collection(self, owner: ClassFact, rel: RelationFact) -> bool | None:
        """Whether ``owner.rel`` holds a collection; None when nothing says so for certain.

        A SQLAlchemy ``relationship()`` without ``uselist``, annotation or ``secondary`` is a
        collection exactly when the foreign key sits on the target: its ``back_populates``
        partner is a known many-to-one (or has the ``<partner>_id`` column), or the target has
        an ``<owner>_id`` column while the owner has no ``<rel>_id`` one. A ``backref`` is as
        certain as the declaration it mirrors (known, or a many-to-one by its ``<name>_id`` column).
        """
        target = self.target(rel)
        if rel.reverse and rel.kind == "relationship":  # a backref: as certain as the declaration it mirrors
            forward = self.relations(target).get(rel.reverse_name) if target is not None and rel.reverse_name \
                else None
            if forward is None or not (forward.many_known or f"{forward.name}_id" in self.fields(target)):
                return None
            return rel.many
        if rel.many_known:
            return rel.many
        if f"{rel.name}_id" in self.fields(owner):
            return False
        if target is None:
            return None
        partner = self.relations(target).get(rel.reverse_name) if rel.reverse_name else None
        if partner is not None and partner.many_known and not partner.reverse:  # a backref's side is our own guess
            return not partner.many
        columns = self.fields(target)
        if partner is not None and f"{partner.name}_id" in columns:
            return True
        snake = "".join(f"_{c.lower()}" if c.isupper() else c for c in owner.name).lstrip("_")
        return True if f"{snake}_id" in columns else None

    def _bind(self, rel: RelationFact, declared_on: ClassFact, concrete: ClassFact) -> RelationFact:
        """A declared relation as seen on ``concrete``: its target resolved to a qualname (``"self"`` is the
        concrete model for a relation of an abstract base, the declaring model for one of a concrete base:
        multi-table inheritance keeps the base's table and its key)."""
        target = self.resolve(rel.target, declared_on.qualname) if rel.target else None
        if rel.target == "self":
            target = declared_on if declared_on is not concrete and self.is_concrete(declared_on) else concrete
        if target is None:
            return rel
        return replace(rel, target=target.qualname)

    def reverse_accessor(self, owner: ClassFact, rel: RelationFact) -> str | None:
        """The accessor ``rel``, declared on ``owner``, creates on its target (``comments`` of
        ``Comment.post = ForeignKey(Post, related_name="comments")``, ``comment_set`` by default)."""
        return self._reverse_name(rel, owner)

    def _reverse_name(self, rel: RelationFact, owner: ClassFact) -> str | None:
        """The accessor a declaration of ``owner`` creates on its target, if any."""
        spec = spec_of(rel.orm)
        if spec is None or spec.relations.declares_both_sides:
            return None
        if rel.kind == "relationship":  # back_populates: declared on the other side
            return rel.reverse_name if rel.reverse_lazy is not None else None
        name = rel.reverse_name
        default_name = spec.relations.default_reverse_option
        meta = dict(owner.meta)
        if name is None and default_name and meta.get(default_name, "").startswith(("'", '"')):
            name = _string(cst.parse_expression(meta[default_name]))
        if name is None:
            template = (rel.kind == "o2o" and spec.relations.reverse_name_o2o) or spec.relations.reverse_name
            return template.format(model=owner.name.lower()) or None
        if name.endswith("+"):
            return None
        return name.replace("%(class)s", owner.name.lower()).replace("%(app_label)s", app_label(owner.qualname))

    def _reverse_map(self) -> dict[str, dict[str, RelationFact]]:
        if self._reverse is not None:
            return self._reverse
        self._reverse = {}
        for fact in list(self.by_qualname.values()):
            if not self.is_concrete(fact):
                continue
            for cls in self.ancestors(fact):
                for rel in cls.relations:
                    if rel.reverse or rel.kind == "generic":
                        continue
                    target = self.resolve(rel.target, cls.qualname) if rel.target != "self" else fact
                    if target is None:
                        continue
                    accessor = self._reverse_name(rel, fact)
                    if not accessor:
                        continue
                    many = rel.reverse_many if rel.reverse_many is not None else True
                    if rel.kind == "m2m":
                        many = True
                    lazy = rel.reverse_lazy or "select"
                    self._reverse.setdefault(target.qualname, {})[accessor] = RelationFact(
                        accessor, fact.qualname, rel.kind, many, lazy, rel.name, rel.many, rel.line,
                        orm=rel.orm, reverse=True)
            for parent in self._concrete_parents(fact):  # multi-table inheritance: place.restaurant
                self._reverse.setdefault(parent.qualname, {})[fact.name.lower()] = RelationFact(
                    fact.name.lower(), fact.qualname, "o2o", False, "select", f"{parent.name.lower()}_ptr", False,
                    orm=self.orm_of(fact) or "", reverse=True)
        return self._reverse

    def _concrete_parents(self, fact: ClassFact) -> list[ClassFact]:
        """The concrete models a (non-proxy) model inherits with a parent link (Django multi-table inheritance)."""
        orm = self.orm_of(fact)
        spec = spec_of(orm)
        if spec is None or not spec.relations.parent_links or dict(fact.meta).get("proxy") == "True":
            return []
        parents = (self.by_qualname.get(base) for base in fact.bases)  # exact: a namesake is not a parent
        return [p for p in parents if p is not None and self.orm_of(p) == orm and self.is_concrete(p)
                and p.qualname != fact.qualname]
