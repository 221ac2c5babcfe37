"""Constant folding for raw SQL: module and class constants, ``Final`` names, enum members.

:class:`ModuleConstants` knows the names a module binds once at module or class level, and
folds an expression into the text it always evaluates to (string and number literals,
concatenations and f-strings of constants, constants of the module and its classes, enum
members, imported UPPER_CASE names, ``str.upper()`` and the like on constants, lookups in
constant mappings) or says that it is a constant collection (literal sets and tuples of
constants, enums): what an allow-list check compares against.
"""

from __future__ import annotations

import ast
from typing import Callable, Iterator

import libcst as cst

from ormlint.syntax.flow import FunctionFlow
from ormlint.syntax.literals import string_value
from ormlint.syntax.names import ImportTable, dotted_name
from ormlint.syntax.walk import descendants

MAX_DEPTH = 6
# Calls whose result is constant when their inputs are.
CONSTANT_PRESERVING_CALLS = frozenset({"replace", "upper", "lower", "strip", "lstrip", "rstrip", "title", "capitalize",
                                       "dumps", "str", "repr", "int", "float"})


class ModuleConstants:
    """Names bound once at module or class level to constant values, and Enum members."""

    def __init__(self, module: cst.Module, imports: ImportTable,
                 imported_text: Callable[[str], str | None] | None = None,
                 imported_literal: Callable[[str], bool] | None = None) -> None:
        self.imports = imports
        self.imported_text = imported_text  # the text of a template another module binds (qualified name)
        self.imported_literal = imported_literal  # whether another module binds the name once to a plain literal
        self.values: dict[str, list[cst.BaseExpression | None]] = {}
        self.classes: dict[str, cst.ClassDef] = {}
        self._cache: dict[str, str | None] = {}
        for statement in module.body:
            self._collect(statement, self.values)
            if isinstance(statement, cst.ClassDef):
                self.classes[statement.name.value] = statement
        self._class_values: dict[str, dict[str, list]] = {}

    @staticmethod
    def _collect(statement: cst.CSTNode, into: dict[str, list]) -> None:
        if isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                if isinstance(small, cst.Assign):
                    for target in small.targets:
                        if isinstance(target.target, cst.Name):
                            into.setdefault(target.target.value, []).append(small.value)
                elif isinstance(small, cst.AnnAssign) and isinstance(small.target, cst.Name):
                    into.setdefault(small.target.value, []).append(small.value)
                elif isinstance(small, cst.AugAssign) and isinstance(small.target, cst.Name):
                    into.setdefault(small.target.value, []).append(None)
        elif isinstance(statement, (cst.FunctionDef, cst.ClassDef)):
            into.setdefault(statement.name.value, []).append(None)
        elif isinstance(statement, (cst.If, cst.Try)):
            for inner in _nested_statements(statement):
                ModuleConstants._collect(inner, into)

    def class_values(self, name: str) -> dict[str, list]:
        if name not in self._class_values:
            values: dict[str, list] = {}
            node = self.classes.get(name)
            if node is not None and isinstance(node.body, cst.IndentedBlock):
                for statement in node.body.body:
                    self._collect(statement, values)
            self._class_values[name] = values
        return self._class_values[name]

    def constant_text(self, expr: cst.BaseExpression, flow: FunctionFlow | None = None, depth: int = 0) -> str | None:
        """The text ``expr`` always evaluates to when it is a compile-time constant (one sample if several)."""
        if depth > MAX_DEPTH:
            return None
        if isinstance(expr, (cst.SimpleString, cst.ConcatenatedString, cst.FormattedString, cst.BinaryOperation)):
            return self._constant_string(expr, flow, depth)
        if isinstance(expr, (cst.Integer, cst.Float)):
            return expr.value
        if isinstance(expr, cst.UnaryOperation) and isinstance(expr.expression, (cst.Integer, cst.Float)):
            return "-" + expr.expression.value
        if isinstance(expr, cst.Name):
            if expr.value in ("None", "True", "False"):
                return expr.value
            if flow is not None and expr.value in flow.bindings:
                return self._local_constant(expr.value, flow, depth)
            return self.name_constant(expr.value, depth)
        if isinstance(expr, cst.Attribute):
            return self.attribute_constant(expr, flow, depth)
        if isinstance(expr, cst.IfExp):
            body = self.constant_text(expr.body, flow, depth + 1)
            other = self.constant_text(expr.orelse, flow, depth + 1)
            return body if body is not None and other is not None else None
        if isinstance(expr, cst.Subscript) and self.is_constant_collection(expr.value, flow):
            return self._template_element(expr.value, flow, depth) or "x"
        if isinstance(expr, cst.Call) and callee_name(expr) in CONSTANT_PRESERVING_CALLS:
            func = expr.func
            inputs = [a.value for a in expr.args]
            if isinstance(func, cst.Attribute) and dotted_name(func) not in ("json.dumps",):
                inputs.append(func.value)
            texts = [self.constant_text(v, flow, depth + 1) for v in inputs]
            if inputs and all(t is not None for t in texts):
                return texts[-1]
        if isinstance(expr, cst.Call) and isinstance(expr.func, cst.Attribute) and expr.func.attr.value == "join" \
                and len(expr.args) == 1 and self.constant_text(expr.func.value, flow, depth + 1) is not None:
            joined = expr.args[0].value  # ", ".join(NAMES), ", ".join(f"'{x}'" for x in NAMES)
            if self.is_constant_collection(joined, flow) or self._constant_comprehension(joined, flow, depth):
                return "x"
        if isinstance(expr, cst.Call) and isinstance(expr.func, cst.Attribute) and expr.func.attr.value == "get":
            if self.is_constant_collection(expr.func.value, flow):
                default = expr.args[1].value if len(expr.args) > 1 else None
                if default is None or self.constant_text(default, flow, depth + 1) is not None:
                    return "x"
        return None

    def _template_element(self, collection: cst.BaseExpression, flow: FunctionFlow | None, depth: int) -> str | None:
        """``QUERIES[kind]`` of a module's dict (or list) whose elements are all templates with a hole
        (``"... WHERE name = '{}'"``, ``"... = %s"``): one of them, so that what ``.format()``/``%`` pastes
        into it is read in place; None for a collection of plain constants."""
        if isinstance(collection, cst.Name) and (flow is None or collection.value not in flow.bindings):
            values = self.values.get(collection.value) or []
            collection = values[0] if len(values) == 1 else None
        if isinstance(collection, cst.Dict):
            elements = [e.value for e in collection.elements if isinstance(e, cst.DictElement)]
        elif isinstance(collection, (cst.List, cst.Tuple)):
            elements = [e.value for e in collection.elements if not isinstance(e, cst.StarredElement)]
        else:
            return None
        texts = [self.constant_text(e, flow, depth + 1) for e in elements]
        holed = [t for t in texts if t is not None and ("{" in t or "%" in t)]
        return holed[0] if holed and len(holed) == len(texts) else None

    def _constant_comprehension(self, expr: cst.BaseExpression, flow: FunctionFlow | None, depth: int) -> bool:
        """``[f"'{x}'" for x in NAMES]``: one loop over a constant collection, each element made of its variable,
        constants and literals through calls that keep them constant."""
        if not isinstance(expr, (cst.ListComp, cst.GeneratorExp, cst.SetComp)) or expr.for_in.inner_for_in is not None \
                or not isinstance(expr.for_in.target, cst.Name) or not self.is_constant_collection(expr.for_in.iter, flow):
            return False
        variable = expr.for_in.target.value
        nodes = [expr.elt, *descendants(expr.elt)]
        return all(n.value == variable or self.constant_text(n, flow, depth + 1) is not None
                   for n in nodes if isinstance(n, cst.Name) and not _called_method(n, nodes)) and all(
            callee_name(n) in CONSTANT_PRESERVING_CALLS for n in nodes if isinstance(n, cst.Call))

    def _constant_string(self, expr, flow, depth) -> str | None:
        if isinstance(expr, cst.SimpleString):
            return string_value(expr, bytes_too=True)
        if isinstance(expr, cst.ConcatenatedString):
            left = self.constant_text(expr.left, flow, depth + 1)
            right = self.constant_text(expr.right, flow, depth + 1)
            return left + right if left is not None and right is not None else None
        if isinstance(expr, cst.FormattedString):
            out = []
            for part in expr.parts:
                if isinstance(part, cst.FormattedStringText):
                    out.append(fstring_text(expr, part))
                else:
                    inner = self.constant_text(part.expression, flow, depth + 1)
                    if inner is None:
                        return None
                    out.append(inner)
            return "".join(out)
        if isinstance(expr, cst.BinaryOperation):
            left = self.constant_text(expr.left, flow, depth + 1)
            right = self.constant_text(expr.right, flow, depth + 1)
            if left is None or right is None:
                return None  # ``60 * 60``, ``"a" * 3``: a constant too, shown by a sample
            return left + right if isinstance(expr.operator, cst.Add) else left
        return None

    def _local_constant(self, name: str, flow: FunctionFlow, depth: int) -> str | None:
        bindings = flow.bindings[name]
        samples = []
        for binding in bindings:
            if binding.kind == "set" and binding.value is not None:
                text = self.constant_text(binding.value, flow, depth + 1)
            elif binding.kind == "for" and binding.value is not None and self.is_constant_collection(binding.value, flow):
                elements = getattr(binding.value, "elements", ())
                first = self.constant_text(elements[0].value, flow, depth + 1) if elements else None
                text = first if first is not None else "x"
            else:
                text = None
            if text is None:
                return None
            samples.append(text)
        return samples[0] if samples else None

    def name_constant(self, name: str, depth: int = 0) -> str | None:
        """A module-level name bound only to constants; an imported UPPER_CASE name."""
        if name in self._cache:
            return self._cache[name]
        self._cache[name] = None  # cycles
        values = self.values.get(name)
        result = None
        if values:
            texts = [self.constant_text(v, None, depth + 1) if v is not None else None for v in values]
            if all(t is not None for t in texts):
                result = texts[-1]
        elif name in self.imports.aliases and (is_constant_name(name) or self.imported_literal is not None
                                               and self.imported_literal(self.imports.aliases[name])):
            imported = self.imported_text(self.imports.aliases[name]) if self.imported_text is not None else None
            result = name if imported is None else imported
        self._cache[name] = result
        return result

    def attribute_constant(self, expr: cst.Attribute, flow: FunctionFlow | None, depth: int) -> str | None:
        """``Class.CONST``, ``self.CONST``, ``Enum.MEMBER.value``, ``settings.NAME``, ``str(Enum.X)``."""
        attr = expr.attr.value
        base = expr.value
        if attr in ("value", "name", "label") and isinstance(base, cst.Attribute):
            owner = dotted_name(base.value)
            if owner and owner in self.classes and is_enum(self.classes[owner]):
                return base.attr.value
            if owner and owner in self.imports.aliases and owner[:1].isupper() and owner[1:2].islower():
                return base.attr.value  # ImportedEnum.MEMBER.value
        if attr in ("value", "name", "label") and isinstance(base, cst.Name) and flow is not None:
            bindings = flow.bindings.get(base.value, [])
            if bindings and all(b.kind == "for" and b.value is not None and self.is_constant_collection(b.value, flow)
                                for b in bindings):
                return "x"  # for member in SomeEnum: member.value
        owner = dotted_name(base)
        if owner in ("self", "cls") and flow is not None:
            owner = enclosing_class_name(flow, self)
            if owner and attr in ("value", "name") and is_enum(self.classes[owner]):
                return "x"  # self.value inside an Enum: one of its members' values
        if owner and owner in self.classes:
            values = self.class_values(owner).get(attr)
            if values:
                texts = [self.constant_text(v, None, depth + 1) if v is not None else None for v in values]
                if all(t is not None for t in texts):
                    return texts[-1]
            if is_enum(self.classes[owner]) and attr in self.class_values(owner):
                return attr
        if is_constant_name(attr) and owner is not None:
            imported = self.imported_text(f"{self.imports.qualify_dotted(owner)}.{attr}") \
                if self.imported_text is not None and owner.split(".")[0] in self.imports.aliases else None
            return attr if imported is None else imported  # queries.USER_BY_NAME: the template that module binds
        return None

    def is_constant_collection(self, expr: cst.BaseExpression, flow: FunctionFlow | None, depth: int = 0) -> bool:
        """A literal set/tuple/list/dict of constants (or of code references), or a name bound to one."""
        if depth > MAX_DEPTH:
            return False
        if isinstance(expr, (cst.Set, cst.Tuple, cst.List)):
            return all(self._constant_item(e.value, flow, depth) for e in expr.elements
                       if not isinstance(e, cst.StarredElement))
        if isinstance(expr, cst.Dict):
            return all(isinstance(e, cst.DictElement) and self._constant_item(e.key, flow, depth)
                       and self._constant_item(e.value, flow, depth) for e in expr.elements)
        if isinstance(expr, cst.Call):
            func = expr.func
            if isinstance(func, cst.Attribute) and func.attr.value in ("items", "keys", "values") and not expr.args:
                return self.is_constant_collection(func.value, flow, depth + 1)
            if dotted_name(func) in ("frozenset", "set", "tuple", "dict", "list", "sorted", "reversed", "enumerate"):
                return bool(expr.args) and self.is_constant_collection(expr.args[0].value, flow, depth + 1)
            return False
        name = dotted_name(expr)
        if name is None:
            return False
        if name in self.classes and is_enum(self.classes[name]):
            return True
        if "." not in name and flow is not None and name in flow.bindings:
            bindings = flow.bindings[name]
            return all(b.kind == "set" and b.value is not None and self.is_constant_collection(b.value, flow, depth + 1)
                       for b in bindings)
        values = self.values.get(name) or self._class_attribute(name, flow)
        if values:
            return all(v is not None and self.is_constant_collection(v, None, depth + 1) for v in values)
        return is_constant_name(name.rsplit(".", 1)[-1]) and (name.split(".")[0] in self.imports.aliases
                                                                or "." in name)

    def _class_attribute(self, name: str, flow: FunctionFlow | None) -> list | None:
        """The class-level values of ``self.handle_types``/``cls.x`` (the enclosing class's) or ``Class.x``."""
        owner, _, attr = name.partition(".")
        if owner in ("self", "cls") and flow is not None:
            owner = enclosing_class_name(flow, self) or ""
        if not attr or "." in attr or owner not in self.classes or any(
                isinstance(n, cst.AssignTarget) and isinstance(n.target, cst.Attribute) and n.target.attr.value == attr
                and dotted_name(n.target.value) in ("self", "cls") for n in descendants(self.classes[owner])):
            return None  # also set on the object (``self.handle_types = ...``): not the class's constant
        return self.class_values(owner).get(attr)


    def _constant_item(self, expr: cst.BaseExpression, flow: FunctionFlow | None, depth: int) -> bool:
        if self.constant_text(expr, flow, depth + 1) is not None:
            return True
        if isinstance(expr, (cst.Set, cst.Tuple, cst.List, cst.Dict)):
            return self.is_constant_collection(expr, flow, depth + 1)
        name = dotted_name(expr)
        if name is None:
            return False
        head = name.split(".")[0]
        return head in self.imports.aliases or head in self.classes or head in self.values


def _nested_statements(node: cst.CSTNode) -> Iterator[cst.CSTNode]:
    for block in (getattr(node, "body", None), getattr(node, "orelse", None)):
        if isinstance(block, cst.If):
            yield from _nested_statements(block)
        elif isinstance(block, cst.Else):
            yield from getattr(block.body, "body", ())
        elif block is not None:
            yield from getattr(block, "body", ())


# Upper-case attributes that hold request data, not constants (Django's request.GET, WSGI META).
REQUEST_DATA = frozenset({"GET", "POST", "FILES", "COOKIES", "META", "REQUEST", "DATA", "ENV", "ENVIRON", "HEADERS"})


def is_constant_name(name: str) -> bool:
    return len(name) > 1 and name.isupper() and any(c.isalpha() for c in name) and name not in REQUEST_DATA


ENUM_BASES = frozenset({"Enum", "IntEnum", "StrEnum", "TextChoices", "IntegerChoices", "Choices", "Flag", "IntFlag"})


def is_enum(node: cst.ClassDef) -> bool:
    return any((dotted_name(b.value) or "").rsplit(".", 1)[-1] in ENUM_BASES for b in node.bases)


def is_enum_class(qualified: str, models, depth: int = 0) -> bool:
    """Whether the project class ``qualified`` (found in the index's class registry ``models``)
    is an enumeration: one of its bases, followed through the project's classes, is an Enum."""
    fact = models.resolve(qualified) if models is not None and depth < 5 else None
    if fact is None:
        return False
    return any(base.rsplit(".", 1)[-1] in ENUM_BASES or is_enum_class(base, models, depth + 1)
               for base in fact.bases)


def enclosing_class_name(flow: FunctionFlow, module: ModuleConstants) -> str | None:
    for name, node in module.classes.items():
        if isinstance(node.body, cst.IndentedBlock) and any(s is flow.scope for s in node.body.body):
            return name
    return None


def fstring_text(node: cst.FormattedString, part: cst.FormattedStringText) -> str:
    prefix = node.prefix.lower().replace("f", "")
    text = part.value.replace("{{", "{").replace("}}", "}")
    if "r" in prefix or "\\" not in text:
        return text
    try:
        return ast.literal_eval(f'{prefix}"""{text}"""') if '"""' not in text else text
    except (SyntaxError, ValueError):
        return text


def callee_name(call: cst.Call) -> str:
    """The last name of what a call calls: ``execute`` for ``cursor.execute(...)``."""
    func = call.func
    if isinstance(func, cst.Attribute):
        return func.attr.value
    return func.value if isinstance(func, cst.Name) else ""


def _called_method(name: cst.Name, nodes: list[cst.CSTNode]) -> bool:
    """Whether ``name`` is the method name of an attribute (``upper`` in ``x.upper()``), not a value."""
    return any(isinstance(n, cst.Attribute) and n.attr is name for n in nodes)
