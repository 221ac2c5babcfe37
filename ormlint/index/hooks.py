"""Save/delete hooks of models: overridden methods, signal receivers, mapper events.

Extraction records, per file:

- ``save``/``delete``/``delete_instance`` methods of module-level classes (kind ``method``;
  the registry decides through inheritance which models they belong to). An override whose
  whole body is ``super().save(*args, **kwargs)`` adds no behaviour and is not recorded (one calling
  ``super(Base, self).save(...)`` or ``Base.save(self, ...)`` is: it passes over methods of its bases);
  any other body is (a ``pass`` or a ``raise`` changes what saving does, too);
- Django ``pre_save``/``post_save``/``pre_delete``/``post_delete`` receivers: ``@receiver``
  or ``signal.connect(fn, sender=...)`` anywhere (``AppConfig.ready()`` included); the
  sender as a class, an imported name, ``"app_label.Model"`` or ``apps.get_model(...)``;
  no sender: every model (kind ``signal``);
- SQLAlchemy mapper events through ``@event.listens_for``/``event.listen`` on a class, a
  base (``propagate=True``) or ``Mapper`` (every mapped class), and ``@validates``
  methods with the attributes they validate;
- ``playhouse.signals`` receivers (kind ``peewee_signal``) and Tortoise ``@pre_save(M)``...
  decorators or ``M.register_listener(Signals.x, fn)`` (kind ``tortoise_signal``).

Model references are stored qualified through the file's imports; :class:`HookRegistry`
resolves them against the model registry and answers :meth:`HookRegistry.hooks_for`.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, NamedTuple

import libcst as cst

from ormlint.index.effects import ensures, run_function
from ormlint.index.facts import ClassFact, HandlerFact, HookFact
from ormlint.orms import ORMS, spec_of
from ormlint.orms.django import DJANGO, DJANGO_EXTRAS
from ormlint.orms.migration_ops import module_assignments
from ormlint.orms.peewee import PEEWEE
from ormlint.orms.spec import any_matches
from ormlint.orms.sqlalchemy import SQLALCHEMY
from ormlint.orms.tortoise import TORTOISE, TORTOISE_EXTRAS
from ormlint.syntax.literals import class_attributes, class_methods, is_true, keyword
from ormlint.syntax.literals import string_value as _string
from ormlint.syntax.names import ImportTable, assigned_targets, by_dotted_suffix, dotted_name, dotted_suffixes
from ormlint.syntax.testcode import is_fixture, is_test_case
from ormlint.syntax.walk import child_statements, descendants
from ormlint.syntax.walk import statements as walk_statements

HINTS = ("class ", "receiver", "signals", ".connect(", "listen", "sender")  # text of files that may hold hooks

if TYPE_CHECKING:
    from ormlint.index.models import ModelRegistry

MODEL_METHODS = frozenset(method for spec in ORMS for method in spec.hooks.methods)
# The model methods that delete one object (Django delete(), Peewee delete_instance()).
DELETE_METHODS = frozenset(event for spec in ORMS for skipped in spec.hooks.skipped if skipped.operation == "delete"
                           for event in skipped.events if event in spec.hooks.methods)
# Overridden on a custom QuerySet/Manager, these decide themselves what a bulk call does.
QUERYSET_METHODS = frozenset(method for spec in ORMS for method in spec.hooks.queryset_methods)
MAPPER_EVENTS = frozenset(event for spec in ORMS for event in spec.hooks.events)
ALL_MODELS = "*"  # HookFact.model of a SQLAlchemy listener on Mapper: every mapped class
_SIGNALS = tuple((names, spec.hooks.signal_kind) for spec in ORMS for names in spec.hooks.signals)
_SIGNAL_KINDS = frozenset(kind for _, kind in _SIGNALS)
_PEEWEE_SIGNALS = PEEWEE.hooks.signals
_TORTOISE_SIGNALS = TORTOISE.hooks.signals
_VALIDATION = frozenset(method for spec in ORMS for method in spec.hooks.validation)
CUSTOM_VALIDATION = DJANGO.hooks.custom_validation  # the checks of the model's own that validation runs
_SENDS = ("send", "send_robust")  # sending a signal by hand runs its receivers
FALSY, SET = "falsy", "set"  # HookFact.function of an ``attribute`` fact
_FIELD_FAMILIES = {base: members for spec in ORMS for base, members in spec.hooks.field_families}
_PROPERTIES = ("property", "cached_property")
_SAVE_METHODS = frozenset(m for spec in ORMS for skipped in spec.hooks.skipped if skipped.operation == "save"
                          for m in skipped.events if m in spec.hooks.methods)
_FIELD_PATH = re.compile(r"[a-z_][a-z0-9_]*(__[a-z0-9_]+)*")  # a field named in an expression: ``name__unaccent``
_META_FIELDS = ("self._meta.fields", "self._meta.get_fields", "self._meta.concrete_fields")


def _arg(call: cst.Call, position: int | None, keyword: str) -> cst.BaseExpression | None:
    """An argument given by keyword, or at ``position`` among the positional ones."""
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == keyword:
            return arg.value
    positional = [a.value for a in call.args if a.keyword is None and not a.star]
    if position is not None and position < len(positional):
        return positional[position]
    return None


def _body(node: cst.FunctionDef | cst.ClassDef | cst.If) -> list[cst.BaseStatement | cst.BaseSmallStatement]:
    if isinstance(node.body, cst.IndentedBlock):
        return list(node.body.body)
    return list(node.body.body)


def is_pass_through_override(func: cst.FunctionDef) -> bool:
    """The body only hands its own arguments to the parent's method of the same name; a model's save() or
    delete() perhaps sets an option to a literal first (``kwargs["soft"] = False``: what the parent does is the
    parent's; a queryset's ``update(**kwargs)`` gets the values it writes so)."""
    statements = _body(func)
    small: list[cst.BaseSmallStatement] = []
    for stmt in statements:
        if not isinstance(stmt, cst.SimpleStatementLine):
            return False
        small.extend(stmt.body)
    if small and isinstance(small[0], cst.Expr) and _string(small[0].value) is not None:
        small = small[1:]  # docstring
    small = [s for s in small if not (_logs(s) or _sets_keyword_argument(s, func))]
    return not func.decorators and _parent_call(small, func) is not None


def _sets_keyword_argument(small: cst.BaseSmallStatement, func: cst.FunctionDef) -> bool:
    """``kwargs["soft"] = False`` / ``kwargs.setdefault("soft", False)`` of a save()'s or delete()'s ``**kwargs``."""
    star = func.params.star_kwarg
    if not isinstance(star, cst.Param) or func.name.value in QUERYSET_METHODS - MODEL_METHODS:
        return False
    if isinstance(small, cst.Assign) and len(small.targets) == 1:
        target = small.targets[0].target
        return (isinstance(target, cst.Subscript) and dotted_name(target.value) == star.name.value
                and len(target.slice) == 1 and isinstance(target.slice[0].slice, cst.Index)
                and _string(target.slice[0].slice.value) is not None and _constant(small.value) is not None)
    call = small.value if isinstance(small, cst.Expr) else None
    return (isinstance(call, cst.Call) and dotted_name(call.func) == f"{star.name.value}.setdefault"
            and len(call.args) == 2 and _string(call.args[0].value) is not None
            and _constant(call.args[1].value) is not None)


_LOG_METHODS = frozenset({"debug", "info", "warning", "warn", "error", "exception", "critical", "log"})


def _logs(small: cst.BaseSmallStatement) -> bool:
    """``logger.debug(...)``, ``logging.info(...)``, ``self.log.warning(...)``: a line of the log, no behaviour."""
    call = small.value if isinstance(small, cst.Expr) else None
    if not (isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute)
            and call.func.attr.value in _LOG_METHODS):
        return False
    receiver = (dotted_name(call.func.value) or "").rsplit(".", 1)[-1].lower().lstrip("_")
    return receiver in ("logging", "log") or receiver.endswith("logger")


_METRIC_METHODS = frozenset({"inc", "dec", "incr", "decr", "increment", "decrement", "observe"})


def _counts(small: cst.BaseSmallStatement) -> bool:
    """``model_save_count.labels(model=sender.__name__).inc()``, ``statsd.incr("saves")``: a metric, no behaviour."""
    call = small.value if isinstance(small, cst.Expr) else None
    return isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute) \
        and call.func.attr.value in _METRIC_METHODS


def only_observes(func: cst.FunctionDef) -> bool:
    """A receiver whose whole body counts or logs the save (a Prometheus counter per model): a bulk write
    skips no behaviour of it."""
    statements = [s for s in _statements(func) if not isinstance(s, (cst.Import, cst.ImportFrom))]
    return bool(statements) and all(_counts(s) or _logs(s) for s in statements)


def _only_logs(block: cst.If) -> bool:
    """A block whose every statement is a line of the log (see :func:`_logs`)."""
    lines = _body(block)
    return bool(lines) and all(isinstance(line, cst.SimpleStatementLine) and all(_logs(s) for s in line.body)
                               for line in lines)


def _parent_call(small: list[cst.BaseSmallStatement], func: cst.FunctionDef) -> cst.Call | None:
    """The call when the statements are one call (or ``return`` of one) of the parent's method of the same
    name that hands on the function's own arguments (see :func:`_passes_arguments`)."""
    if len(small) != 1 or not isinstance(small[0], (cst.Expr, cst.Return)):
        return None
    value = small[0].value
    if isinstance(value, cst.Await):
        value = value.expression
    if not (isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute)
            and value.func.attr.value == func.name.value):
        return None
    return value if _passes_arguments(value, func) else None


def _passes_arguments(call: cst.Call, func: cst.FunctionDef) -> bool:
    """The call of the parent's method (``super().m(...)``, ``Model.m(self, ...)``) hands on the function's
    own parameters, each under its own name."""
    params = {p.name.value for p in (*func.params.params, *func.params.posonly_params, *func.params.kwonly_params)}
    for star in (func.params.star_arg, func.params.star_kwarg):
        if isinstance(star, cst.Param):
            params.add(star.name.value)
    owner = call.func.value  # type: ignore[attr-defined]
    args = list(call.args)
    if isinstance(owner, cst.Call) and dotted_name(owner.func) == "super":
        pass
    elif dotted_name(owner) is not None and args and dotted_name(args[0].value) == "self":
        args = args[1:]  # models.Model.save(self, ...)
    else:
        return False
    return all(
        isinstance(a.value, cst.Name) and a.value.value in params
        and (a.keyword is None or a.keyword.value == a.value.value)
        for a in args
    )


def _names(node: cst.CSTNode) -> Iterator[cst.Name]:
    if isinstance(node, cst.Name):
        yield node
    elif isinstance(node, cst.Attribute):
        yield from _names(node.value)
    else:
        for child in node.children:
            yield from _names(child)


def _binds_argument(stmt: cst.CSTNode, arguments: set[str]) -> bool:
    """``instance = kwargs["instance"]`` / ``obj = kwargs.get("instance")``: a local name bound from
    the receiver's arguments, calling nothing else."""
    if not (isinstance(stmt, cst.Assign) and all(isinstance(t.target, cst.Name) for t in stmt.targets)):
        return False
    calls = [n for n in (stmt.value, *descendants(stmt.value)) if isinstance(n, cst.Call)]
    return {n.value for n in _names(stmt.value)} <= arguments and all(
        isinstance(c.func, cst.Attribute) and c.func.attr.value == "get" for c in calls)


def _binds_decision(stmt: cst.CSTNode, watched: set[str]) -> bool:
    """``ok = should_record(sender, instance)``: a local name bound from a call handed the sender or the
    instance, which decides something about the object (what a guard on it admits is not written here)."""
    if not (isinstance(stmt, cst.Assign) and all(isinstance(t.target, cst.Name) for t in stmt.targets)):
        return False
    value = stmt.value.expression if isinstance(stmt.value, cst.Await) else stmt.value
    return isinstance(value, cst.Call) and any(isinstance(a.value, cst.Name) and a.value.value in watched
                                               for a in value.args)


def _looks_up(stmt: cst.CSTNode) -> bool:
    """``action = registry.get_action(ACTION_ID)``: a local name bound by lookups only (every call named
    ``get...``, ``getattr`` too), which change nothing."""
    if not (isinstance(stmt, cst.Assign) and all(isinstance(t.target, cst.Name) for t in stmt.targets)):
        return False
    calls = [n for n in (stmt.value, *descendants(stmt.value)) if isinstance(n, cst.Call)]
    return bool(calls) and all((dotted_name(c.func) or "").rsplit(".", 1)[-1].startswith("get") for c in calls)


def _ends_in_return(stmt: cst.If) -> bool:
    body = _statements(stmt)
    return bool(body) and isinstance(body[-1], cst.Return)


def _returns_only(stmt: cst.If) -> bool:
    body = _statements(stmt)
    return len(body) == 1 and isinstance(body[0], cst.Return)


def _is_not_in(test: cst.BaseExpression) -> bool:
    """``sender not in (...)`` / ``sender is not M`` / ``sender != M``: a negated membership test."""
    return (isinstance(test, cst.Comparison) and len(test.comparisons) == 1
            and isinstance(test.comparisons[0].operator, (cst.NotIn, cst.IsNot, cst.NotEqual)))


_KEYS = ("self.pk", "self.id")
NEW, EXISTING = "new", "existing"
# transaction.atomic(): a block of the same logic, in one transaction
_ATOMIC_BLOCKS = frozenset(name for form in DJANGO.transactions if form.api for name in form.api.names)
STAMP = "stamp"  # in a row test's aliases: ``self.created`` of an ``auto_now_add`` field, None until the first save
_EMPTY = cst.Module(body=[])  # spells an expression as source


def _row_test(test: cst.BaseExpression, aliases: dict[str, str] | None = None, owner: str = "self") -> str | None:
    """``new`` for a test that holds exactly for an unsaved row (``not self.pk``, ``self.pk is None``,
    ``self._state.adding``, or a local bound to one of these: ``aliases``), ``existing`` for its negation,
    else None; ``owner``: the object tested (``instance`` in a receiver)."""
    keys = tuple(key.replace("self", owner, 1) for key in _KEYS) + tuple(
        name for name, rows in (aliases or {}).items() if rows == STAMP and owner == "self")
    if isinstance(test, cst.Name) and aliases and test.value in aliases:
        return aliases[test.value]
    if isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not):
        inner = _row_test(test.expression, aliases, owner)
        return {NEW: EXISTING, EXISTING: NEW}.get(inner or "")
    if isinstance(test, cst.Comparison) and len(test.comparisons) == 1:
        comparison = test.comparisons[0]
        if dotted_name(test.left) in keys and dotted_name(comparison.comparator) == "None":
            return {cst.Is: NEW, cst.IsNot: EXISTING}.get(type(comparison.operator))
        return None
    dotted = dotted_name(test)
    if dotted == f"{owner}._state.adding":
        return NEW
    return EXISTING if dotted in keys else None


def _holds_only_for(test: cst.BaseExpression, rows: str, aliases: dict[str, str] | None = None) -> bool:
    """The test is true for ``rows`` rows only (it may be false for some of them): ``new and ...``."""
    if isinstance(test, cst.BooleanOperation) and isinstance(test.operator, cst.And):
        return _holds_only_for(test.left, rows, aliases) or _holds_only_for(test.right, rows, aliases)
    return _row_test(test, aliases) == rows


def _row_alias(stmt: cst.CSTNode, aliases: dict[str, str] | None = None) -> tuple[str, str] | None:
    """``adding = self._state.adding``: the local and which rows it holds for (see :func:`_row_test`)."""
    small = stmt.body[0] if isinstance(stmt, cst.SimpleStatementLine) and len(stmt.body) == 1 else None
    if isinstance(small, cst.Assign) and len(small.targets) == 1 and isinstance(small.targets[0].target, cst.Name):
        rows = _row_test(small.value, aliases)
        return (small.targets[0].target.value, rows) if rows is not None else None
    return None


def _holds_for_all(test: cst.BaseExpression, rows: str) -> bool:
    """The test is true for every one of ``rows`` rows (maybe others too): ``new or ...``."""
    if isinstance(test, cst.BooleanOperation) and isinstance(test.operator, cst.Or):
        return _holds_for_all(test.left, rows) or _holds_for_all(test.right, rows)
    return _row_test(test) == rows


def _is_bookkeeping(stmt: cst.CSTNode) -> bool:
    """A docstring, an import, or a local name assigned from something other than ``self``: no behaviour of its
    own."""
    if isinstance(stmt, cst.Expr) and _string(stmt.value) is not None or isinstance(stmt, (cst.Import, cst.ImportFrom)):
        return True
    return (isinstance(stmt, cst.Assign) and all(isinstance(t.target, cst.Name) for t in stmt.targets)
            and "self" not in {n.value for n in _names(stmt.value)})


def _parent_guard(stmt: cst.CSTNode, name: str) -> cst.BaseExpression | None:
    """The test of ``if T: return super().save(...)``: the rows for which save() adds nothing."""
    if not (isinstance(stmt, cst.If) and stmt.orelse is None and _returns_only(stmt)):
        return None
    line = _body(stmt)[0]
    value = line.body[0].value if isinstance(line, cst.SimpleStatementLine) else None
    return stmt.test if _is_parent_call(value, name) else None


def _self_value(test: cst.BaseExpression) -> str | None:
    """The attribute of ``self`` a truth test reads: ``self.slug`` → ``slug``,
    ``getattr(self, self.code_property, None)`` → ``self.code_property``."""
    if isinstance(test, cst.Attribute) and isinstance(test.value, cst.Name) and test.value.value == "self":
        return test.attr.value
    if (isinstance(test, cst.Call) and dotted_name(test.func) == "getattr" and len(test.args) >= 2
            and dotted_name(test.args[0].value) == "self"):
        return _EMPTY.code_for_node(test.args[1].value)
    return None


def _assigned_to_self(nodes: Iterable[cst.CSTNode]) -> set[str]:
    """Attributes of ``self`` the code sets (``self.slug = ...``, ``setattr(self, name, ...)``), in the
    keys of :func:`_self_value`."""
    found: set[str] = set()
    for root in nodes:
        for node in (root, *descendants(root)):
            if isinstance(node, cst.AssignTarget):
                found.add(_self_value(node.target) or "")
            elif isinstance(node, cst.Call) and dotted_name(node.func) == "setattr" and len(node.args) >= 2 \
                    and dotted_name(node.args[0].value) == "self":
                found.add(_EMPTY.code_for_node(node.args[1].value))
    return found - {""}


def _fills_missing(test: cst.BaseExpression, rest: list[cst.CSTNode], methods: dict[str, cst.FunctionDef]) -> bool:
    """``if self.code: return super().save(...)`` followed by code that sets ``self.code`` (itself or
    through a method of the class it calls): the logic fills a value rows get when they are created."""
    attribute = _self_value(test)
    if attribute is None:
        return False
    called = {n.func.attr.value for root in rest for n in descendants(root) if isinstance(n, cst.Call)
              and isinstance(n.func, cst.Attribute) and dotted_name(n.func.value) == "self"}
    return attribute in _assigned_to_self([*rest, *(methods[m] for m in called if m in methods)])


def _missing(test: cst.BaseExpression) -> cst.BaseExpression | None:
    """``self.slug`` of a test that holds when it lacks a value: ``not self.slug``, ``self.slug is None``."""
    if isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not):
        return test.expression
    if isinstance(test, cst.Comparison) and len(test.comparisons) == 1 and isinstance(
            test.comparisons[0].operator, cst.Is) and dotted_name(test.comparisons[0].comparator) == "None":
        return test.left
    return None


def _fills_when_missing(stmt: cst.If, methods: dict[str, cst.FunctionDef], name: str) -> bool:
    """``if not self.slug: self.slug = slugify(self.name)``: a block for rows still lacking a value; also
    ``if self.order is None: self._assign_order() else: super().save()``, whose other branch only runs the
    parent's method ``name``."""
    missing = _missing(stmt.test)
    if missing is None or not (stmt.orelse is None or isinstance(stmt.orelse, cst.Else)
                               and _only_hands_on(_body(stmt.orelse), name)):
        return False
    return _fills_missing(missing, [stmt.body], methods)


def _fills_by_or(small: cst.CSTNode) -> bool:
    """``self.uid = self.uid or new_uid()``: the attribute keeps its value, and gets one only when it lacks it."""
    if not (isinstance(small, cst.Assign) and len(small.targets) == 1):
        return False
    attribute = _self_value(small.targets[0].target) if isinstance(small.targets[0].target, cst.Attribute) else None
    value = small.value
    return attribute is not None and isinstance(value, cst.BooleanOperation) and isinstance(value.operator, cst.Or) \
        and _self_value(_leftmost(value)) == attribute


def _leftmost(value: cst.BaseExpression) -> cst.BaseExpression:
    """``a`` of ``a or b or c``."""
    while isinstance(value, cst.BooleanOperation):
        value = value.left
    return value


def _only_hands_on(statements, name: str) -> bool:
    """Statements that only run the parent's method ``name`` (``super().save(*args, **kwargs)``)."""
    return all(isinstance(s, cst.SimpleStatementLine) and all(
        isinstance(small, (cst.Expr, cst.Return)) and _is_parent_call(small.value, name) for small in s.body)
        for s in statements)


def acts_on(func: cst.FunctionDef, methods: dict[str, cst.FunctionDef] | None = None,
            stamps: tuple[str, ...] = ()) -> str | None:
    """Which rows a save() override's own behaviour is for: ``new`` (all of it under ``if not self.pk:``
    blocks, also in a method of the class it calls, after ``if self.pk: return super().save(...)``, or after ``if
    self.code: return super().save(...)`` when the rest fills ``self.code``), ``existing`` (after ``if
    self._state.adding: return super().save(...)``), or None (every row). ``methods``: the class's; ``stamps``: its
    ``auto_now_add`` fields, None until the first save (``create_action = self.created is None``). The body of a
    ``with transaction.atomic():`` block counts as the method's own."""
    guarded = False
    body = _unwrapped(_body(func))
    aliases: dict[str, str] = {f"self.{stamp}": STAMP for stamp in stamps}
    for index, stmt in enumerate(body):
        small = stmt.body if isinstance(stmt, cst.SimpleStatementLine) else [stmt]
        if (alias := _row_alias(stmt, aliases)) is not None:
            aliases[alias[0]] = alias[1]  # adding = self._state.adding
        elif isinstance(stmt, cst.If) and (stmt.orelse is None and _holds_only_for(stmt.test, NEW, aliases)
                                           or _fills_when_missing(stmt, methods or {}, func.name.value)):
            guarded = True
        elif small and all(_fills_by_or(s) for s in small):
            guarded = True  # self.uid = self.uid or new_uid(): the same as ``if not self.uid: ...``
        elif len(small) == 1 and isinstance(small[0], cst.Expr) and methods \
                and (helper := methods.get(_self_call(small[0].value) or "")) is not None and helper is not func \
                and acts_on(helper) == NEW:
            guarded = True  # self._ensure_content_type_is_set(), all of it under ``if not self.id:``
        elif (test := _parent_guard(stmt, func.name.value)) is not None:
            for rows in (NEW, EXISTING):
                if _holds_for_all(test, rows):  # those rows return at once: the rest is for the others
                    return EXISTING if rows == NEW else NEW
            return NEW if _fills_missing(test, body[index + 1:], methods or {}) else None
        elif all(isinstance(s, (cst.Expr, cst.Return)) and _is_parent_call(s.value, func.name.value)
                 or _is_bookkeeping(s) for s in small):
            continue
        else:
            return None
    return NEW if guarded else None


def _unwrapped(body: list) -> list:
    """``body`` with the statements of its ``with ....atomic(...):`` blocks in their place: one transaction around
    the same logic."""
    out: list = []
    for stmt in body:
        if isinstance(stmt, cst.With) and all(isinstance(i.item, cst.Call) and (dotted_name(i.item.func) or "").rsplit(
                ".", 1)[-1] in _ATOMIC_BLOCKS for i in stmt.items):
            out.extend(_unwrapped(_body(stmt)))
        else:
            out.append(stmt)
    return out


def creation_stamps(cls: cst.ClassDef) -> tuple[str, ...]:
    """The class's fields set once, when the row is created (``created = models.DateTimeField(auto_now_add=True)``)."""
    return tuple(name for name, value in class_attributes(cls).items()
                 if isinstance(value, cst.Call) and is_true(keyword(value, DJANGO_EXTRAS.creation_stamp)))


def watched_changes(func: cst.FunctionDef) -> tuple[str, ...] | None:
    """The attributes a save() override acts on changes of: all its logic, besides the parent's method and
    bookkeeping, runs under a test that one of them differs from the stored row it fetches
    (``orig = Agent.objects.get(pk=self.pk)``; ``site_changed = self.site_id != orig.site_id``; ``if
    site_changed: ...``) or that a django-model-utils tracker saw it change (``self.tracker.has_changed("site")``).
    A write of existing rows that sets none of them leaves them as stored: the override would do nothing for
    those rows. None for any other override."""
    watched: set[str] = set()
    if not _guarded_by_changes(_body(func), func.name.value, {}, set(), watched):
        return None
    return tuple(sorted(watched)) or None


def existing_row_reading(func: cst.FunctionDef, methods: Mapping[str, cst.FunctionDef] | None = None) \
        -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]] | None:
    """What a save() override reads and sets of ``self`` when it saves a row that exists: its blocks for new
    rows (``if adding:``, ``if not self.pk:``) never run then, those for existing rows (``if not adding:``)
    always do; a block acting only when some attributes changed (``if self.has_changed("public"):``, ``if
    adding or self.hidden != self._hidden_orig:``, ``if self.has_changed("status") and self.status ==
    self.DONE:``) depends on those alone, and so does a refusal on what its test reads (``if self.is_active
    and not self._loaded["is_active"]: raise ...``, :func:`_refused_by`); the rest must only derive
    attributes (:func:`touched_attributes`). A write of existing rows setting none of them leaves the override
    nothing to do. With what it touches, the conditions on the new values of attributes only such blocks ask
    about (``HookFact.when``). None for any other override."""
    aliases: dict[str, str] = {}
    changes: dict[str, set[str]] = {}
    stored: set[str] = set()
    watched: set[str] = set()
    conditions: dict[str, set[str] | None] = {}  # attribute -> what its gates ask of its new value (None: nothing)
    rest: list[cst.CSTNode] = []
    for_new = False
    pending: list[cst.CSTNode] = list(_body(func))
    while pending:
        stmt = pending.pop(0)
        small = stmt.body[0] if isinstance(stmt, cst.SimpleStatementLine) and len(stmt.body) == 1 else None
        if (alias := _row_alias(stmt)) is not None:
            aliases[alias[0]] = alias[1]  # adding = self._state.adding
            continue
        if isinstance(small, cst.Assign) and len(small.targets) == 1 and isinstance(small.targets[0].target, cst.Name):
            _notes_change(small.targets[0].target.value, small.value, changes, stored)
        if isinstance(stmt, cst.If):
            if _holds_only_for(stmt.test, NEW, aliases):  # for new rows; an ``else``/``elif`` for the others
                for_new = True
                pending[:0] = _body(stmt.orelse) if isinstance(stmt.orelse, cst.Else) else (
                    [stmt.orelse] if stmt.orelse is not None else [])
                continue
            if stmt.orelse is None and _row_test(stmt.test, aliases) == EXISTING:
                pending[:0] = _body(stmt)  # ``if not adding:``: what it does for existing rows
                continue
            attributes = _changed_for_existing(stmt.test, changes, stored, aliases) if stmt.orelse is None else None
            if attributes or (attributes := _refused_by(stmt)):
                watched |= attributes
                _note_conditions(conditions, _value_conditions(stmt.test, attributes), attributes)
                continue
        rest.append(stmt)
    found: set[str] = set()
    try:
        _derived(rest, "self", _Scope.of(func, methods), found)
    except _Escapes:
        return None
    touched = found | watched
    if for_new and all(name.startswith("_") for name in touched):
        return None  # new rows get what its blocks for them do: more than what an object keeps in memory
    when = tuple(sorted((attribute, condition) for attribute, asked in conditions.items()
                        if asked and attribute not in found for condition in asked))
    return tuple(sorted(touched)), when


def _note_conditions(conditions: dict[str, set[str] | None], asked: dict[str, str], attributes: set[str]) -> None:
    """Adds what a gate asks of the new values of ``attributes`` to ``conditions`` (None: it asks nothing of one,
    so any value of it counts)."""
    for attribute in attributes:
        known = conditions.get(attribute, set())
        conditions[attribute] = None if known is None or attribute not in asked else known | {asked[attribute]}


def _refused_by(block: cst.If) -> set[str] | None:
    """The attributes of ``self`` a refusal's test reads: a block (no ``else``) that only logs, binds locals and
    raises (``if self.is_active and not self._loaded["is_active"]: raise ValueError(...)``). A row keeping
    what it stored passed it; a write setting them may get past it. None for any other block."""
    lines = _body(block)
    if block.orelse is not None or not lines or not isinstance(lines[-1], cst.SimpleStatementLine) \
            or not isinstance(lines[-1].body[-1], cst.Raise):
        return None
    found: set[str] = set()
    try:
        for line in lines:
            if not isinstance(line, cst.SimpleStatementLine):
                return None
            for small in line.body:
                if isinstance(small, cst.Raise) and small.exc is not None or isinstance(small, cst.Assign) and all(
                        isinstance(t.target, cst.Name) for t in small.targets):
                    _attributes_used(small.exc if isinstance(small, cst.Raise) else small.value, "self", set())
                elif not _logs(small):
                    return None
        _attributes_used(block.test, "self", found)
    except _Escapes:
        return None
    return found or None


def _value_conditions(test: cst.BaseExpression, changed: set[str]) -> dict[str, str]:
    """What a change gate's other terms ask of the new value of a changed attribute: ``self.done`` (truthy),
    ``not self.done`` (falsy), ``self.status == self.DONE`` / ``!=``, ``self.status in (A, B)``, for an
    attribute asked once in a conjunction (see :func:`value_fails`)."""
    terms: list[cst.BaseExpression] = []
    pending = [test]
    while pending:
        node = pending.pop()
        if isinstance(node, cst.BooleanOperation) and isinstance(node.operator, cst.And):
            pending += [node.left, node.right]
        else:
            terms.append(node)
    asked: dict[str, list[str]] = {}
    for term in terms:
        negated = isinstance(term, cst.UnaryOperation) and isinstance(term.operator, cst.Not)
        inner = term.expression if negated else term
        if (attribute := _self_value(inner)) in changed:
            asked.setdefault(attribute, []).append("falsy" if negated else "truthy")
        elif isinstance(term, cst.Comparison) and len(term.comparisons) == 1 and (
                attribute := _self_value(term.left)) in changed:
            operator, comparator = term.comparisons[0].operator, term.comparisons[0].comparator
            spelled = [_constant(e.value) for e in comparator.elements] if isinstance(
                comparator, (cst.Tuple, cst.List, cst.Set)) else [_constant(comparator)]
            if None in spelled:
                continue
            if isinstance(operator, cst.Equal) and len(spelled) == 1:
                asked.setdefault(attribute, []).append(f"== {spelled[0]}")
            elif isinstance(operator, cst.NotEqual) and len(spelled) == 1:
                asked.setdefault(attribute, []).append(f"!= {spelled[0]}")
            elif isinstance(operator, cst.In) and isinstance(comparator, (cst.Tuple, cst.List, cst.Set)):
                asked.setdefault(attribute, []).append("in " + "|".join(spelled))  # type: ignore[arg-type]
    return {attribute: found[0] for attribute, found in asked.items() if len(found) == 1}


def _constant(value: cst.BaseExpression) -> str | None:
    """A value the code names for good: a literal (``"done"``, ``3``, ``True``, ``None``) or a constant by its
    last name (``Job.SUCCESS``, ``self.DONE``, ``Status.DONE``: upper case)."""
    if isinstance(value, (cst.SimpleString, cst.Integer)):
        return _EMPTY.code_for_node(value)
    dotted = dotted_name(value) or ""
    last = dotted.rsplit(".", 1)[-1]
    if dotted in ("True", "False", "None") or (last.isupper() and len(last) > 1):
        return last
    return None


def value_fails(condition: str, value: cst.BaseExpression) -> bool:
    """Whether a value a write sets certainly fails a ``HookFact.when`` condition (distinct constants'
    names are taken for distinct values)."""
    spelled = _constant(value)
    if spelled is None:
        return False
    if condition in ("truthy", "falsy"):
        falsy = spelled in ("False", "None", "0", '""', "''")
        return _is_literal(spelled) and (falsy if condition == "truthy" else not falsy)
    operator, _, expected = condition.partition(" ")
    options = expected.split("|")
    if any(_is_literal(option) != _is_literal(spelled) for option in options):
        return False  # a literal against a constant's name (``"done"`` and ``Job.DONE``): which it is is not written here
    if operator == "==":
        return spelled != expected
    if operator == "!=":
        return spelled == expected
    return spelled not in options


def _is_literal(spelled: str) -> bool:
    """A literal as :func:`_constant` spells it (``"done"``, ``b"x"``, ``3``, ``True``), not a constant's name."""
    return not spelled.isidentifier() or spelled in ("True", "False", "None")


def _changed_for_existing(test: cst.BaseExpression, changes: dict[str, set[str]], stored: set[str],
                          aliases: dict[str, str]) -> set[str] | None:
    """The attributes a test of an existing row requires to have changed (see :func:`_change_test`): one
    side of ``and`` suffices, a side of ``or`` that holds only for new rows (``adding or ...``) is false."""
    if isinstance(test, cst.BooleanOperation) and isinstance(test.operator, cst.And):
        left = _changed_for_existing(test.left, changes, stored, aliases)
        right = _changed_for_existing(test.right, changes, stored, aliases)
        return (left or set()) | (right or set()) or None
    if isinstance(test, cst.BooleanOperation) and isinstance(test.operator, cst.Or):
        sides = [side for side in (test.left, test.right) if not _holds_only_for(side, NEW, aliases)]
        asked = [_changed_for_existing(side, changes, stored, aliases) for side in sides]
        return set().union(*asked) if asked and all(asked) else None
    return _change_test(test, changes, stored)


def _guarded_by_changes(statements, name: str, changes: dict[str, set[str]], stored: set[str],
                        watched: set[str]) -> bool:
    """:func:`watched_changes` for a block: ``changes`` maps local names to the attributes whose change they
    hold, ``stored`` the names bound to the stored row; what the guards test is added to ``watched``."""
    for stmt in statements:
        if isinstance(stmt, cst.If):
            attributes = _change_test(stmt.test, changes, stored)
            if attributes and stmt.orelse is None:
                watched |= attributes
            elif attributes is not None or not _guarded_by_changes(_body(stmt), name, changes, stored, watched) \
                    or stmt.orelse is not None and not (isinstance(stmt.orelse, cst.Else) and _guarded_by_changes(
                        _body(stmt.orelse), name, changes, stored, watched)):
                return False
            continue
        if not isinstance(stmt, cst.SimpleStatementLine):
            return False
        for small in stmt.body:
            if isinstance(small, (cst.Expr, cst.Return)) and (_is_parent_call(small.value, name)
                                                              or _string(small.value) is not None):
                continue
            target = small.targets[0].target if isinstance(small, cst.Assign) and len(small.targets) == 1 else None
            if isinstance(target, cst.Attribute) and dotted_name(target.value) == "self" \
                    and target.attr.value.startswith("_"):
                continue  # a flag the object keeps in memory (``self._processing = True``)
            if not isinstance(target, cst.Name):
                return False
            if not _notes_change(target.value, small.value, changes, stored) \
                    and "self" in {n.value for n in _names(small.value)}:
                return False
    return True


def _notes_change(name: str, value: cst.BaseExpression, changes: dict[str, set[str]], stored: set[str]) -> bool:
    """Records a local a change test reads: ``site_changed = self.site_id != orig.site_id`` (in ``changes``, the
    attributes whose change it holds) or ``orig = Agent.objects.get(pk=self.pk)`` (in ``stored``, the row as
    stored); False for any other value."""
    if attributes := _change_test(value, changes, stored):
        changes[name] = attributes
        return True
    if _fetches_stored_row(value):
        stored.add(name)
        return True
    return False


def _change_test(test: cst.BaseExpression, changes: dict[str, set[str]], stored: set[str]) -> set[str] | None:
    """The attributes whose change ``test`` asks about (``self.a != orig.a``, ``a_changed or b_changed``,
    ``self.tracker.has_changed("a")``); None when it asks something else."""
    if isinstance(test, cst.Name):
        return changes.get(test.value)
    if isinstance(test, cst.BooleanOperation):
        left, right = _change_test(test.left, changes, stored), _change_test(test.right, changes, stored)
        return None if left is None or right is None else left | right
    if isinstance(test, cst.Call) and isinstance(test.func, cst.Attribute) and test.func.attr.value == "has_changed" \
            and (dotted_name(test.func.value) or "").split(".")[0] == "self" \
            and len(test.args) == 1 and _string(test.args[0].value):
        return {_string(test.args[0].value)}  # self.tracker.has_changed("a"), a model mixin's self.has_changed("a")
    if isinstance(test, cst.Comparison) and len(test.comparisons) == 1 and isinstance(
            test.comparisons[0].operator, cst.NotEqual):
        sides = (test.left, test.comparisons[0].comparator)
        attrs = {side.attr.value for side in sides if isinstance(side, cst.Attribute)}
        owners = sorted(dotted_name(side.value) or "" for side in sides if isinstance(side, cst.Attribute))
        if len(attrs) == 1 and len(owners) == 2 and "self" in owners and (set(owners) - {"self"}) <= stored:
            return attrs
        if len(attrs) == 2 and owners == ["self", "self"]:  # self.hidden != self._hidden_orig: a copy kept at load
            public = sorted(attrs, key=lambda a: a.startswith("_"))
            if not public[0].startswith("_") and public[1].startswith("_") and public[0] in public[1]:
                return {public[0]}
    return None


_ROW_LOOKUPS = DJANGO.query.conditions | DJANGO.query.single  # filter(pk=self.pk), get(pk=self.pk)


def _fetches_stored_row(value: cst.BaseExpression) -> bool:
    """``Agent.objects.get(pk=self.pk)``, ``type(self).objects.filter(id=self.id).first()``: this object's row
    as the database holds it."""
    while isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute):
        if value.func.attr.value in _ROW_LOOKUPS and any(
                a.keyword is not None and a.keyword.value in ("pk", "id") and dotted_name(a.value) in (
                    "self.pk", "self.id") for a in value.args):
            return True
        if value.func.attr.value not in _ROW_LOOKUPS | DJANGO.query.chain:
            return False
        value = value.func.value
    return False


def filled_attributes(func: cst.FunctionDef, methods: dict[str, cst.FunctionDef]) -> tuple[str, ...]:
    """``code`` and ``slug`` for a save() whose whole logic is ``if not self.code: self.code = ...``
    blocks and the parent's method: an object built with those attributes set goes through it unchanged."""
    filled: list[str] = []
    for stmt in _body(func):
        small = stmt.body if isinstance(stmt, cst.SimpleStatementLine) else [stmt]
        if isinstance(stmt, cst.If) and _fills_when_missing(stmt, methods, func.name.value):
            filled.append(_self_value(_missing(stmt.test)) or "")  # type: ignore[arg-type]
        elif not all(isinstance(s, (cst.Expr, cst.Return)) and _is_parent_call(s.value, func.name.value)
                     or _is_bookkeeping(s) for s in small):
            return ()
    return tuple(filled) if all(filled) else ()


# builtins that build a new container, and the methods of the mutable ones (reads, or changes of the container)
_CONTAINER_TYPES = frozenset({"dict", "list", "set", "tuple", "sorted"})
_CONTAINER_METHODS = frozenset(m for kind in (dict, list, set) for m in dir(kind) if not m.startswith("_"))
_LITERALS = (cst.List, cst.Dict, cst.Set, cst.Tuple, cst.ListComp, cst.DictComp, cst.SetComp)


class _Scope(NamedTuple):
    """A hook method's name and its local containers: names bound only to a new container (a literal, a
    comprehension, ``dict(self.config)``), to its own ``**kwargs`` or to one of them with a container default
    (``kwargs.get("update_fields", [])``). Filling those changes no object but what the method hands on.
    ``siblings``: the methods of a save() override's class, whose helpers (``self._set_title()``) are read
    as part of it; ``following``: the helpers being read (each once)."""

    method: str
    containers: frozenset[str]
    siblings: Mapping[str, cst.FunctionDef] = {}
    following: frozenset[str] = frozenset()

    def helper(self, value: cst.BaseExpression | None, obj: str) -> _Scope | None:
        """The scope of the class's own helper ``self._set_title()`` calls, when ``obj`` is ``self`` and the
        helper is not already being read."""
        if not (obj == "self" and _called_on(value, obj)):
            return None
        name = value.func.attr.value  # type: ignore[union-attr]
        callee = self.siblings.get(name)
        if callee is None or name in self.following or name == self.method or callee.decorators:
            return None
        return _Scope.of(callee, self.siblings, self.following | {self.method})

    def inherited(self, value: cst.BaseExpression | None, obj: str) -> str | None:
        """``set_content_model`` of ``self.set_content_model()`` in a save() override whose class does not
        define it (a base of another module does): the index resolves it on the model's lineage."""
        if not (self.siblings and obj == "self" and _called_on(value, obj)):
            return None
        name = value.func.attr.value  # type: ignore[union-attr]
        return name if name not in self.siblings and name not in MODEL_METHODS else None

    @classmethod
    def of(cls, func: cst.FunctionDef, siblings: Mapping[str, cst.FunctionDef] | None = None,
           following: frozenset[str] = frozenset()) -> _Scope:
        star = func.params.star_kwarg
        kwargs = star.name.value if isinstance(star, cst.Param) else None

        def fresh(value: cst.BaseExpression) -> bool:
            if isinstance(value, _LITERALS):
                return True
            if not isinstance(value, cst.Call):
                return False
            if dotted_name(value.func) in _CONTAINER_TYPES:
                return True
            default = value.args[1].value if len(value.args) > 1 else None
            return (kwargs is not None and dotted_name(value.func) == f"{kwargs}.get"
                    and isinstance(default, _LITERALS))

        bound: dict[str, bool] = {}
        for node in descendants(func.body):
            if isinstance(node, (cst.Assign, cst.AugAssign, cst.AnnAssign)):
                for target in assigned_targets(node):
                    if isinstance(target, cst.Name):
                        is_fresh = isinstance(node, cst.AugAssign) or node.value is not None and fresh(node.value)
                        bound[target.value] = bound.get(target.value, True) and is_fresh
        found = {name for name, is_fresh in bound.items() if is_fresh}
        return cls(func.name.value, frozenset(found | ({kwargs} if kwargs else set())), siblings or {}, following)

    def fills_container(self, value: cst.BaseExpression | None) -> bool:
        """``update_fields.append("failed")``, ``config.pop("MAX_URLS", None)``: a local container changed."""
        return (isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute)
                and value.func.attr.value in _CONTAINER_METHODS and dotted_name(value.func.value) in self.containers)

    def is_item(self, target: cst.BaseExpression) -> bool:
        """``config["MAX_URLS"] = ...``: an item of a local container set."""
        return isinstance(target, cst.Subscript) and dotted_name(target.value) in self.containers


def _sets_only(lines: Iterable[cst.CSTNode], scope: _Scope, found: set[str]) -> bool:
    """Whether statements only set attributes of ``self`` (added to ``found``), bind local names, fill local
    containers, branch on anything and call the parent's method: no call, write or hand-off of their own."""
    for line in lines:
        if isinstance(line, cst.If):
            branch: cst.CSTNode | None = line
            while isinstance(branch, cst.If):
                if not _sets_only(_body(branch), scope, found):
                    return False
                branch = branch.orelse
            if isinstance(branch, cst.Else) and not _sets_only(_body(branch), scope, found):  # type: ignore[arg-type]
                return False
            continue
        if not isinstance(line, cst.SimpleStatementLine):
            return False
        for small in line.body:
            if isinstance(small, (cst.Expr, cst.Return)) and (
                    _is_parent_call(small.value, scope.method) or small.value is None
                    or _string(small.value) is not None or scope.fills_container(small.value)):
                continue
            if isinstance(small, cst.Pass):
                continue
            targets = [t.target for t in small.targets] if isinstance(small, cst.Assign) else (
                [small.target] if isinstance(small, (cst.AugAssign, cst.AnnAssign)) else None)
            if not targets:
                return False
            for target in targets:
                attribute = _self_value(target) if isinstance(target, cst.Attribute) else None
                if attribute is not None and _transforms(small, attribute):
                    return False  # self.email = self.email.lower(): what the object was built with is changed
                if attribute is not None:
                    found.add(attribute)
                elif not (isinstance(target, cst.Name) or scope.is_item(target)):
                    return False
    return True


def _transforms(statement: cst.BaseSmallStatement, attribute: str) -> bool:
    """``self.pin = make_password(self.pin)``, ``self.n += 1``: the attribute's new value is made from its own,
    so setting it when building the object does not give what the override would; ``self.x = self.x or y``
    only fills it when missing."""
    if isinstance(statement, cst.AugAssign):
        return True
    value = getattr(statement, "value", None)
    if value is None:
        return False
    if isinstance(value, cst.BooleanOperation) and isinstance(value.operator, cst.Or) \
            and _self_value(value.left) == attribute:
        value = value.right
    return any(isinstance(n, cst.Attribute) and _self_value(n) == attribute for n in (value, *descendants(value)))


def set_attributes(func: cst.FunctionDef) -> tuple[str, ...]:
    """``workspace``, ``created_by`` for a save() whose whole logic sets attributes of the object
    (``self.workspace = self.project.workspace``, ``self.created_by = get_current_user()``, under any
    condition) besides the parent's method: an object built with those attributes set loses nothing
    the override would give it. (): the override does anything else."""
    found: set[str] = set()
    if not _sets_only(_body(func), _Scope.of(func), found):
        return ()
    return tuple(sorted(found))


def _decide(test: cst.BaseExpression, flag: str, value: bool) -> bool | None:
    """The truth of a condition when the parameter ``flag`` holds ``value``; None when it depends on more."""
    if isinstance(test, cst.Name) and test.value == flag:
        return value
    if isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not):
        inner = _decide(test.expression, flag, value)
        return None if inner is None else not inner
    if isinstance(test, cst.BooleanOperation):
        left, right = _decide(test.left, flag, value), _decide(test.right, flag, value)
        deciding = isinstance(test.operator, cst.Or)  # the operand value that decides alone
        if deciding in (left, right):
            return deciding
        return None if None in (left, right) else not deciding
    return None


def _path(lines: Iterable[cst.CSTNode], flag: str, value: bool) -> list[cst.CSTNode]:
    """The statements that run when the parameter ``flag`` holds ``value``: branches on it resolved."""
    taken: list[cst.CSTNode] = []
    for line in lines:
        branch: cst.CSTNode | None = line
        while isinstance(branch, cst.If) and (decided := _decide(branch.test, flag, value)) is not None:
            if decided:
                taken += _path(_body(branch), flag, value)
                branch = None
            else:
                branch = branch.orelse
        if isinstance(branch, cst.Else):
            taken += _path(_body(branch), flag, value)  # type: ignore[arg-type]
        elif branch is not None:
            taken.append(branch)
        last = taken[-1] if taken else None
        if isinstance(last, cst.SimpleStatementLine) and isinstance(last.body[-1], (cst.Return, cst.Raise)):
            break  # the path leaves the function here
    return taken


def _only_parent_call(lines: list[cst.CSTNode], func: cst.FunctionDef) -> bool:
    """The statements hand the function's own arguments to the parent's method and nothing else
    (``return super().delete(...)``, or ``result = super().delete(...)`` then ``return result``)."""
    small = [s for line in lines for s in (line.body if isinstance(line, cst.SimpleStatementLine) else [line])]
    small = [s for s in small if not (isinstance(s, cst.Expr) and _string(s.value) is not None)]
    if len(small) == 2 and isinstance(small[0], cst.Assign) and isinstance(small[1], cst.Return):
        kept = small[0].targets[0].target
        if isinstance(kept, cst.Name) and isinstance(small[1].value, cst.Name) and small[1].value.value == kept.value:
            small = [cst.Return(small[0].value)]
    call = _parent_call(small, func)
    return call is not None and _is_parent_call(call, func.name.value)


def soft_delete(func: cst.FunctionDef) -> bool:
    """A delete() override that soft-deletes by default: given the other value of one of its boolean
    parameters (``soft=False``, ``hard=True``) it only calls the parent's delete(), and by default it
    never calls the parent's delete() but to hand that parameter on. A bulk delete is the hard path,
    which such an override leaves to its parent. (One that never deletes at all still counts: a bulk
    delete then removes rows the model only ever deactivates.)"""
    params = (*func.params.params, *func.params.kwonly_params)
    for param in params:
        default = param.default
        if not (isinstance(default, cst.Name) and default.value in ("True", "False")):
            continue
        flag, by_default = param.name.value, default.value == "True"
        if not _only_parent_call(_path(_body(func), flag, not by_default), func):
            continue
        soft = _path(_body(func), flag, by_default)
        if all(not _is_parent_call(node, func.name.value) or any(dotted_name(a.value) == flag for a in node.args)
               for root in soft for node in (root, *descendants(root)) if isinstance(node, cst.Call)):
            return True
    return False


def _statements(func: cst.FunctionDef | cst.If) -> list[cst.BaseStatement | cst.BaseSmallStatement]:
    """The body's statements, small ones unpacked, without the docstring."""
    found = [stmt for line in _body(func) for stmt in (
        line.body if isinstance(line, cst.SimpleStatementLine) else [line])]
    if found and isinstance(found[0], cst.Expr) and _string(found[0].value) is not None:
        found = found[1:]
    return found


def _sets_constant(stmt: cst.CSTNode) -> bool:
    """``changed = False``: a local name bound from a value that calls nothing."""
    return (isinstance(stmt, cst.Assign) and all(isinstance(t.target, cst.Name) for t in stmt.targets)
            and not any(isinstance(n, cst.Call) for n in (stmt.value, *descendants(stmt.value))))


def required_attribute(func: cst.FunctionDef) -> str:
    """``to_objectchange`` for a receiver that returns at once for objects without it (a leading ``if not
    hasattr(instance, "to_objectchange"): return``, after other guards, constant locals and imports);
    ``Message.SAVE_LABELS_ATTR`` when a model's constant names it (``hasattr(instance,
    Message.SAVE_LABELS_ATTR)``: a mark the code sets on objects it builds); "" for any other."""
    params = [p.name.value for p in func.params.params]
    watched = set(params[:2]) | {"sender", "instance"}
    for stmt in _statements(func):
        if isinstance(stmt, cst.If) and stmt.orelse is None and _returns_only(stmt):
            test = stmt.test
            if isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not) and (
                    name := _named_attribute(test.expression, watched, ("hasattr",), constants=True)):
                return name
        elif isinstance(stmt, (cst.Import, cst.ImportFrom)):
            continue
        elif not _sets_constant(stmt):
            return ""
    return ""


def _is_created(test: cst.BaseExpression) -> bool:
    """The ``created`` argument of ``post_save``: ``created``, ``kwargs["created"]``, ``kwargs.get("created")``,
    or a conjunction that needs it (``created and instance.page.application_urls``); in any receiver, the
    instance not yet saved (``instance._state.adding``)."""
    if isinstance(test, cst.BooleanOperation) and isinstance(test.operator, cst.And):
        return _is_created(test.left) or _is_created(test.right)
    if (dotted_name(test) or "").endswith("._state.adding"):
        return True
    if isinstance(test, cst.Name):
        return test.value == "created"
    if isinstance(test, cst.Subscript) and len(test.slice) == 1 and isinstance(test.slice[0].slice, cst.Index):
        return _string(test.slice[0].slice.value) == "created"
    return (isinstance(test, cst.Call) and isinstance(test.func, cst.Attribute) and test.func.attr.value == "get"
            and bool(test.args) and _string(test.args[0].value) == "created")


def acts_on_created_only(func: cst.FunctionDef) -> bool:
    """A ``post_save`` receiver that does nothing unless the row was just created: leading guards,
    one of them ``if not created: return`` (or ``if not created or raw: return``), or a body that ends in one ``if created:`` block (or ``if created or
    not instance.code:`` filling ``instance.code``: it gave one to every row it saw created). Imports the
    function makes for itself, constant locals and names bound from its arguments (``instance =
    kwargs["instance"]``, ``kwargs.get("instance")``) may come before or between the guards."""
    arguments = {p.name.value for p in (*func.params.params, *func.params.kwonly_params)} | {
        p.name.value for p in (func.params.star_kwarg,) if isinstance(p, cst.Param)}
    statements = [s for s in _statements(func) if not isinstance(s, (cst.Import, cst.ImportFrom))
                  and not _sets_constant(s) and not _binds_argument(s, arguments)]
    for index, stmt in enumerate(statements):
        if not isinstance(stmt, cst.If) or stmt.orelse is not None:
            return False
        test = stmt.test
        if _returns_only(stmt):
            if _refuses_existing(test):
                return True
            continue  # another guard (``if raw: return``)
        if index != len(statements) - 1:
            return False
        if _is_created(test):
            return True
        # ``if created or not instance.anon_id: instance.anon_id = ...``
        return isinstance(test, cst.BooleanOperation) and isinstance(test.operator, cst.Or) \
            and _is_created(test.left) and _fills_instance_value(test.right, stmt, func)
    return False


def _refuses_existing(test: cst.BaseExpression) -> bool:
    """A guard's test true for every row not just created: ``not created``, also as one side of an ``or``
    (``not created or kwargs.get("raw")``)."""
    if isinstance(test, cst.BooleanOperation) and isinstance(test.operator, cst.Or):
        return _refuses_existing(test.left) or _refuses_existing(test.right)
    return isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not) and _is_created(test.expression)


def _instance_name(func: cst.FunctionDef) -> str | None:
    """The name a receiver holds the saved object by: ``instance = kwargs["instance"]`` (or ``.get("instance")``),
    else its parameter."""
    for stmt in _statements(func):
        if _argument_key(stmt) == "instance":
            return stmt.targets[0].target.value
    return _instance_parameter(func)


def _argument_key(stmt: cst.CSTNode) -> str | None:
    """``"instance"`` of ``instance = kwargs.get("instance")`` / ``kwargs["instance"]``; None for any other."""
    if not (isinstance(stmt, cst.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0].target, cst.Name)):
        return None
    value = stmt.value
    if isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute) and value.func.attr.value == "get" \
            and isinstance(value.func.value, cst.Name) and value.args:
        return _string(value.args[0].value)
    if isinstance(value, cst.Subscript) and isinstance(value.value, cst.Name) and len(value.slice) == 1 \
            and isinstance(value.slice[0].slice, cst.Index):
        return _string(value.slice[0].slice.value)
    return None


def _fills_instance_value(test: cst.BaseExpression, block: cst.If, func: cst.FunctionDef) -> bool:
    """``not instance.anon_id`` (or ``instance.anon_id is None``) testing a value the block then gives the
    instance (``instance.anon_id = code``): the block runs for rows still lacking it."""
    missing = _missing(test)
    filled = dotted_name(missing) if missing is not None else None
    return filled is not None and filled.split(".")[0] == _instance_name(func) and filled.count(".") == 1 \
        and filled in {dotted_name(n.target) for n in descendants(block.body) if isinstance(n, cst.AssignTarget)}


def _is_parent_call(value: cst.BaseExpression | None, name: str) -> bool:
    """``super().name(...)``, or ``Base.name(self, ...)`` naming the method to run explicitly."""
    if isinstance(value, cst.Await):
        value = value.expression
    if not (isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute) and value.func.attr.value == name):
        return False
    owner = value.func.value
    if isinstance(owner, cst.Call):
        return dotted_name(owner.func) == "super"
    return _explicit_base(value) is not None


def _explicit_base(call: cst.Call) -> cst.BaseExpression | None:
    """``Base`` of ``Base.save(self, ...)``: a class's own method run on the object."""
    owner = call.func.value  # type: ignore[attr-defined]
    first = call.args[0] if call.args else None
    is_self = first is not None and first.keyword is None and dotted_name(first.value) == "self"
    return owner if is_self and dotted_name(owner) not in (None, "self") else None


def _self_call(value: cst.BaseExpression | None) -> str | None:
    """``m`` of a ``self.m(...)`` call."""
    if (isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute)
            and dotted_name(value.func.value) == "self"):
        return value.func.attr.value
    return None


def _gate(test: cst.BaseExpression, aliases: dict[str, str]) -> list[str]:
    """Attributes of ``self`` a condition needs truthy: the ``self.x`` / ``getattr(self, "x", ...)`` terms of
    its conjunction, or local names ``aliases`` maps to such an attribute (``parent = self.log_parent``)."""
    if isinstance(test, cst.BooleanOperation) and isinstance(test.operator, cst.And):
        return _gate(test.left, aliases) + _gate(test.right, aliases)
    if isinstance(test, cst.Name) and test.value in aliases:
        return [aliases[test.value]]
    if isinstance(test, cst.Attribute) and dotted_name(test.value) == "self":
        return [test.attr.value]
    if (isinstance(test, cst.Call) and dotted_name(test.func) == "getattr" and len(test.args) >= 2
            and dotted_name(test.args[0].value) == "self" and _string(test.args[1].value)):
        return [_string(test.args[1].value)]  # type: ignore[list-item]
    return []


def _is_local(stmt: cst.CSTNode) -> bool:
    """A local name set from a value that calls nothing (``parent = self.log_parent``), or from
    something other than ``self``: no behaviour of its own."""
    return _is_bookkeeping(stmt) or _sets_constant(stmt)


def _reraises(handler: cst.ExceptHandler) -> bool:
    body = [s for line in _body(handler) for s in (line.body if isinstance(line, cst.SimpleStatementLine) else [line])]
    return bool(body) and isinstance(body[-1], cst.Raise) and body[-1].exc is None


def _needs_of(statements: Iterable[cst.CSTNode], name: str, aliases: dict[str, str]) -> list[str] | None:
    found: list[str] = []
    for stmt in statements:
        needs = _statement_needs(stmt, name, aliases)
        if needs is None:
            return None
        found += needs
    return found


def _statement_needs(stmt: cst.CSTNode, name: str, aliases: dict[str, str]) -> list[str] | None:
    """What a statement of a save()/delete() override needs of the model to do something ([]: never
    does anything), None when it acts unconditionally."""
    if isinstance(stmt, cst.SimpleStatementLine):
        return _needs_of(stmt.body, name, aliases)
    value = stmt.value if isinstance(stmt, (cst.Expr, cst.Return, cst.Assign)) else None
    if (isinstance(stmt, cst.Pass) or _is_local(stmt) or _is_parent_call(value, name)
            or isinstance(stmt, cst.Return) and (value is None or isinstance(value, cst.Name))):
        return []
    method = _self_call(value) if isinstance(stmt, cst.Expr) else None
    if method is not None:  # validation only runs the model's own checks
        return [f"{CUSTOM_VALIDATION if method in _VALIDATION else method}()"]
    if isinstance(stmt, cst.If) and stmt.orelse is None:
        attributes = _gate(stmt.test, aliases)
        return ["|".join(attributes)] if attributes else _needs_of(_body(stmt), name, aliases)
    if (isinstance(stmt, cst.Try) and stmt.orelse is None and stmt.finalbody is None
            and all(_reraises(h) for h in stmt.handlers)):  # a failure path that raises again
        return _needs_of(_body(stmt), name, aliases)
    if isinstance(stmt, cst.For) and stmt.orelse is None and (attributes := _gate(stmt.iter, aliases)):
        return attributes  # a loop over ``self._file_fields`` does nothing when it is empty
    return None


def conditional_needs(func: cst.FunctionDef) -> tuple[str, ...] | None:
    """For a save()/delete() override that calls the parent's method unconditionally: what it needs
    of the model to do anything else (see ``HookFact.needs``); None when it acts anyway."""
    name = func.name.value
    statements = _statements(func)
    if not any(_is_parent_call(s.value if isinstance(s, (cst.Expr, cst.Return, cst.Assign)) else None, name)
               for s in statements):
        return None
    aliases = {s.targets[0].target.value: s.value.attr.value for s in statements
               if isinstance(s, cst.Assign) and len(s.targets) == 1 and isinstance(s.targets[0].target, cst.Name)
               and isinstance(s.value, cst.Attribute) and dotted_name(s.value.value) == "self"}
    found = _needs_of(statements, name, aliases)
    return None if found is None else tuple(dict.fromkeys(found))


def method_needs(func: cst.FunctionDef) -> tuple[str, ...] | None:
    """What a helper method (``delete_files()``, called by a hook) needs of the model to do anything,
    like :func:`conditional_needs`; None when it acts anyway."""
    found = _needs_of(_statements(func), func.name.value, {})
    return None if found is None else tuple(dict.fromkeys(found))


def fields_of_type(func: cst.FunctionDef, imports: ImportTable) -> str | None:
    """The field class a property picks the model's fields by: ``return [f.name for f in
    self._meta.fields if isinstance(f, models.FileField)]`` → ``django.db.models.FileField``."""
    statements = _statements(func)
    if not (len(statements) == 1 and isinstance(statements[0], cst.Return)
            and isinstance(statements[0].value, (cst.ListComp, cst.SetComp, cst.GeneratorExp))):
        return None
    loop = statements[0].value.for_in
    source = loop.iter.func if isinstance(loop.iter, cst.Call) else loop.iter
    if dotted_name(source) not in _META_FIELDS or loop.inner_for_in is not None or len(loop.ifs) != 1:
        return None
    test = loop.ifs[0].test
    if (isinstance(test, cst.Call) and dotted_name(test.func) == "isinstance" and len(test.args) == 2
            and dotted_name(test.args[0].value) == dotted_name(loop.target)):
        return imports.qualify(test.args[1].value)
    return None


def changes_nothing(statements: Iterable[cst.CSTNode]) -> bool:
    """A method body that sets nothing and calls nothing as a statement: empty (a template method a
    subclass may fill), or checks that only raise (a clean() that validates)."""
    for stmt in statements:
        if isinstance(stmt, cst.SimpleStatementLine):
            if not changes_nothing(stmt.body):
                return False
        elif isinstance(stmt, cst.If):
            orelse = [stmt.orelse] if stmt.orelse is not None else []
            if not changes_nothing([*_body(stmt), *orelse]):
                return False
        elif isinstance(stmt, cst.Else):
            if not changes_nothing(_body(stmt)):
                return False
        elif not (isinstance(stmt, (cst.Pass, cst.Raise)) or isinstance(stmt, cst.Return) and stmt.value is None
                  or isinstance(stmt, cst.Expr) and isinstance(stmt.value, (cst.SimpleString, cst.Ellipsis))
                  or isinstance(stmt, cst.Assign) and all(isinstance(t.target, cst.Name) for t in stmt.targets)):
            return False
    return True


class _Escapes(Exception):
    """The hook uses its object otherwise than through attributes it reads or sets."""


_CLASS_TESTS = frozenset({"isinstance", "type"})


def _attributes_used(node: cst.CSTNode, obj: str, found: set[str], field_names: bool = True) -> None:
    """Adds to ``found`` the attributes of ``obj`` an expression reads (``obj.slug``, ``obj.project.name``);
    raises :class:`_Escapes` when ``obj`` itself is handed on (``reindex(obj)``) or one of its methods is
    called (``obj.refresh()``): what those read is unknown. ``field_names=False``: strings are no field
    read (the value given to ``update_fields``, which names the fields the save writes)."""
    if isinstance(node, cst.Attribute) and isinstance(node.value, cst.Name) and node.value.value == obj:
        found.add(node.attr.value)
        return
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and dotted_name(node.func.value) == obj:
        raise _Escapes
    named = _named_attribute(node, (obj,), ("hasattr", "getattr", "delattr"))
    if named is not None:  # ``hasattr(self, "_cache")``, ``delattr(self, "_cache")``: that attribute only
        found.add(named)
        for arg in node.args[2:]:  # type: ignore[attr-defined]
            _attributes_used(arg.value, obj, found, field_names)
        return
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Name) and node.func.value in _CLASS_TESTS \
            and node.args and dotted_name(node.args[0].value) == obj:
        return  # ``isinstance(instance, Forum)``: its class, no attribute
    if isinstance(node, cst.Name) and node.value == obj:
        raise _Escapes
    if isinstance(node, cst.Comparison) and _string(node.left) is not None and all(
            isinstance(c.operator, (cst.In, cst.NotIn)) for c in node.comparisons):
        for comparison in node.comparisons:  # ``"date_modified" in update_fields``: which fields, not a value
            _attributes_used(comparison.comparator, obj, found)
        return
    if isinstance(node, cst.SimpleString) and field_names and _FIELD_PATH.fullmatch(_string(node) or ""):
        found.add((_string(node) or "").split("__", 1)[0])  # ``F("name")``, ``SearchVector("name__unaccent")``
        return
    for child in node.children:
        _attributes_used(child, obj, found, field_names)


def _tested(test: cst.BaseExpression, obj: str, found: set[str]) -> None:
    """:func:`_attributes_used` of a test, in which ``obj`` itself (``if instance and not instance.expires:``, ``if
    instance is None:``) only asks whether there is an object."""
    asks_presence = dotted_name(test) == obj or (
        isinstance(test, cst.Comparison) and dotted_name(test.left) == obj and len(test.comparisons) == 1
        and isinstance(test.comparisons[0].operator, (cst.Is, cst.IsNot))
        and dotted_name(test.comparisons[0].comparator) == "None")
    if isinstance(test, cst.BooleanOperation):
        _tested(test.left, obj, found)
        _tested(test.right, obj, found)
    elif isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not):
        _tested(test.expression, obj, found)
    elif not asks_presence:
        _attributes_used(test, obj, found)


def _reads_file(value: cst.BaseExpression, obj: str) -> bool:
    """``self.upload.seek(0)`` / ``self.upload.open("rb")``: a method of a field's value that only reads the
    stored file."""
    return isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute) \
        and value.func.attr.value in DJANGO_EXTRAS.file_reads and isinstance(value.func.value, cst.Attribute) \
        and dotted_name(value.func.value.value) == obj


def _reloads(value: cst.BaseExpression, obj: str) -> set[str] | None:
    """The attributes ``obj.refresh_from_db(fields=[...])`` reads again from the stored row (a trigger's value after
    the save): those named, or ``__dict__`` (all of them) without a list of names; None for any other call."""
    if not (isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute)
            and value.func.attr.value == DJANGO_EXTRAS.reload and dotted_name(value.func.value) == obj):
        return None
    fields = keyword(value, "fields")
    names = [_string(e.value) for e in fields.elements] if isinstance(fields, (cst.List, cst.Tuple)) else [None]
    return set(names) if all(names) else {"__dict__"}


def _names_written_fields(target: cst.BaseExpression) -> bool:
    """``update_fields`` or ``kwargs["update_fields"]``: what a save() is told to write."""
    if isinstance(target, cst.Subscript) and len(target.slice) == 1 and isinstance(target.slice[0].slice, cst.Index):
        return _string(target.slice[0].slice.value) == "update_fields"
    return isinstance(target, cst.Name) and target.value == "update_fields"


def _reads(value: cst.BaseExpression | None, obj: str) -> bool:
    """Whether an expression reads anything of ``obj``."""
    found: set[str] = set()
    if value is not None:
        _attributes_used(value, obj, found)
    return bool(found)


def _sets_own_attribute(func: cst.FunctionDef) -> bool:
    """``self.name = ...`` somewhere in the method."""
    return any(isinstance(n, cst.AssignTarget) and isinstance(n.target, cst.Attribute)
               and dotted_name(n.target.value) == "self" for n in descendants(func.body))


def _called_on(value: cst.BaseExpression | None, obj: str) -> bool:
    """``instance.clean()``: a method of the object itself."""
    return isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute) and dotted_name(value.func.value) == obj


def _effect(value: cst.BaseExpression | None) -> str | None:
    """The name of the function a statement calls for its effect: ``invalidate_cache`` of
    ``invalidate_cache(instance.pk)`` or ``await caching.invalidate_cache(...)``."""
    if isinstance(value, cst.Await):
        value = value.expression
    if not isinstance(value, cst.Call):
        return None
    called = (dotted_name(run_function(value)) or "").rsplit(".", 1)[-1]  # ``reindex.delay(pk)``: reindex
    if not called or called in MODEL_METHODS:
        raise _Escapes  # saving or deleting (the object) again is no logic of the hook's own
    return called


def _saves(value: cst.BaseExpression, obj: str) -> bool:
    """``instance.save(...)`` in a receiver: it stores what the receiver derived (not in a save() override,
    where saving ``self`` again would recurse)."""
    return (obj != "self" and isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute)
            and value.func.attr.value in _SAVE_METHODS and dotted_name(value.func.value) == obj)


def _named_attribute(node: cst.CSTNode, objects: Collection[str], builtins: tuple[str, ...],
                     constants: bool = False) -> str | None:
    """``x`` of ``hasattr(obj, "x")`` (or another of ``builtins``) for ``obj`` one of ``objects`` (the instance,
    or the sender) and a literal name; with ``constants``, also ``Model.NAME`` of ``hasattr(obj, Model.NAME)``
    (a class's upper-case constant, read where the class is: :meth:`HookRegistry.lacks`)."""
    if (isinstance(node, cst.Call) and isinstance(node.func, cst.Name) and node.func.value in builtins
            and len(node.args) >= 2 and dotted_name(node.args[0].value) in objects):
        name = node.args[1].value
        if constants and isinstance(name, cst.Attribute) and isinstance(name.value, cst.Name) \
                and name.attr.value.isupper():
            return f"{name.value.value}.{name.attr.value}"
        return _string(name)
    return None


def _own_row_update(value: cst.BaseExpression | None, obj: str) -> cst.Call | None:
    """``Page.objects.filter(pk=self.pk).update(...)``: a queryset update of the object's own row (by its
    key alone), setting attributes as an assignment would."""
    if not (isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute) and value.func.attr.value == "update"
            and all(arg.keyword is not None for arg in value.args)):
        return None
    chain = value.func.value
    return value if isinstance(chain, cst.Call) and isinstance(chain.func, cst.Attribute) \
        and chain.func.attr.value == "filter" and len(chain.args) == 1 and chain.args[0].keyword is not None \
        and chain.args[0].keyword.value in ("pk", "id") and dotted_name(chain.args[0].value) in (
            f"{obj}.pk", f"{obj}.id") else None


def _clears_cached(value: cst.BaseExpression, obj: str) -> bool:
    """``obj.__dict__.pop(key, None)`` (``clear()``): forgets cached properties of the object in memory."""
    return (isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute)
            and value.func.attr.value in ("pop", "clear") and dotted_name(value.func.value) == f"{obj}.__dict__")


def _derived(statements: Iterable[cst.CSTNode], obj: str, scope: _Scope, found: set[str],
             effects: set[str] | None = None, assigned: set[str] | None = None) -> None:
    """Collects what derived-field statements read and set of ``obj``; raises :class:`_Escapes` at any other
    statement (a call made for its effect, a nested definition). With ``effects``: collects there the
    functions statements call for their effect instead, and raises at a statement setting an attribute.
    With ``assigned``: collects there the attributes statements assign (``obj.x = ...``) instead of in
    ``found``."""
    for stmt in statements:
        value = getattr(stmt, "value", None)
        helper = scope.helper(value, obj) if effects is None else None
        if isinstance(stmt, cst.SimpleStatementLine):
            _derived(stmt.body, obj, scope, found, effects, assigned)
        elif _argument_key(stmt) == "instance" and stmt.targets[0].target.value == obj:  # type: ignore[union-attr]
            continue  # ``instance = kwargs.get("instance")``: the receiver's object, named
        elif helper is not None and isinstance(stmt, (cst.Expr, cst.Assign)):  # ``self._set_title()``: read it
            for target in stmt.targets if isinstance(stmt, cst.Assign) else ():
                _attributes_used(target.target, obj, found)
            for arg in value.args:  # type: ignore[union-attr]
                _attributes_used(arg.value, obj, found)
            _derived(_body(scope.siblings[helper.method]), obj, helper, found, assigned=assigned)
        elif isinstance(stmt, (cst.Assign, cst.AugAssign, cst.AnnAssign)):
            targets = assigned_targets(stmt)
            for target in targets:
                if effects is not None and not (isinstance(target, (cst.Name, cst.Tuple)) or scope.is_item(target)):
                    raise _Escapes
                if assigned is not None and not isinstance(stmt, cst.AugAssign) and isinstance(target, cst.Attribute) \
                        and dotted_name(target.value) == obj and not _reads(stmt.value, obj):
                    assigned.add(target.attr.value)  # set from nothing of the object: ``obj.modified = now()``
                else:
                    _attributes_used(target, obj, found)
            if stmt.value is not None:  # ``update_fields = {"modified"}.union(update_fields)``: names, no read
                _attributes_used(stmt.value, obj, found, not any(_names_written_fields(t) for t in targets))
        elif isinstance(stmt, cst.Expr) and effects is None and (reloaded := _reloads(stmt.value, obj)) is not None:
            found.update(reloaded)  # ``self.refresh_from_db(fields=["unicef_id"])``: the stored values, in memory
        elif isinstance(stmt, cst.Expr) and effects is None and (inherited := scope.inherited(value, obj)):
            found.add(f"{inherited}()")  # ``self.set_content_model()`` of a base elsewhere: what it touches
            for arg in value.args:  # type: ignore[union-attr]
                _attributes_used(arg.value, obj, found)
        elif isinstance(stmt, cst.Expr) and _logs(stmt):
            continue  # a line of the log, whatever it reads of the object
        elif isinstance(stmt, cst.Expr) and (scope.fills_container(stmt.value) or ensures(stmt.value)):
            _attributes_used(stmt.value, obj, found)  # ``update_fields.append("f")``, ``mkdir(exist_ok=True)``
        elif isinstance(stmt, cst.Expr) and effects is not None and not _is_parent_call(stmt.value, scope.method) and (
                called := _effect(stmt.value)):
            effects.add(f".{called}" if _called_on(stmt.value, obj) else called)
        elif isinstance(stmt, (cst.Import, cst.ImportFrom)):
            continue  # ``from courses.models import CourseRun`` (a local import against a cycle): binds names only
        elif isinstance(stmt, cst.Del) and effects is None:
            _attributes_used(stmt.target, obj, found)  # ``del instance.skip_signal``
        elif isinstance(stmt, cst.Expr) and effects is None and (row_update := _own_row_update(stmt.value, obj)):
            for arg in row_update.args:  # ``M.objects.filter(pk=self.pk).update(vector=SearchVector("title"))``
                _attributes_used(arg.value, obj, found)
                if arg.keyword is not None:
                    (found if assigned is None else assigned).add(arg.keyword.value)
        elif isinstance(stmt, cst.Expr) and effects is None and _reads_file(stmt.value, obj):
            _attributes_used(stmt.value, obj, found)  # ``self.upload.seek(0)``: the stored file, read again
        elif isinstance(stmt, cst.Expr) and effects is None and _clears_cached(stmt.value, obj):
            found.add("__dict__")  # ``self.__dict__.pop("total", None)``: a cached property, in memory only
        elif isinstance(stmt, cst.Expr) and effects is None and _named_attribute(stmt.value, (obj,), ("delattr",)):
            _attributes_used(stmt.value, obj, found)  # ``delattr(self, "_template_cache")``, like ``del``
        elif isinstance(stmt, (cst.For, cst.While)) and effects is None:
            _attributes_used(stmt.iter if isinstance(stmt, cst.For) else stmt.test, obj, found)
            _derived([*_body(stmt), *([stmt.orelse] if stmt.orelse else [])], obj, scope, found, effects, assigned)
        elif isinstance(stmt, cst.Expr) and effects is None and _saves(stmt.value, obj):
            for arg in stmt.value.args:  # type: ignore[union-attr]
                _attributes_used(arg.value, obj, found)
        elif isinstance(stmt, (cst.Return, cst.Raise, cst.Expr)):
            value = stmt.exc if isinstance(stmt, cst.Raise) else stmt.value
            if isinstance(stmt, cst.Expr) and not (_string(value) is not None or _is_parent_call(value, scope.method)):
                raise _Escapes
            if value is not None and not _is_parent_call(value, scope.method):
                _attributes_used(value, obj, found)
        elif isinstance(stmt, cst.If) and stmt.orelse is None and _only_logs(stmt):
            continue  # ``if self.has_usable_password(): logger.warning(...)``: the test only decides what is logged
        elif isinstance(stmt, (cst.If, cst.Else)):
            if isinstance(stmt, cst.If):
                _tested(stmt.test, obj, found)
            _derived([*_body(stmt), *([stmt.orelse] if getattr(stmt, "orelse", None) else [])], obj, scope, found,
                     effects, assigned)
        elif isinstance(stmt, cst.With):
            for item in stmt.items:
                _attributes_used(item.item, obj, found)
            _derived(_body(stmt), obj, scope, found, effects, assigned)
        elif isinstance(stmt, cst.Try):
            parts = [*_body(stmt), *(s for h in stmt.handlers for s in _body(h))]
            for extra in (stmt.orelse, stmt.finalbody):
                parts += _body(extra) if extra is not None else []
            _derived(parts, obj, scope, found, effects, assigned)
        elif not isinstance(stmt, cst.Pass):
            raise _Escapes


def property_reads(func: cst.FunctionDef) -> tuple[str, ...] | None:
    """The attributes of ``self`` a property reads; None when it hands ``self`` on or calls its methods."""
    found: set[str] = set()
    try:
        _attributes_used(func.body, "self", found)
    except _Escapes:
        return None
    return tuple(sorted(found))


def touched_attributes(func: cst.FunctionDef, obj: str) -> tuple[str, ...] | None:
    """What a derived-field hook reads and sets of its object ``obj`` (``self`` of a save() override, the
    instance of a receiver): a hook that only sets attributes of it from values computed from its
    attributes (``self.modified = now()``, ``if not self.status: self.status = self.project.default``),
    reads, raises and calls the parent's method. None for any other hook (it calls something for its
    effect, hands the object on, calls other methods): what it does may depend on any attribute."""
    return _touched(_derived_reading(func, obj))


def _touched(reading: tuple[set[str], set[str]] | None) -> tuple[str, ...] | None:
    """:func:`touched_attributes` of a :func:`_derived_reading` (a save() override's also reads the helper
    methods of its class it calls: ``self._set_title()``)."""
    return None if reading is None else tuple(sorted(reading[0] | reading[1]))


def _derived_reading(func: cst.FunctionDef, obj: str,
                     methods: Mapping[str, cst.FunctionDef] | None = None) -> tuple[set[str], set[str]] | None:
    """What a derived-field hook reads of ``obj``, and what it assigns (see :func:`touched_attributes`)."""
    found: set[str] = set()
    assigned: set[str] = set()
    try:
        _derived(_body(func), obj, _Scope.of(func, methods), found, assigned=assigned)
    except _Escapes:
        return None
    return found, assigned


def _stamped(reading: tuple[set[str], set[str]] | None) -> tuple[str, ...]:
    """``date_modified`` for a derived-field save() (its :func:`_derived_reading`) that sets it from nothing of
    the object (``self.date_modified = timezone.now()``) and never reads it. A write that sets all of them
    itself, and none of what the override reads, has done what the override would."""
    return () if reading is None else tuple(sorted(reading[1] - reading[0]))


def effect_calls(func: cst.FunctionDef, obj: str) -> tuple[str, ...] | None:
    """The functions a hook calls for their effect (``invalidate_cache`` of ``invalidate_cache(instance.pk)``),
    when that is all it does besides reads and its parent's method; None for any other hook (it sets an
    attribute, hands the object on otherwise) or one that calls nothing."""
    effects: set[str] = set()
    try:
        _derived(_body(func), obj, _Scope.of(func), set(), effects)
    except _Escapes:
        return None
    return tuple(sorted(effects)) or None


def _instance_parameter(func: cst.FunctionDef) -> str | None:
    """The receiver's parameter that holds the saved object: ``instance``, else the second one."""
    params = [p.name.value for p in func.params.params]
    return "instance" if "instance" in params else (params[1] if len(params) > 1 else None)


def receiver_summary(func: cst.FunctionDef) -> tuple[tuple[str, ...] | None, tuple[str, ...] | None]:
    """:func:`touched_attributes` and :func:`effect_calls` of a receiver's instance; a receiver acting only
    for saves told to write some fields (:func:`written_fields_guard`), or only when some fields changed
    (:func:`changed_fields_guard`), touches those."""
    guarded = written_fields_guard(func) or changed_fields_guard(func)
    if guarded:
        return guarded, None
    instance = _instance_name(func)
    if instance is None:
        return None, None
    return touched_attributes(func, instance), effect_calls(func, instance)


def written_fields_guard(func: cst.FunctionDef) -> tuple[str, ...] | None:
    """The fields a ``post_save`` receiver's whole logic asks ``update_fields`` for (``if update_fields and
    "is_archived" in update_fields: ...``): it acts only for a ``save(update_fields=[...])`` naming one of
    them, so a bulk write of other fields skips nothing. None for any other receiver."""
    statements = [s for s in _statements(func) if not isinstance(s, (cst.Import, cst.ImportFrom))]
    if len(statements) != 1 or not isinstance(statements[0], cst.If) or statements[0].orelse is not None:
        return None
    fields = _asks_written(statements[0].test)
    return tuple(sorted(fields)) if fields else None


def changed_fields_guard(func: cst.FunctionDef) -> tuple[str, ...] | None:
    """The fields a ``post_save`` receiver's whole logic asks to have changed (``if not created and
    is_model_field_changed(instance, "end_date"): ...``, ``if instance.tracker.has_changed("status"):``, after
    imports, constant locals and an ``if created: return``): a bulk write of other fields skips nothing there.
    None for any other receiver."""
    instance = _instance_parameter(func)
    constants: dict[str, str] = {}
    fields: set[str] = set()
    for stmt in _statements(func):
        if isinstance(stmt, (cst.Import, cst.ImportFrom)):
            continue
        if _sets_constant(stmt) and len(stmt.targets) == 1 and _string(stmt.value) is not None:
            constants[stmt.targets[0].target.value] = _string(stmt.value)  # field_name = "end_date"
        elif isinstance(stmt, cst.If) and stmt.orelse is None and _returns_only(stmt):
            continue  # if created: return; if kwargs.get("raw"): return: a guard only narrows when it acts
        elif isinstance(stmt, cst.If) and stmt.orelse is None and _ends_in_return(stmt) \
                and (_is_created(stmt.test) or instance is not None and _row_test(stmt.test, owner=instance) == NEW):
            continue  # if not instance.pk: ...; return: acts for a new row only, which no bulk update writes
        elif isinstance(stmt, cst.If) and stmt.orelse is None \
                and (asked := _asks_changed(stmt.test, instance, constants)):
            fields |= asked
        else:
            return None
    return tuple(sorted(fields)) or None


def _asks_changed(test: cst.BaseExpression, instance: str | None, constants: dict[str, str]) -> set[str]:
    """The fields a test requires to have changed: a call whose name says so (``has_changed``,
    ``is_model_field_changed``) naming a field of ``instance``, or a comparison of the field with the same
    field of another object (``instance.effort != Report.objects.get(id=instance.id).effort``: the stored
    row), alone or in a conjunction."""
    if isinstance(test, cst.BooleanOperation) and isinstance(test.operator, cst.And):
        return _asks_changed(test.left, instance, constants) or _asks_changed(test.right, instance, constants)
    if isinstance(test, cst.Comparison) and len(test.comparisons) == 1 \
            and isinstance(test.comparisons[0].operator, cst.NotEqual):
        sides = (test.left, test.comparisons[0].comparator)
        own = [s for s in sides if isinstance(s, cst.Attribute) and dotted_name(s.value) == instance]
        other = [s for s in sides if isinstance(s, cst.Attribute) and dotted_name(s.value) != instance]
        if instance and len(own) == 1 and len(other) == 1 and own[0].attr.value == other[0].attr.value:
            return {own[0].attr.value}
        return set()
    if not (isinstance(test, cst.Call) and "changed" in (dotted_name(test.func) or "").rsplit(".", 1)[-1]):
        return set()
    on_instance = any(dotted_name(a.value) == instance for a in test.args) or (
        isinstance(test.func, cst.Attribute) and (dotted_name(test.func.value) or "").split(".")[0] == instance)
    named = {_string(a.value) or constants.get(dotted_name(a.value) or "", "") for a in test.args} - {""}
    return named if instance and on_instance and len(named) == 1 else set()


def _asks_written(test: cst.BaseExpression) -> set[str] | None:
    """The fields a test requires ``update_fields`` to name: ``"x" in update_fields`` (also of
    ``update_fields or ()``), combined with ``and`` (beside ``update_fields`` / ``update_fields is not None``)
    or ``or``; None when it may hold otherwise."""
    if isinstance(test, cst.BooleanOperation):
        left, right = _asks_written(test.left), _asks_written(test.right)
        if isinstance(test.operator, cst.And):
            return left or right if (left or _names_written(test.left)) and (right or _names_written(test.right)) \
                else None
        return left | right if left and right else None
    if isinstance(test, cst.Comparison) and len(test.comparisons) == 1 and isinstance(
            test.comparisons[0].operator, cst.In) and _string(test.left):
        container = test.comparisons[0].comparator
        if isinstance(container, cst.BooleanOperation) and isinstance(container.operator, cst.Or):
            container = container.left  # ``update_fields or ()``
        return {_string(test.left) or ""} if _names_written(container) else None
    return None


def _names_written(node: cst.BaseExpression) -> bool:
    """``update_fields`` (or ``kwargs["update_fields"]``), or ``update_fields is not None``."""
    if isinstance(node, cst.Comparison) and len(node.comparisons) == 1 and isinstance(
            node.comparisons[0].operator, cst.IsNot) and dotted_name(node.comparisons[0].comparator) == "None":
        node = node.left
    return _names_written_fields(node)


def _truthiness(value: cst.BaseExpression) -> str | None:
    """``falsy``/``set`` for a class attribute's literal value; None for anything else (a field)."""
    if isinstance(value, cst.Name):
        return FALSY if value.value in ("None", "False") else SET
    if isinstance(value, cst.Call):  # ``_("talk")``: a function's value; ``CharField(...)``: a field
        return SET if isinstance(value.func, cst.Name) and not value.func.value[:1].isupper() else None
    if isinstance(value, (cst.Tuple, cst.List, cst.Dict, cst.Set)):
        return SET if value.elements else FALSY
    if isinstance(value, cst.SimpleString):
        return SET if _string(value) else FALSY
    if isinstance(value, (cst.Integer, cst.Float)):
        return FALSY if value.value in ("0", "0.0") else SET
    return SET if isinstance(value, (cst.BaseString, cst.Attribute, cst.UnaryOperation, cst.BinaryOperation)) \
        else None


class _Pending:
    """A hook found in the CST, waiting for its line number."""

    def __init__(self, kind: str, event: str, model: str | None, anchor: cst.CSTNode, function: str,
                 propagate: bool = False, attributes: tuple[str, ...] = (), on_create: bool = False,
                 on_update: bool = False, needs: tuple[str, ...] | None = None,
                 touches: tuple[str, ...] | None = None, effects: tuple[str, ...] | None = None,
                 bypasses: str = "", resumes: bool = False, fills: tuple[str, ...] = (),
                 by_name: bool = False, requires: str = "", stamps: tuple[str, ...] = (),
                 when: tuple[tuple[str, str], ...] = ()) -> None:
        self.kind = kind
        self.event = event
        self.model = model
        self.anchor = anchor  # the FunctionDef of the hook, or the registering Call
        self.function = function
        self.propagate = propagate
        self.attributes = attributes
        self.on_create = on_create
        self.on_update = on_update
        self.needs = needs
        self.touches = touches
        self.effects = effects
        self.bypasses = bypasses
        self.resumes = resumes
        self.fills = fills
        self.by_name = by_name
        self.requires = requires
        self.stamps = stamps
        self.when = when


class _HookCollector:
    def __init__(self, module_name: str, imports: ImportTable, module: cst.Module) -> None:
        self.module_name = module_name
        self.imports = imports
        self.pending: list[_Pending] = []
        self.functions: dict[str, cst.FunctionDef] = {}
        self.module = module
        self.classes = {stmt.name.value for stmt in module.body if isinstance(stmt, cst.ClassDef)}
        self.handlers: dict[cst.CSTNode, str] = {}  # anchor -> qualified name of the hook's function
        self.disconnected: frozenset[str] = frozenset()  # receivers the enclosing functions disconnect again
        # the module imports a save/delete signal (or a signals module): it may send one by hand
        self.sends_signals = any(target.endswith(".signals") or any(names.matches(target) for names, _ in _SIGNALS)
                                 for target in imports.aliases.values())
        prefix = f"{module_name}." if module_name else ""
        for stmt in module.body:
            if isinstance(stmt, cst.FunctionDef):
                self.functions[stmt.name.value] = stmt
                self.handlers[stmt] = prefix + stmt.name.value
            elif isinstance(stmt, cst.ClassDef):
                for member in _body(stmt):
                    if isinstance(member, cst.FunctionDef):
                        self.handlers[member] = f"{prefix}{stmt.name.value}.{member.name.value}"

    # -- names -----------------------------------------------------------------------
    def qualify(self, node: cst.CSTNode | None) -> str | None:
        return self.imports.qualify(node)

    def class_ref(self, node: cst.BaseExpression | None, loops: dict[str, list[cst.BaseExpression]]) -> list[str]:
        """The model references an expression names (several for a loop variable over a tuple)."""
        if isinstance(node, cst.Name) and node.value in loops:
            return [r for item in loops[node.value] for r in self.class_ref(item, {})]
        text = _string(node)
        if text is not None:
            return [text]  # Django lazy reference "app_label.ModelName"
        if isinstance(node, cst.Call) and (dotted_name(node.func) or "").endswith("get_model"):
            parts = [_string(a.value) for a in node.args if a.keyword is None]
            if parts and all(parts):
                return [".".join(parts)]  # type: ignore[arg-type]
            return ["?"]
        dotted = dotted_name(node)
        if dotted is None:
            return ["?"]
        qualified = self.imports.qualify_dotted(dotted)
        if qualified:
            return [qualified]
        if dotted.split(".", 1)[0] in self.classes and self.module_name:
            return [f"{self.module_name}.{dotted}"]
        return [dotted]

    def signal_of(self, node: cst.BaseExpression) -> tuple[str, str] | None:
        """(kind, event) for a pre/post save/delete signal object of Django, Peewee or Tortoise."""
        qualified = self.qualify(node)
        for names, kind in _SIGNALS:
            if names.matches(qualified):
                return kind, qualified.rsplit(".", 1)[-1]  # type: ignore[union-attr]
        return None

    # -- traversal -------------------------------------------------------------------
    def collect(self, module: cst.Module) -> None:
        self.walk(module, {})

    def walk(self, node: cst.CSTNode, loops: dict[str, list[cst.BaseExpression]]) -> None:
        """Statements only: hooks are defs (and their decorators) and registering call statements. A test
        case or fixture connects receivers for the tests' run only (a ``tearDown`` connecting again what
        ``setUp`` disconnected): none of the project's hooks."""
        for stmt in child_statements(node):
            inner = loops
            if isinstance(stmt, cst.ClassDef) and is_test_case(stmt) or \
                    isinstance(stmt, cst.FunctionDef) and is_fixture(stmt, self.imports):
                continue
            if isinstance(stmt, cst.ClassDef) and node is self.module:
                owner = f"{self.module_name}.{stmt.name.value}" if self.module_name else stmt.name.value
                methods = {m.name.value: m for m in _body(stmt) if isinstance(m, cst.FunctionDef)}
                stamps = creation_stamps(stmt)
                for member in _body(stmt):
                    if isinstance(member, cst.FunctionDef):
                        self.method(member, owner, methods, stamps)
                    elif isinstance(member, cst.SimpleStatementLine):
                        self.manager(member, owner)
                        self.attribute(member, owner)
            elif isinstance(stmt, cst.FunctionDef):
                if node is self.module and self.sends_signals:
                    self.sends(stmt)
                for decorator in stmt.decorators:
                    if isinstance(decorator.decorator, cst.Call):
                        self.decorated(stmt, decorator.decorator, loops)
            elif isinstance(stmt, cst.For):
                if isinstance(stmt.target, cst.Name) and isinstance(stmt.iter, (cst.List, cst.Tuple, cst.Set)):
                    inner = {**loops, stmt.target.value: [e.value for e in stmt.iter.elements]}
            elif isinstance(stmt, cst.Expr):
                value = stmt.value.expression if isinstance(stmt.value, cst.Await) else stmt.value
                if isinstance(value, cst.Call):
                    self.call(value, stmt, loops)
            if isinstance(stmt, cst.FunctionDef):
                outer = self.disconnected
                self.disconnected = outer | self.disconnected_in(stmt)
                self.walk(stmt, inner)
                self.disconnected = outer
            else:
                self.walk(stmt, inner)

    def disconnected_in(self, func: cst.FunctionDef) -> frozenset[str]:
        """Receivers the function disconnects again (``post_save.disconnect(explode, ...)``): a
        ``connect`` of the same receiver in it only lasts while the function runs."""
        return frozenset(
            self.module.code_for_node(handler) for node in descendants(func.body)
            if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute)
            and node.func.attr.value == "disconnect" and (handler := _arg(node, 0, "receiver")) is not None)

    # -- hook shapes -----------------------------------------------------------------
    def manager(self, line: cst.SimpleStatementLine, owner: str) -> None:
        """``objects = SoftDeleteQuerySet.as_manager()`` / ``Manager.from_queryset(QS)()`` / ``M()``, annotated
        or not: the classes behind a Django manager attribute (kind ``manager``, event: the attribute)."""
        for small in line.body:
            if isinstance(small, cst.AnnAssign) and isinstance(small.target, cst.Name):  # objects: ClassVar[M] = ...
                target = small.target
            elif isinstance(small, cst.Assign) and len(small.targets) == 1 and isinstance(small.targets[0].target,
                                                                                         cst.Name):
                target = small.targets[0].target
            else:
                continue
            if not isinstance(small.value, cst.Call):
                continue
            call = small.value
            func = call.func.func if isinstance(call.func, cst.Call) else call.func  # from_queryset(QS)()
            classes = [call.func.args[0].value] if isinstance(call.func, cst.Call) and call.func.args else []
            if isinstance(func, cst.Attribute) and func.attr.value in ("as_manager", "from_queryset"):
                classes.append(func.value)
            elif isinstance(func, (cst.Name, cst.Attribute)):
                classes.append(func)
            for node in classes:
                ref = self.class_ref(node, {})[0]
                last = ref.rsplit(".", 1)[-1]
                if ("Manager" in last or "QuerySet" in last) and not DJANGO.owns(ref):
                    self.pending.append(_Pending("manager", target.value, owner, small, ref))

    def built_queryset(self, func: cst.FunctionDef, owner: str) -> None:
        """A manager's ``get_queryset()`` returning ``ArchivingQuerySet(self.model, ...)`` (filtered or not):
        the QuerySet class whose methods its querysets run (kind ``manager``, event ``get_queryset``)."""
        for stmt in walk_statements(func.body):
            value = stmt.value if isinstance(stmt, cst.Return) else None
            while isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute) and isinstance(
                    value.func.value, cst.Call):
                value = value.func.value  # ArchivingQuerySet(...).filter(...)
            if isinstance(value, cst.Call) and isinstance(value.func, (cst.Name, cst.Attribute)):
                ref = self.class_ref(value.func, {})[0]
                if "QuerySet" in ref.rsplit(".", 1)[-1] and not DJANGO.owns(ref):
                    self.pending.append(_Pending("manager", func.name.value, owner, func, ref))

    def attribute(self, line: cst.SimpleStatementLine, owner: str) -> None:
        """``log_prefix = None``: a class attribute set to a literal, which conditions of hooks may read."""
        for small in line.body:
            target = small.targets[0].target if isinstance(small, cst.Assign) and len(small.targets) == 1 else (
                small.target if isinstance(small, cst.AnnAssign) and small.value is not None else None)
            truthiness = _truthiness(small.value) if isinstance(target, cst.Name) else None
            if truthiness is not None:
                self.pending.append(_Pending("attribute", target.value, owner, line, truthiness))

    def sends(self, func: cst.FunctionDef) -> None:
        """``post_save.send(Document, instance=doc, created=False)`` in a module-level function: calling
        it runs that signal's receivers for the sender."""
        for stmt in walk_statements(func.body):
            call = stmt.value if isinstance(stmt, cst.Expr) else None
            if not (isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute)
                    and call.func.attr.value in _SENDS):
                continue
            found = self.signal_of(call.func.value)
            sender = _arg(call, 0, "sender")
            if found is not None and sender is not None:
                for ref in self.class_ref(sender, {}):
                    self.pending.append(_Pending("sends", found[1], ref, func, func.name.value))

    def method(self, func: cst.FunctionDef, owner: str, methods: dict[str, cst.FunctionDef],
               stamps: tuple[str, ...] = ()) -> None:
        name = func.name.value
        bypasses, resumes = (self.bypassed_base(func, owner) if name in MODEL_METHODS else None) or ("", False)
        if name in MODEL_METHODS | QUERYSET_METHODS and (bypasses or not is_pass_through_override(func)):
            rows = acts_on(func, methods, stamps) if name == "save" else None
            reading = _derived_reading(func, "self", methods)
            touches = _touched(reading) if reading is not None else None
            when: tuple[tuple[str, str], ...] = ()
            if name == "save" and (watched := watched_changes(func)):
                touches = watched
            elif name == "save" and rows is None and (row_reading := existing_row_reading(func, methods)):
                touches, when = row_reading
            needs = conditional_needs(func) if name in MODEL_METHODS else None
            if name in DELETE_METHODS and soft_delete(func):
                needs = ()  # a bulk delete is the hard path, which the override leaves to its parent
            self.pending.append(_Pending("method", name, owner, func, f"{owner.rsplit('.', 1)[-1]}.{name}",
                                         on_create=rows == NEW, on_update=rows == EXISTING, needs=needs,
                                         touches=touches, effects=effect_calls(func, "self"), bypasses=bypasses,
                                         resumes=resumes, fills=filled_attributes(func, methods) or set_attributes(func)
                                         if name == "save" else (),
                                         stamps=_stamped(reading) if name == "save" else (), when=when))
        elif not func.decorators and changes_nothing(_statements(func)):
            self.pending.append(_Pending("inert", name, owner, func, f"{owner.rsplit('.', 1)[-1]}.{name}"))
        elif not func.decorators and (needs := method_needs(func)):
            self.pending.append(_Pending("conditional", name, owner, func, f"{owner.rsplit('.', 1)[-1]}.{name}",
                                         needs=needs))
        elif not func.decorators and _sets_own_attribute(func) and (
                reading := _derived_reading(func, "self", methods)) is not None:
            self.pending.append(_Pending("derived", name, owner, func, f"{owner.rsplit('.', 1)[-1]}.{name}",
                                         touches=_touched(reading)))
        elif any(dotted_name(d.decorator) in _PROPERTIES for d in func.decorators) and (
                field_type := fields_of_type(func, self.imports)) in _FIELD_FAMILIES:
            self.pending.append(_Pending("fields_of", name, owner, func, field_type))
        if any(dotted_name(d.decorator) in _PROPERTIES for d in func.decorators):
            self.pending.append(_Pending("property", name, owner, func, name, touches=property_reads(func)))
        if name == DJANGO_EXTRAS.queryset_builder:
            self.built_queryset(func, owner)
        for decorator in func.decorators:
            call = decorator.decorator
            if isinstance(call, cst.Call) and DJANGO_EXTRAS.lifecycle_hook.matches(self.qualify(call.func)):
                self.lifecycle_hook(func, call, owner)
            if isinstance(call, cst.Call) and any_matches(self.qualify(call.func), SQLALCHEMY.hooks.validators):
                attributes = tuple(s for s in (_string(a.value) for a in call.args if a.keyword is None) if s)
                self.pending.append(_Pending("validates", "validates", owner, func,
                                             f"{owner.rsplit('.', 1)[-1]}.{name}", attributes=attributes))

    def lifecycle_hook(self, func: cst.FunctionDef, call: cst.Call, owner: str) -> None:
        """``@hook(AFTER_UPDATE, when="status")`` (django-lifecycle): a method the model's save()/delete()
        runs at that moment, for new or existing rows, and (given ``when``/``when_any``) only when one of
        those fields changed."""
        moment = _arg(call, 0, "hook")
        name = (_string(moment) or dotted_name(moment) or "").rsplit(".", 1)[-1].upper() if moment else ""
        found = next(((event, rows) for key, event, rows in DJANGO_EXTRAS.lifecycle_moments if key == name), None)
        if found is None:
            return
        event, rows = found
        fields: list[str] = []
        for keyword in DJANGO_EXTRAS.lifecycle_conditions:
            value = _arg(call, None, keyword)
            items = [e.value for e in value.elements] if isinstance(value, (cst.List, cst.Tuple)) else [value]
            fields += [_string(item) or "" for item in items if item is not None]
        self.pending.append(_Pending("lifecycle", event, owner, func, f"{owner.rsplit('.', 1)[-1]}.{func.name.value}",
                                     propagate=True, on_create=rows == NEW, on_update=rows == EXISTING,
                                     needs=method_needs(func), effects=effect_calls(func, "self"),
                                     touches=tuple(fields) if fields and all(fields) else None))

    def bypassed_base(self, func: cst.FunctionDef, owner: str) -> tuple[str, bool] | None:
        """(``Base``, False) for ``super(Base, self).delete()`` in an override of a class other than ``Base``:
        the parent's method it calls is the one after ``Base`` in the bases, so ``Base``'s own is passed over;
        (``Base``, True) for ``Base.delete(self)``: ``Base``'s own method runs next, those between are passed
        over (all of the project's, when ``Base`` is the ORM's ``Model``)."""
        for node in descendants(func.body):
            if not (isinstance(node, cst.Call) and _is_parent_call(node, func.name.value)):
                continue
            super_call = node.func.value  # type: ignore[attr-defined]
            named = super_call.args[0].value if isinstance(super_call, cst.Call) and super_call.args else \
                _explicit_base(node)
            if named is not None and (dotted_name(named) or "").rsplit(".", 1)[-1] != owner.rsplit(".", 1)[-1]:
                return self.class_ref(named, {})[0], not isinstance(super_call, cst.Call)
        return None

    def decorated(self, func: cst.FunctionDef, call: cst.Call, loops) -> None:
        qualified = self.qualify(call.func)
        name = func.name.value
        if any_matches(qualified, DJANGO.hooks.decorators):
            target = _arg(call, 0, "signal")
            signals = [e.value for e in target.elements] if isinstance(target, (cst.List, cst.Tuple)) else [target]
            sender = _arg(call, None, "sender")
            for signal in signals:
                found = self.signal_of(signal) if signal is not None else None
                if found and found[0] == DJANGO.hooks.signal_kind:
                    self.receiver(found[0], found[1], sender, func, name, loops)
        elif any_matches(qualified, SQLALCHEMY.hooks.decorators):
            self.listener(call, _arg(call, 0, "target"), _arg(call, 1, "identifier"), func, name)
        elif any_matches(qualified, _PEEWEE_SIGNALS):
            self.receiver(PEEWEE.hooks.signal_kind, qualified.rsplit(".", 1)[-1], _arg(call, 1, "sender"), func, name,
                          loops)
        elif any_matches(qualified, _TORTOISE_SIGNALS):
            event = qualified.rsplit(".", 1)[-1]
            for arg in call.args:
                for ref in self.class_ref(arg.value, loops):
                    self.pending.append(_Pending(TORTOISE.hooks.signal_kind, event, ref, func, name))

    def call(self, call: cst.Call, statement: cst.CSTNode, loops) -> None:
        func = call.func
        if isinstance(func, cst.Attribute) and func.attr.value == "connect":
            found = self.signal_of(func.value)
            handler = _arg(call, 0, "receiver")
            if found is not None and self.module.code_for_node(handler or call) not in self.disconnected:
                position = 2 if found[0] == PEEWEE.hooks.signal_kind else 1
                self.receiver(found[0], found[1], _arg(call, position, "sender"), self.anchor(handler, statement),
                              self.handler_name(handler), loops)
            return
        if isinstance(func, cst.Attribute) and func.attr.value == TORTOISE_EXTRAS.signal_registration:
            event = dotted_name(_arg(call, 0, "signal"))
            handler = _arg(call, 1, "listener")
            signals = {name for names in _TORTOISE_SIGNALS for name in names.names}
            if event and event.rsplit(".", 1)[-1] in signals and self.imports.imports_from(*TORTOISE.packages):
                for ref in self.class_ref(func.value, loops):
                    self.pending.append(_Pending(TORTOISE.hooks.signal_kind, event.rsplit(".", 1)[-1], ref,
                                                 self.anchor(handler, statement), self.handler_name(handler)))
            return
        if any_matches(self.qualify(func), SQLALCHEMY.hooks.registrations):
            handler = _arg(call, 2, "fn")
            self.listener(call, _arg(call, 0, "target"), _arg(call, 1, "identifier"),
                          self.anchor(handler, statement), self.handler_name(handler))

    def receiver(self, kind: str, event: str, sender: cst.BaseExpression | None, anchor: cst.CSTNode,
                 function: str, loops) -> None:
        if isinstance(anchor, cst.FunctionDef) and only_observes(anchor):
            return
        on_create = isinstance(anchor, cst.FunctionDef) and acts_on_created_only(anchor)
        touches, effects = receiver_summary(anchor) if isinstance(anchor, cst.FunctionDef) else (None, None)
        requires = required_attribute(anchor) if isinstance(anchor, cst.FunctionDef) else ""
        if sender is not None and not (isinstance(sender, cst.Name) and sender.value == "None"):
            for ref in self.class_ref(sender, loops):
                self.pending.append(_Pending(kind, event, ref, anchor, function, on_create=on_create, touches=touches,
                                             effects=effects, requires=requires))
            return
        if isinstance(anchor, cst.FunctionDef):
            targets = self.guarded_models(anchor)
        elif anchor in self.handlers:  # a def of another file, read there (``HandlerFact``)
            targets = [(None, False)]
        else:  # a callable object, a bound method, a name bound in a function: its models are unknown
            return
        for ref, subclasses in targets:
            self.pending.append(_Pending(kind, event, ref, anchor, function, subclasses, on_create=on_create,
                                         touches=touches, effects=effects, requires=requires,
                                         by_name=not isinstance(anchor, cst.FunctionDef)))

    def guarded_models(self, func: cst.FunctionDef) -> list[tuple[str | None, bool]]:
        """Which models a sender-less receiver acts on, from its leading guards.

        ``if not isinstance(instance, M): return`` / ``if not issubclass(sender, M): return``
        limit it to M and its subclasses; ``if sender not in (A, B): return`` to A and B; a
        body that is one ``if isinstance(instance, M):`` likewise, or one ``if``/``elif`` chain
        without ``else`` (``if sender is A: ... elif sender.__name__ == "B": ...``) to the
        models of its branches. Guards that do not mention the sender or the instance (``if raw:
        return``) are skipped, and so are leading names bound from the arguments (``instance =
        kwargs["instance"]``, which the guards may then test); any other guard on them makes the
        receiver's models unknown (none). No guard: every model. Imports and a final bare ``return`` do
        nothing; a last ``if`` on something else (``if "celery" in settings.INSTALLED_APPS:``) acts on the models
        its own body does, and so do separate ``if`` statements each guarded by a model (``if sender == Patient:
        ...`` then ``if sender == Episode: ...``): the union of theirs. A lookup in a dict literal of the module
        keyed by model classes (``fields = FIELDS.get(type(instance))``; ``if not fields: return``) limits it to
        those models; a last statement handing the sender or the instance to a function (or a class's method)
        of the module acts on the models that function's guards admit.
        """
        params = [p.name.value for p in func.params.params]
        star = func.params.star_kwarg
        watched = set(params[:2]) | {"sender", "instance"}
        arguments = set(params) | ({star.name.value} if isinstance(star, cst.Param) else set())
        return self._guarded(_statements(func), watched, arguments)

    def _guarded(self, statements: list, watched: set[str], arguments: set[str],
                 depth: int = 0) -> list[tuple[str | None, bool]]:
        """:meth:`guarded_models` of a receiver's statements (or those of an ``if`` that wraps them all, or of
        the helper of this module its last statement hands the sender or the instance: ``depth`` of those)."""
        statements = [s for s in statements if not isinstance(s, (cst.Import, cst.ImportFrom))]
        if statements and isinstance(statements[-1], cst.Return) and statements[-1].value is None:
            statements = statements[:-1]
        guarded = [self.guard_targets(s.test) if isinstance(s, cst.If) and s.orelse is None and not _returns_only(s)
                   and {n.value for n in _names(s.test)} & watched else None for s in statements]
        if len(statements) > 1 and all(g is not None for g in guarded):
            return [target for targets in guarded for target in targets]  # if sender == A: ...; if sender == B: ...
        keyed: dict[str, list[str]] = {}  # local -> the models a dict it is looked up in is keyed by
        for index, stmt in enumerate(statements):
            if (found := self.keyed_lookup(stmt, watched)) is not None:
                keyed[found[0]] = found[1]  # fields = FIELDS_BY_MODEL.get(type(instance))
                continue
            if isinstance(stmt, cst.If) and stmt.orelse is None and _returns_only(stmt) and isinstance(
                    stmt.test, cst.UnaryOperation) and isinstance(stmt.test.operator, cst.Not) and isinstance(
                    stmt.test.expression, cst.Name) and stmt.test.expression.value in keyed:
                return [(ref, False) for ref in keyed[stmt.test.expression.value]]  # if not fields: return
            if index == len(statements) - 1 and depth < 2 and (helper := self.helper_call(stmt, watched)) is not None:
                return self._guarded(_statements(helper[0]), helper[1], helper[1], depth + 1)
            if _binds_argument(stmt, arguments | watched):
                value = stmt.value  # type: ignore[union-attr]
                keys = {_string(n) for n in descendants(value) if isinstance(n, cst.SimpleString)}
                if keys & {"sender", "instance"} or {n.value for n in _names(value)} <= watched:
                    watched |= {t.target.value for t in stmt.targets}  # type: ignore[union-attr]
                continue
            if _sets_constant(stmt) or _looks_up(stmt):
                continue
            if _binds_decision(stmt, watched):  # ok = should_record(sender, instance): a test on it is a guard
                watched |= {t.target.value for t in stmt.targets}  # type: ignore[union-attr]
                continue
            if isinstance(stmt, cst.If) and stmt.orelse is not None and index == len(statements) - 1:
                return self.branch_targets(stmt, watched)
            if not isinstance(stmt, cst.If) or stmt.orelse is not None:
                return [(None, False)]
            names = {n.value for n in _names(stmt.test)}
            if not names & watched:
                if _returns_only(stmt):
                    continue
                if index == len(statements) - 1:  # the rest runs under a condition on something else
                    return self._guarded(_statements(stmt), watched, arguments)
                return [(None, False)]
            negated = isinstance(stmt.test, cst.UnaryOperation) and isinstance(stmt.test.operator, cst.Not)
            test = stmt.test.expression if negated else stmt.test
            if negated and _returns_only(stmt) and _named_attribute(test, watched, ("hasattr",), constants=True):
                continue  # the models it admits are those with the attribute (``required_attribute``)
            whole_body = index == len(statements) - 1
            if _returns_only(stmt) and (negated or _is_not_in(test)):
                return self.guard_targets(test) or []
            if whole_body and not negated and not _returns_only(stmt):
                return self.guard_targets(test) or []
            return []
        return [(None, False)]

    def keyed_lookup(self, stmt: cst.CSTNode, watched: set[str]) -> tuple[str, list[str]] | None:
        """``fields = FIELDS_BY_MODEL.get(type(instance))`` (or ``[sender]``), of a dict literal this module binds
        with model classes for keys: the local and those models."""
        if not (isinstance(stmt, cst.Assign) and len(stmt.targets) == 1
                and isinstance(stmt.targets[0].target, cst.Name)):
            return None
        value = stmt.value
        if isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute) and value.func.attr.value == "get" \
                and value.args:
            mapping, key = value.func.value, value.args[0].value
        elif isinstance(value, cst.Subscript) and len(value.slice) == 1 and isinstance(value.slice[0].slice, cst.Index):
            mapping, key = value.value, value.slice[0].slice.value
        else:
            return None
        if isinstance(key, cst.Call) and dotted_name(key.func) == "type" and len(key.args) == 1:
            key = key.args[0].value
        elif isinstance(key, cst.Attribute) and key.attr.value == "__class__":
            key = key.value
        literal = module_assignments(self.module).get(mapping.value) if isinstance(mapping, cst.Name) else None
        if not (isinstance(key, cst.Name) and key.value in watched and isinstance(literal, cst.Dict)
                and literal.elements and all(isinstance(e, cst.DictElement) for e in literal.elements)):
            return None
        refs = [ref for e in literal.elements for ref in self.class_ref(e.key, {})]  # type: ignore[union-attr]
        return (stmt.targets[0].target.value, refs) if "?" not in refs else None

    def helper_call(self, stmt: cst.CSTNode, watched: set[str]) -> tuple[cst.FunctionDef, set[str]] | None:
        """``refresh_if_need(instance)`` / ``Util.refresh_if_need(instance)``: a function (or a class's method) of
        this module the statement calls, handing on the sender or the instance; with its parameters that get them."""
        call = stmt.value if isinstance(stmt, cst.Expr) else None
        if not isinstance(call, cst.Call):
            return None
        dotted = dotted_name(call.func) or ""
        owner, _, name = dotted.rpartition(".")
        helper = self.functions.get(name) if not owner else next(
            (class_methods(c).get(name) for c in self.module.body
             if isinstance(c, cst.ClassDef) and c.name.value == owner), None)
        if helper is None or helper.asynchronous:
            return None
        params = [p.name.value for p in helper.params.params]
        if owner and params and any(dotted_name(d.decorator) == "classmethod" for d in helper.decorators):
            params = params[1:]
        given: set[str] = set()
        for position, arg in enumerate(call.args):
            if arg.star or not (isinstance(arg.value, cst.Name) and arg.value.value in watched):
                continue
            param = arg.keyword.value if arg.keyword is not None else params[position] if position < len(params) \
                else None
            if param is None:
                return None
            given.add(param)
        return (helper, given) if given else None

    def branch_targets(self, chain: cst.If, watched: set[str]) -> list[tuple[str | None, bool]]:
        """The models an ``if``/``elif`` chain's branches admit; a final ``else``, or a branch whose test
        is not a model guard on the sender or the instance, acts on every model."""
        found: list[tuple[str | None, bool]] = []
        branch: cst.If | cst.Else | None = chain
        while isinstance(branch, cst.If):
            targets = self.guard_targets(branch.test) if {n.value for n in _names(branch.test)} & watched else None
            if targets is None:
                return [(None, False)]
            found += targets
            branch = branch.orelse
        return [(None, False)] if branch is not None else found

    def guard_targets(self, test: cst.BaseExpression) -> list[tuple[str | None, bool]] | None:
        if (isinstance(test, cst.Call) and dotted_name(test.func) in ("isinstance", "issubclass")
                and len(test.args) == 2):
            classes = test.args[1].value
            items = [e.value for e in classes.elements] if isinstance(classes, cst.Tuple) else [classes]
            return [(ref, True) for item in items for ref in self.class_ref(item, {})]
        if isinstance(test, cst.Comparison) and len(test.comparisons) == 1:
            target = test.comparisons[0].comparator
            is_collection = isinstance(target, (cst.Tuple, cst.List, cst.Set))
            items = [e.value for e in target.elements] if is_collection else [target]
            return [(ref, False) for item in items for ref in self.class_ref(item, {})]
        return None

    def listener(self, call: cst.Call, target: cst.BaseExpression | None, identifier: cst.BaseExpression | None,
                 anchor: cst.CSTNode, function: str) -> None:
        event = _string(identifier)
        if event not in MAPPER_EVENTS or target is None:
            return
        propagate = is_true(_arg(call, None, "propagate"))
        if any_matches(self.qualify(target), SQLALCHEMY.hooks.every_model):
            refs = [ALL_MODELS]
        else:
            refs = self.class_ref(target, {})
        for ref in refs:
            self.pending.append(_Pending("mapper_event", event, ref, anchor, function, propagate))

    def anchor(self, handler: cst.BaseExpression | None, statement: cst.CSTNode) -> cst.CSTNode:
        """Where a connected handler is defined: its def in this module, else the registering statement
        (remembering the handler's qualified name, whose def another file holds)."""
        if isinstance(handler, cst.Name) and handler.value in self.functions:
            return self.functions[handler.value]
        dotted = dotted_name(handler)
        if dotted is not None and not dotted.startswith("self."):
            self.handlers[statement] = self.imports.qualify_dotted(dotted) or (
                f"{self.module_name}.{dotted}" if self.module_name else dotted)
        return statement

    def handler_of(self, anchor: cst.CSTNode) -> str:
        """The qualified name of a hook's function (``module.function``, ``module.Class.save``)."""
        if anchor in self.handlers:
            return self.handlers[anchor]
        if isinstance(anchor, cst.FunctionDef):  # a def nested in a function (``AppConfig.ready``)
            return f"{self.module_name}.{anchor.name.value}" if self.module_name else anchor.name.value
        return ""

    @staticmethod
    def handler_name(handler: cst.BaseExpression | None) -> str:
        if isinstance(handler, cst.Lambda):
            return "<lambda>"
        return dotted_name(handler) or "<handler>"


# -- line numbers --------------------------------------------------------------------------


def _lines(module: cst.Module, anchors: list[cst.CSTNode], statement_lines: Sequence[int]) -> dict[cst.CSTNode, int]:
    """Line numbers of hook anchors (a def's line, a registering statement's first line).

    Python's own parser gives positions far faster than LibCST's metadata: the n-th
    statement of the CST in source order is the n-th one of ``statement_lines``. When the
    two disagree (syntax this Python cannot read), the source text decides.
    """
    statements = list(walk_statements(module))
    if len(statements) == len(statement_lines):
        where = dict(zip(statements, statement_lines))
        return {node: where.get(node, 0) for node in anchors}
    return _lines_by_text(module, anchors)


def _lines_by_text(module: cst.Module, anchors: list[cst.CSTNode]) -> dict[cst.CSTNode, int]:
    """Fallback for syntax this Python's ``ast`` cannot read: the source line that starts the anchor
    (a ``def name``, or the statement's first line), the n-th such line for the anchor that is the n-th
    statement of its kind so started (the ``save()`` of the fourth model of the file)."""
    lines = [line.strip() for line in module.code.splitlines()]
    ordered = list(walk_statements(module))
    out = {}
    for node in anchors:
        if isinstance(node, cst.FunctionDef):
            pattern = re.compile(rf"^(async\s+)?def\s+{re.escape(node.name.value)}\b")
            found = [i for i, line in enumerate(lines, 1) if pattern.match(line)]
            alike = [s for s in ordered if isinstance(s, cst.FunctionDef) and s.name.value == node.name.value]
        else:
            head = _first_line(module, node)
            found = [i for i, line in enumerate(lines, 1) if head and line.startswith(head)]
            alike = [s for s in ordered if type(s) is type(node) and _first_line(module, s) == head]
        nth = next((i for i, s in enumerate(alike) if s is node), 0)
        out[node] = found[min(nth, len(found) - 1)] if found else 0
    return out


def _first_line(module: cst.Module, node: cst.CSTNode) -> str:
    return (module.code_for_node(node).strip().splitlines() or [""])[0]


def extract_hooks(path: str, module_name: str, module: cst.Module, imports: ImportTable,
                  statement_lines: Sequence[int]) -> tuple[HookFact, ...]:
    collector = _HookCollector(module_name, imports, module)
    collector.collect(module)
    if not collector.pending:
        return ()
    lines = _lines(module, [p.anchor for p in collector.pending], statement_lines)
    return tuple(
        HookFact(p.kind, p.event, p.model, path, lines[p.anchor], p.function, p.propagate, p.attributes, p.on_create,
                 p.on_update, collector.handler_of(p.anchor), p.needs, p.touches, p.effects,
                 p.bypasses, p.resumes, p.fills, p.by_name, p.requires, p.stamps, p.when)
        for p in collector.pending
    )


def extract_handlers(module_name: str, module: cst.Module, imports: ImportTable) -> tuple[HandlerFact, ...]:
    """Module-level functions shaped like signal receivers (first parameter ``sender``, or ``instance`` and
    ``**kwargs``, which take the sender): what a registration elsewhere runs."""
    collector = _HookCollector(module_name, imports, module)
    found = []
    for name, func in collector.functions.items():
        params = [p.name.value for p in (*func.params.params, *func.params.kwonly_params)]
        takes_rest = isinstance(func.params.star_kwarg, cst.Param)
        if not (params[:1] == ["sender"] or "instance" in params and takes_rest) or only_observes(func):
            continue
        targets = collector.guarded_models(func)
        every = targets == [(None, False)]
        models = () if every else tuple(ref for ref, _ in targets if ref)
        found.append(HandlerFact(collector.handlers[func], every, models, any(s for _, s in targets),
                                 acts_on_created_only(func), *receiver_summary(func), required_attribute(func)))
    return tuple(found)


# -- the registry --------------------------------------------------------------------------


def _contains(haystack: list[str], needle: list[str]) -> bool:
    n = len(needle)
    return any(haystack[i:i + n] == needle for i in range(len(haystack) - n + 1))


def _bind_handler(hook: HookFact, handler: HandlerFact | None) -> list[HookFact]:
    """A receiver registered by name, read through its function's definition: the models its guards
    admit (for a sender-less registration) and whether it acts on created rows only."""
    if hook.kind not in _SIGNAL_KINDS:
        return [hook]
    if handler is None:  # a sender-less registration of a handler never read: its models are unknown
        return [] if hook.by_name and hook.model is None else [hook]
    hook = replace(hook, on_create=hook.on_create or handler.on_create, touches=handler.touches,
                   effects=handler.effects, requires=handler.requires)
    if hook.model is not None or handler.every:
        return [hook]
    return [replace(hook, model=model, propagate=handler.subclasses) for model in handler.models]


def attname(attribute: str) -> str:
    """A relation and its key column are one attribute here: ``project_id`` is ``project``."""
    return attribute.removesuffix("_id")




def _handler_named(reference: str | None, by_suffix: dict[str, list[HandlerFact]]) -> HandlerFact | None:
    """The one handler function ``reference`` names, from this source root or another (``tcms.testruns.signals.f``
    for ``src.tcms.testruns.signals.f``, and the other way round)."""
    if not reference:
        return None
    found = by_suffix.get(reference, [])
    found = [h for h in found if h.qualname == reference] or found
    if not found:
        found = [h for suffix in dotted_suffixes(reference)[1:] for h in by_suffix.get(suffix, ()) if h.qualname == suffix]
    return found[0] if len(found) == 1 else None


def _same_function(qualname: str, reference: str) -> bool:
    """One dotted name ends the other: the same function named from different source roots."""
    longer, shorter = sorted((qualname, reference), key=len, reverse=True)
    return longer == shorter or longer.endswith("." + shorter)


class HookRegistry:
    """Every hook of the project, and which of them fire for a model."""

    def __init__(self, hooks: list[HookFact], models: ModelRegistry, handlers: Iterable[HandlerFact] = ()) -> None:
        by_suffix = by_dotted_suffix(handlers, lambda h: h.qualname)
        self.hooks = [bound for hook in hooks for bound in _bind_handler(hook, _handler_named(hook.handler, by_suffix))]
        self.models = models
        self._resolved: dict[str, ClassFact | None] = {}
        self._by_model: dict[str, list[HookFact]] | None = None
        self._lineages: dict[str, list[ClassFact]] = {}
        self._sends: dict[str, list[HookFact]] | None = None
        self._weighing: set[tuple[str, str]] = set()  # helper methods whose needs are being weighed
        self._managed: dict[str, list[tuple[ClassFact, str]]] | None = None  # managed_models, by class

    def resolve(self, ref: str | None) -> ClassFact | None:
        """The class a reference names: exact qualname, else a unique class of that name whose
        module path contains the reference's (``shop.Product``, a package re-export, a path
        relative to another root); a bare name only when it is unique among models."""
        if not ref:
            return None
        if ref not in self._resolved:
            self._resolved[ref] = self._resolve(ref)
        return self._resolved[ref]

    def _resolve(self, ref: str) -> ClassFact | None:
        exact = self.models.by_qualname.get(ref)
        if exact is not None:
            return exact
        module, _, name = ref.rpartition(".")
        candidates = self.models.by_name.get(name, [])
        if module:
            wanted = module.split(".")
            candidates = [c for c in candidates if _contains(c.qualname.split(".")[:-1], wanted)]
        if len(candidates) > 1:
            candidates = [c for c in candidates if self.models.orm_of(c)]
        return candidates[0] if len(candidates) == 1 else None

    def lineage(self, model: ClassFact) -> list[ClassFact]:
        """The class and its project base classes in method resolution order (depth first)."""
        if model.qualname in self._lineages:
            return self._lineages[model.qualname]
        out: list[ClassFact] = []
        seen: set[str] = set()

        def visit(fact: ClassFact) -> None:
            if fact.qualname in seen:
                return
            seen.add(fact.qualname)
            out.append(fact)
            for base in fact.bases:
                parent = self.resolve(base)
                if parent is not None:
                    visit(parent)

        visit(model)
        self._lineages[model.qualname] = out
        return out

    def related(self, model: ClassFact, other: ClassFact) -> bool:
        """The two models are one family: one derives from the other, or a relation (declared or
        reverse) of one leads to the other or to a class of its lineage."""
        lineage = {c.qualname for c in self.lineage(other)}
        model_lineage = {c.qualname for c in self.lineage(model)}
        if model.qualname in lineage or other.qualname in model_lineage:
            return True
        for source, wanted in ((model, lineage), (other, model_lineage)):
            for relation in self.models.relations(source).values():
                target = self.models.target(relation)
                if target is not None and (target.qualname in wanted
                                           or any(c.qualname in wanted for c in self.lineage(target))):
                    return True
        return False

    def _index(self) -> dict[str, list[HookFact]]:
        if self._by_model is None:
            self._by_model = {}
            for hook in self.hooks:
                if hook.model in (None, ALL_MODELS):
                    key = hook.model or ""
                else:
                    target = self.resolve(hook.model)
                    if target is None:
                        continue
                    key = target.qualname
                self._by_model.setdefault(key, []).append(hook)
        return self._by_model

    def hooks_for(self, model: ClassFact, events: Iterable[str], orm: str | None = None,
                  keys: Iterable[str] | None = None, given: Iterable[str] = (),
                  values: Mapping[str, cst.BaseExpression] | None = None) -> list[HookFact]:
        """Hooks that run when one ``model`` object goes through ``events`` one at a time.

        ``events`` names methods (``save``, ``delete``, ``delete_instance``), signals
        (``pre_save``...), mapper events (``before_insert``...) or ``validates``; ``orm``
        (default: the model's) decides which hook kinds can fire. ``keys``: the attributes a
        write of existing rows sets; a derived-field hook that neither reads nor sets any of
        them would do for those rows after the write what it did before: it does not count. ``given``: the
        attributes every new object of the write is constructed with; a save() that only sets some of them
        (``HookFact.fills``) gives those objects nothing they lack and hands on to its parent. ``values``: what
        the write sets them to, where it says (``update(status=Job.CANCELLED)``; see ``HookFact.when``).
        """
        written = None if keys is None else {attname(k) for k in keys}
        supplied = {attname(k) for k in given}
        orm = orm or self.models.orm_of(model)
        spec = spec_of(orm)
        kinds = spec.hooks.kinds if spec is not None else frozenset()
        wanted = set(events)
        index = self._index()
        lineage = self.lineage(model)
        found: list[HookFact] = []
        overridden: set[tuple[str, str]] = set()
        passed_over: dict[str, tuple[str, bool]] = {}  # method -> where passing over it ends (see passes_over)
        for depth, cls in enumerate(lineage):
            passed_over = {event: end for event, end in passed_over.items() if end != (cls.qualname, True)}
            for hook in index.get(cls.qualname, ()):
                if hook.kind not in kinds or hook.event not in wanted:
                    continue
                if hook.kind == "method" and hook.event in passed_over:
                    continue
                fills = {attname(f) for f in hook.fills}
                idle = (self.untouched(hook, model, written, values) or self.done_by_write(hook, model, written)
                        or bool(fills) and fills <= supplied)  # nothing for these
                if hook.kind in ("method", "validates"):
                    key = (hook.kind, hook.event if hook.kind == "method" else hook.function.rsplit(".", 1)[-1])
                    if key in overridden:
                        continue  # the nearest definition that acts wins
                    if idle or hook.kind == "method" and not self.acts(hook, model):
                        end = self.passes_over(hook, spec) if hook.kind == "method" else None
                        if end is not None:
                            passed_over[hook.event] = end
                        continue  # one that does not act hands on to its parent's (or the one it names)
                    overridden.add(key)
                    found.append(hook)
                elif not idle and (depth == 0 or hook.propagate) and self.acts(hook, model) and not self.lacks(
                        model, hook.requires, spec):
                    found.append(hook)
            passed_over = {event: end for event, end in passed_over.items() if end != (cls.qualname, False)}
        for hook in index.get("", []) + index.get(ALL_MODELS, []):
            if (hook.kind not in kinds or hook.event not in wanted or self.untouched(hook, model, written)
                    or self.lacks(model, hook.requires, spec)):
                continue
            if spec.hooks.signal_bases and hook.kind == spec.hooks.signal_kind and not self._signals_fire(spec, lineage):
                continue
            found.append(hook)
        if spec is not None and spec.hooks.signal_bases and not self._signals_fire(spec, lineage):
            found = [h for h in found if h.kind != spec.hooks.signal_kind]
        return found

    def passes_over(self, hook: HookFact, spec) -> tuple[str, bool] | None:
        """Where the parent's method an override calls by name (``HookFact.bypasses``) is found: the class and
        whether its own method runs; for the ORM's ``Model.save(self)``, past every class of the project."""
        base = self.resolve(hook.bypasses)
        if base is not None:
            return base.qualname, hook.resumes
        return (ALL_MODELS, False) if hook.resumes and spec is not None and spec.owns(hook.bypasses) else None

    def untouched(self, hook: HookFact, model: ClassFact, written: set[str] | None,
                  values: Mapping[str, cst.BaseExpression] | None = None) -> bool:
        """A derived-field hook that neither reads nor sets any attribute a write of existing rows sets, itself
        or through the model's properties it reads (``self.output_dir`` reading ``self.urls``), or through the
        model's own derived-field methods that are all it calls (``instance.clean()`` lower-casing ``name``);
        whatever the write sets (``update(**data)``), one that touches no field at all, only what the object
        keeps in memory (``delattr(self, "_template_cache")``). An attribute the hook acts on only for some new
        values (``HookFact.when``) does not count when ``values`` sets it to none of them."""
        if hook.touches is None:
            touches = self._methods_touch(model, hook.effects)
            return touches is not None and self.untouched(replace(hook, touches=touches), model, written)
        if written is None:
            stored = {attname(n) for n in (*self.models.fields(model), *self.models.relations(model))}
            return bool(hook.touches) and all(t.startswith("_") and not t.endswith("()") and attname(t) not in stored
                                              and self.property(model, t) is None for t in hook.touches)
        seen: set[str] = set()
        pending = list(hook.touches)
        while pending:
            name = pending.pop()
            if name in seen:
                continue
            seen.add(name)
            if name.endswith("()"):  # a method of the model's lineage the hook calls on its object
                touched = self._methods_touch(model, (f".{name[:-2]}",))
                if touched is None:
                    return False
                pending += touched
                continue
            found = self.property(model, name)
            if found is not None and found.touches is None:
                return False  # what the property reads is unknown
            pending += found.touches if found is not None else ()
        hit = written & {attname(t) for t in seen}
        for attribute, value in (values or {}).items():
            asked = [condition for name, condition in hook.when if attname(name) == attname(attribute)]
            if asked and all(value_fails(condition, value) for condition in asked):
                hit.discard(attname(attribute))
        return not hit

    def _methods_touch(self, model: ClassFact, effects: tuple[str, ...] | None) -> tuple[str, ...] | None:
        """What the model's methods a hook calls on its object (effects ``.clean``) read and set, when every
        effect is such a method and each (its nearest definition) only derives fields or changes nothing."""
        if not effects or not all(e.startswith(".") for e in effects):
            return None
        index = self._index()
        touched: set[str] = set()
        for method in (e[1:] for e in effects):
            cls = next((c for c in self.lineage(model) if any(name == method for name, _ in c.methods)), None)
            if cls is None:
                return None
            fact = next((h for h in index.get(cls.qualname, ()) if h.event == method and h.kind in ("derived", "inert")),
                        None)
            if fact is None:
                return None
            touched.update(fact.touches or ())
        return tuple(sorted(touched))

    def done_by_write(self, hook: HookFact, model: ClassFact, written: set[str] | None) -> bool:
        """A derived-field save() whose written-only attributes (``HookFact.stamps``: ``date_modified``) a write
        of existing rows sets itself, and none of what it reads: the write has done what it would."""
        if written is None or not hook.stamps or not {attname(s) for s in hook.stamps} <= written:
            return False
        reads = tuple(t for t in hook.touches or () if t not in hook.stamps)
        return self.untouched(replace(hook, touches=reads), model, written)

    def lacks(self, model: ClassFact, name: str, spec) -> bool:
        """No class of the model's lineage defines ``name`` (a field, relation, manager, method, property or
        class attribute), and every base outside the project is the ORM's own: ``hasattr(instance, name)`` is
        false for its objects."""
        if not name or spec is None:
            return False
        if "." in name:  # Message.SAVE_LABELS_ATTR: the text the model's constant holds
            owner, constant = name.split(".")
            name = next((text for cls in self.lineage(model) if cls.name == owner
                         for key, text in cls.constants if key == constant), "")
            if not name:
                return False
        index = self._index()
        for cls in self.lineage(model):
            members = (*(f.name for f in (*cls.fields, *cls.relations)), *cls.managers, *(m for m, _ in cls.methods),
                       *(h.event for h in index.get(cls.qualname, ()) if h.kind in ("attribute", "property")))
            if name in members or any(self.resolve(b) is None and not spec.owns(b) for b in cls.bases):
                return False
        return True

    def property(self, model: ClassFact, name: str) -> HookFact | None:
        """The nearest property ``name`` of the model's lineage."""
        index = self._index()
        return next((h for cls in self.lineage(model) for h in index.get(cls.qualname, ())
                     if h.kind == "property" and h.event == name), None)

    def acts(self, hook: HookFact, model: ClassFact) -> bool:
        """Whether a save()/delete() override (or a django-lifecycle hook method) does anything for ``model``
        beyond its parent's method:
        its conditions read class attributes the model leaves unset, or call methods the model leaves
        empty (see ``HookFact.needs``)."""
        if hook.needs is None:
            return True
        return any(not self.inert(model, need[:-2]) if need.endswith("()")
                   else all(self.attribute(model, name) != FALSY for name in need.split("|"))
                   for need in hook.needs)

    def attribute(self, model: ClassFact, name: str) -> str | None:
        """``falsy``/``set``: the class attribute ``name`` as the nearest class of the lineage sets it
        (a field, relation or method of that name is set); None when no class sets it to a literal."""
        index = self._index()
        for cls in self.lineage(model):
            picked = [h.function for h in index.get(cls.qualname, ()) if h.kind == "fields_of" and h.event == name]
            if picked:  # a property listing the model's fields of a type: empty when it has none
                return SET if self.has_field_of(model, picked[0]) else FALSY
            if any(member.name == name for member in (*cls.fields, *cls.relations)) or \
                    any(method == name for method, _ in cls.methods):
                return SET
            found = [h.function for h in index.get(cls.qualname, ()) if h.kind == "attribute" and h.event == name]
            if found:
                return found[-1]
        return None

    def has_field_of(self, model: ClassFact, field_type: str) -> bool:
        """The model may have a field of ``field_type``: one of the built-in classes of its family, a
        project field class deriving from one, or another library's field class named like one
        (``ThumbnailerImageField``)."""
        members = _FIELD_FAMILIES.get(field_type, (field_type,))
        stems = {m.rsplit(".", 1)[-1].removesuffix("Field") for m in members}
        package = field_type.split(".", 1)[0]

        def matches(type_name: str) -> bool:
            if type_name in members:
                return True
            project = self.resolve(type_name)
            if project is not None:
                return any(base in members for cls in self.lineage(project) for base in cls.bases)
            return not type_name.startswith(package + ".") and any(stem in type_name for stem in stems)

        return any(matches(f.type) for cls in self.lineage(model) for f in cls.fields)

    def inert(self, model: ClassFact, method: str) -> bool:
        """The model's ``method`` (its nearest definition) changes nothing; a validation method no
        class of the project defines is the ORM's own, which checks nothing (Django ``Model.clean``)."""
        index = self._index()
        for cls in self.lineage(model):
            if any(name == method for name, _ in cls.methods):
                facts = [h for h in index.get(cls.qualname, ()) if h.event == method]
                if any(h.kind == "inert" for h in facts):
                    return True
                conditional = next((h for h in facts if h.kind == "conditional"), None)
                if conditional is None or (cls.qualname, method) in self._weighing:
                    return False
                self._weighing.add((cls.qualname, method))  # a helper calling itself does something
                try:
                    return not self.acts(conditional, model)
                finally:
                    self._weighing.discard((cls.qualname, method))
        return method == CUSTOM_VALIDATION

    def sent_by(self, function: str, model: ClassFact) -> set[str]:
        """The signals (``post_save``...) the module-level ``function`` sends by hand for ``model``;
        ``function`` as an import names it may leave out the source root (``documents.tasks.f`` for
        ``src.documents.tasks.f``), so one name ending the other matches."""
        if self._sends is None:
            self._sends = {}
            for hook in self.hooks:
                if hook.kind == "sends":
                    self._sends.setdefault(hook.handler.rsplit(".", 1)[-1], []).append(hook)
        return {h.event for h in self._sends.get(function.rsplit(".", 1)[-1], ())
                if _same_function(h.handler, function) and self.resolve(h.model) == model}

    def deletes_row_by_row(self, model: ClassFact, manager: str) -> bool:
        """``model.<manager>...delete()`` calls ``delete()`` on each row: the default manager of a library base
        whose QuerySet does so (django-softdelete's ``SoftDeleteObject``)."""
        return manager in DJANGO.managers and any(DJANGO_EXTRAS.per_object_delete_bases.matches(base)
                                                  for cls in self.lineage(model) for base in cls.bases)

    def custom_bulk_method(self, model: ClassFact, manager: str, method: str) -> HookFact | None:
        """The override of ``method`` on the QuerySet/Manager class behind ``model.<manager>``."""
        index = self._index()
        manager = "objects" if manager in ("_default_manager", "_base_manager") else manager
        for cls in self.lineage(model):
            for fact in index.get(cls.qualname, ()):
                if fact.kind != "manager" or fact.event != manager:
                    continue
                for owner in self._queryset_lineage(self.resolve(fact.function)):
                    for hook in index.get(owner.qualname, ()):
                        if hook.kind == "method" and hook.event == method:
                            return hook
        return None

    def managed_models(self, queryset_class: str) -> list[tuple[ClassFact, str]]:
        """(model, manager attribute) of each concrete model whose manager runs the methods of the
        QuerySet/Manager class ``queryset_class`` (``objects = CityManager()``, ``CityQuerySet.as_manager()``):
        what ``self`` is in that class's methods."""
        if self._managed is None:
            self._managed = {}
            index = self._index()
            for model in self.models.models():
                if not self.models.is_concrete(model):
                    continue
                for cls in self.lineage(model):
                    for fact in index.get(cls.qualname, ()):
                        if fact.kind == "manager" and fact.event != DJANGO_EXTRAS.queryset_builder:
                            for owner in self._queryset_lineage(self.resolve(fact.function)):
                                self._managed.setdefault(owner.qualname, []).append((model, fact.event))
        return self._managed.get(queryset_class, [])

    def _queryset_lineage(self, manager: ClassFact | None) -> list[ClassFact]:
        """The classes whose methods a manager class runs: its own lineage, then the lineage of the
        QuerySet class its ``get_queryset()`` builds."""
        if manager is None:
            return []
        lineage = self.lineage(manager)
        index = self._index()
        built = [self.resolve(f.function) for cls in lineage for f in index.get(cls.qualname, ())
                 if f.kind == "manager" and f.event == DJANGO_EXTRAS.queryset_builder]
        return lineage + [c for queryset in built[:1] if queryset is not None for c in self.lineage(queryset)]

    def queryset_class(self, model: ClassFact, method: str, on_queryset: bool = False) -> ClassFact | None:
        """The QuerySet/Manager class behind one of ``model``'s managers that defines ``method``: the manager's
        own classes first, then the QuerySet class its ``get_queryset()`` builds; ``on_queryset`` (the method is
        called on a queryset, ``Model.objects.all().m()``, not on the manager) the other way round, as Python
        resolves it on the queryset (a manager's ``m()`` handing on to the queryset's is not what runs)."""
        index = self._index()
        for cls in self.lineage(model):
            for fact in index.get(cls.qualname, ()):
                target = self.resolve(fact.function) if fact.kind == "manager" else None
                classes = self._queryset_lineage(target)
                if on_queryset:
                    own = self.lineage(target) if target is not None else []
                    classes = [c for c in classes if c not in own] + own
                for owner in classes:
                    if any(name == method for name, _ in owner.methods):
                        return owner
        return None

    def manager_loads(self, model: ClassFact) -> frozenset[str] | None:
        """What every row of the model's manager comes with: the paths its own ``get_queryset()`` eager-loads
        by name (none when it keeps Django's); None when that method eager-loads in a way not written out."""
        custom = self.queryset_class(model, "get_queryset")
        if custom is None or "get_queryset" not in custom.reshaping:
            return frozenset()
        return frozenset(custom.queryset_loads) or None

    def manager_named(self, model: ClassFact, name: str) -> bool:
        """Whether ``model.<name>`` is one of its custom managers (``urls = UrlManager()``)."""
        index = self._index()
        return any(fact.kind == "manager" and fact.event == name
                   for cls in self.lineage(model) for fact in index.get(cls.qualname, ()))

    def keeps_rows(self, model: ClassFact, method: str, on_queryset: bool = False) -> bool:
        """Whether ``method`` is one of the model's custom QuerySet/Manager methods that hands back the same
        rows with what they eager-load (it filters or orders; it neither eager-loads nor builds something else)."""
        defined_on = self.queryset_class(model, method, on_queryset)
        return defined_on is not None and method not in defined_on.reshaping and method not in defined_on.mappings

    @staticmethod
    def _signals_fire(spec, lineage: list[ClassFact]) -> bool:
        """Signals that fire only for models derived from a base of their own (playhouse.signals.Model)."""
        return any(any_matches(base, spec.hooks.signal_bases) for cls in lineage for base in cls.bases)
