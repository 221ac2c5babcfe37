"""Functions of other modules that return a query: what the caller's loop iterates.

A router looping over ``crud.list_heroes(session)`` or ``repo.list()`` reads rows built in
another module. The index pass summarises each function or method that returns a query,
from its text alone (it cannot see the models yet): the model it selects, whether it
returns rows or one row, and the relations its loaders name. The N+1 analysis turns a
call of such a function into the rows it yields.
"""

from __future__ import annotations

import libcst as cst

from ormlint.index.derived import derived_table
from ormlint.index.effects import enqueued_when_called
from ormlint.index.facts import LOADER_DEFAULT, QueryingFact, ReturnFact
from ormlint.orms import ORMS
from ormlint.orms.django import DJANGO
from ormlint.orms.peewee import PEEWEE
from ormlint.orms.sqlalchemy import SA, SQLALCHEMY
from ormlint.syntax.literals import memoised, positional, string_value
from ormlint.syntax.names import ImportTable, by_dotted_suffix, dotted_name, reexported
from ormlint.syntax.walk import descendants

# text of functions that return a query, or run one per call (``db.session.get(``, Peewee ``get_or_none(``)
HINTS = (".objects", "select(", "query(", ".filter(", ".all(", "session.get(", "get_or_none(", "get_by_id(")

ONE_ROW = frozenset(name for spec in ORMS for name in spec.query.single | spec.query.model_single)
_LOADERS = {loader.name: loader for spec in ORMS for loader in spec.query.loaders}
# loaders that, called without arguments, follow the model's own relations (Django select_related())
_DEFAULT_LOADERS = frozenset(loader.name for spec in ORMS for loader in spec.query.loaders if loader.no_arguments)
_STARTS = frozenset(name for spec in ORMS for name in spec.query.starts)
_AGGREGATES = frozenset(name for spec in ORMS for name in spec.query.aggregates)
_MANAGERS = frozenset(name for spec in ORMS for name in spec.managers)
_LOCKS = frozenset(name for spec in ORMS for name in spec.query.locks)
_STATEMENTS = frozenset(name for f in SQLALCHEMY.query.functions for name in f.names) | {SA.session_query}
# per-row writes: of an object (``obj.save()``), and of a manager or query (``Model.objects.create()``)
_INSTANCE_WRITES = frozenset(m for spec in ORMS for w in spec.writes if "instance" in w.on for m in w.methods)
_QUERY_WRITES = frozenset(m for spec in ORMS for w in spec.writes if w.on & {"query", "model"} for m in w.methods)
# calls that run a whole program of coroutines to its end: ``asyncio.run(main())``, ``loop.run_until_complete(...)``
_RUNS_COROUTINES = ("asyncio.run", "asyncio.runners.run")
_RUNS_COROUTINE_METHOD = "run_until_complete"


def _returned(function: cst.FunctionDef) -> cst.BaseExpression | None:
    """The expression the function's last ``return`` hands back, through one local variable."""
    nodes = list(descendants(function.body))
    returns = [n for n in nodes if isinstance(n, cst.Return) and n.value is not None]
    if not returns:
        return None
    value = returns[-1].value
    while (isinstance(value, cst.Call) and dotted_name(value.func) in ("list", "tuple")) or isinstance(
            value, cst.Subscript):  # list(rows); aggregate(...)["total"]: what the query returned, indexed
        value = value.value if isinstance(value, cst.Subscript) else (value.args[0].value if value.args else None)
    if isinstance(value, cst.Await):
        value = value.expression
    if isinstance(value, cst.Name):  # rows = ...; return rows
        assigned = [n.value for n in nodes if isinstance(n, cst.Assign) and any(
            isinstance(t.target, cst.Name) and t.target.value == value.value for t in n.targets)]
        return assigned[-1] if assigned else None
    return value


EXECUTING = ONE_ROW | frozenset(name for spec in ORMS for name in spec.query.aggregates) | (
    SA.session_runs - {SA.session_query})


def _executes(expr: cst.BaseExpression) -> bool:
    """Whether the returned expression has already run its query (not a lazy Django queryset)."""
    node = expr.expression if isinstance(expr, cst.Await) else expr
    last = node.func.attr.value if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) else ""
    ran = any(isinstance(n, cst.Call) and isinstance(n.func, cst.Attribute) and n.func.attr.value in SA.session_runs
              for n in [node, *descendants(node)])
    return last in EXECUTING or (last in SA.result_rows | {"first"} and ran)


def _iterable(parts: list[cst.CSTNode]) -> bool:
    """Whether iterating the returned query runs it: a Django/Peewee/Tortoise queryset or SQLAlchemy's legacy
    ``session.query(...)``; a SQLAlchemy ``select()`` runs only when a session executes it."""
    callees = {n.func.attr.value if isinstance(n.func, cst.Attribute) else dotted_name(n.func)
               for part in parts for n in [part, *descendants(part)] if isinstance(n, cst.Call)}
    return SA.session_query in callees or not callees & (_STATEMENTS - {SA.session_query})


def _many(expr: cst.BaseExpression) -> bool:
    """Rows, unless the outermost call picks one (``.first()``, ``.get()``, ``.scalar_one()``)."""
    node = expr.expression if isinstance(expr, cst.Await) else expr
    return not (isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute)
                and node.func.attr.value in ONE_ROW)


def _converts(expr: cst.BaseExpression) -> bool:
    """A comprehension building something else from each row (``[to_server(r) for r in rows]``): what the
    function returns is not the query's rows; ``[r for r in rows if r.active]`` still is."""
    if not isinstance(expr, (cst.ListComp, cst.SetComp, cst.GeneratorExp, cst.DictComp)):
        return False
    if isinstance(expr, cst.DictComp):
        return True  # a mapping: looking a key up runs no query
    return not (isinstance(expr.elt, cst.Name) and isinstance(expr.for_in.target, cst.Name)
                and expr.elt.value == expr.for_in.target.value and expr.for_in.inner_for_in is None)


def _statements(expr: cst.BaseExpression, function: cst.FunctionDef) -> list[cst.CSTNode]:
    """The returned expression and the assignments of the local names it uses (``stmt = select(...)``)."""
    names = {n.value for n in [expr, *descendants(expr)] if isinstance(n, cst.Name)}
    parts: list[cst.CSTNode] = [expr]
    for node in descendants(function.body):
        if isinstance(node, cst.Assign) and any(isinstance(t.target, cst.Name) and t.target.value in names
                                                for t in node.targets):
            parts.append(node.value)
    return parts


_CONDITIONS = frozenset({"filter", "filter_by", "where"})


def _model(parts: list[cst.CSTNode]) -> str | None:
    """The model the query names: ``select(M)``, ``session.query(M)``, ``M.objects``, ``M.select()``."""
    for part in parts:
        for node in [part, *descendants(part)]:
            if isinstance(node, cst.Attribute) and node.attr.value in DJANGO.managers - {"_base_manager"}:
                return dotted_name(node.value)
            if isinstance(node, cst.Attribute) and node.attr.value in _MANAGERS and _names_model(node.value):
                return dotted_name(node.value)  # Flask-SQLAlchemy's (or a query_property's) cls.query, User.query
            if not isinstance(node, cst.Call):
                continue
            callee = node.func.attr.value if isinstance(node.func, cst.Attribute) else dotted_name(node.func)
            args = positional(node)
            if callee in _STATEMENTS and args and isinstance(args[0], (cst.Name, cst.Attribute)):
                return dotted_name(args[0])
            if callee in _STATEMENTS and args and isinstance(args[0], cst.Call):  # select(func.count(Order.id))
                column = next((a for a in positional(args[0]) if isinstance(a, cst.Attribute)), None)
                owner = dotted_name(column.value) if column is not None else None
                if owner and owner.rsplit(".", 1)[-1][:1].isupper():
                    return owner
            receiver = dotted_name(node.func.value) if isinstance(node.func, cst.Attribute) else None
            if callee in _STARTS and receiver and receiver.rsplit(".", 1)[-1][:1].isupper():
                return receiver  # Peewee Tweet.select(), Tortoise Tweet.filter()
    return None


def _wraps(expr: cst.BaseExpression) -> bool:
    """``group_list(query, key=...)``: another function's result built from the query, not the query."""
    node = expr.expression if isinstance(expr, cst.Await) else expr
    return isinstance(node, cst.Call) and isinstance(node.func, cst.Name) and node.func.value not in _STATEMENTS


def _names_model(expr: cst.BaseExpression) -> bool:
    """``cls`` in a classmethod, or a class by its name (``User``, ``models.User``): not ``request.query``."""
    name = dotted_name(expr) or ""
    return name == "cls" or name.rsplit(".", 1)[-1][:1].isupper()


def _loads(parts: list[cst.CSTNode]) -> tuple[set[str], bool]:
    """The relation paths the query's loaders name, and whether some loader is unknowable."""
    paths: set[str] = set()
    opaque = False
    for part in parts:
        for node in [part, *descendants(part)]:
            if not isinstance(node, cst.Call):
                continue
            name = node.func.attr.value if isinstance(node.func, cst.Attribute) else (dotted_name(node.func) or "")
            loader = _LOADERS.get(name)
            if loader is not None and loader.style == "paths":
                for arg in node.args:
                    text = string_value(arg.value)
                    opaque = opaque or text is None
                    pieces = (text or "").split("__")
                    paths.update("__".join(pieces[:i]) for i in range(1, len(pieces) + 1) if text)
                if not node.args and name in _DEFAULT_LOADERS:
                    paths.add(LOADER_DEFAULT)
            elif loader is not None and loader.style == "option" and loader.effect == "eager":
                chain = []  # joinedload(A.b).selectinload(B.c): b, then b__c
                link: cst.CSTNode = node
                while isinstance(link, cst.Call):
                    chain.append(link)
                    link = link.func.value if isinstance(link.func, cst.Attribute) else None
                path = [a.attr.value if isinstance(a, cst.Attribute) else (string_value(a) or "*")
                        for link in reversed(chain) for a in positional(link)]
                paths.update("__".join(path[:i]) for i in range(1, len(path) + 1))
            elif name == "options" and any(a.star for a in node.args) or (
                    loader is not None and loader.style in ("query", "entities")) or (
                    name in PEEWEE.query.starts and isinstance(node.func, cst.Attribute) and len(positional(node)) > 1):
                opaque = True  # loaders from a variable; Peewee prefetch() or select(Tweet, User)
    return paths, opaque


def _summary(key: str, function: cst.FunctionDef, module_name: str, imports: ImportTable) -> ReturnFact | None:
    expr = _returned(function)
    if expr is None or _converts(expr) or _wraps(expr) or _extends_parameter(expr, function):
        return None
    parts = _statements(expr, function)
    model = _model(parts)
    if model is None:
        return None
    qualified = imports.qualify_dotted(model) or (f"{module_name}.{model}" if module_name else model)
    paths, opaque = _loads(parts)
    executes = _executes(expr) and not memoised(function)  # a cached answer runs no query per call
    return ReturnFact(key, qualified, _many(expr), tuple(sorted(paths)), opaque, executes, _iterable(parts),
                      _fixed(parts, model))


def _extends_parameter(expr: cst.BaseExpression, function: cst.FunctionDef) -> bool:
    """The returned chain starts from a parameter the function never rebinds (``return qs.annotate(...)`` in
    ``def annotate_budget_used(cls, qs)``): the caller's query, of a model not known here (a subquery in its
    arguments names another)."""
    root, first = expr, ""
    while isinstance(root, (cst.Call, cst.Attribute, cst.Subscript)):
        if isinstance(root, cst.Attribute):
            first = root.attr.value
        root = root.func if isinstance(root, cst.Call) else root.value
    params = {p.name.value for p in (*function.params.posonly_params, *function.params.params,
                                     *function.params.kwonly_params)} - {"self", "cls"}
    if first in SA.session_runs | SA.session_gets:
        return False  # session.scalars(select(User)...): a session handed in runs the function's own query
    return isinstance(root, cst.Name) and root.value in params and not any(
        isinstance(n, cst.Assign) and any(isinstance(t.target, cst.Name) and t.target.value == root.value
                                          for t in n.targets) for n in descendants(function.body))


def _fixed(parts: list[cst.CSTNode], model: str) -> tuple[str, ...]:
    """The attributes of ``model`` that the query's conditions each hold to one value: an argument of
    ``filter()``/``where()`` comparing ``Model.attr == x``, or a keyword of ``filter_by(attr=x)`` (not inside
    ``or_()``: only whole conditions)."""
    found: set[str] = set()
    for part in parts:
        for node in [part, *descendants(part)]:
            if not (isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute)
                    and node.func.attr.value in _CONDITIONS):
                continue
            for arg in node.args:
                if arg.keyword is not None and node.func.attr.value == "filter_by":
                    found.add(arg.keyword.value)
                elif arg.keyword is None and not arg.star and isinstance(arg.value, cst.Comparison) \
                        and len(arg.value.comparisons) == 1 and isinstance(arg.value.comparisons[0].operator, cst.Equal) \
                        and isinstance(arg.value.left, cst.Attribute) and dotted_name(arg.value.left.value) == model:
                    found.add(arg.value.left.attr.value)
    return tuple(sorted(found))


def extract_returns(module: cst.Module, module_name: str, imports: ImportTable) -> tuple[ReturnFact, ...]:
    """Index facts: the module's functions and methods that return a query."""
    return tuple(fact for key, function, _ in _functions(module, module_name)
                 if (fact := _summary(key, function, module_name, imports)) is not None)


def _runs_query(call: cst.Call, writes: bool = False, querysets: frozenset[str] = frozenset()) -> bool:
    """Whether a call runs a query by itself: a single-row or aggregate method (``.get()``, ``.first()``,
    ``.count()``), a session's ``get``/``execute``/``scalar(s)``; a lazy queryset or statement does not.
    With ``writes``, a per-row write too (``obj.save()``, ``Model.objects.create()``). ``querysets``: local
    names bound to a query (``qs.exists()`` after ``qs = Member.objects.filter(...)``)."""
    if not isinstance(call.func, cst.Attribute):
        return False
    method, receiver = call.func.attr.value, call.func.value
    last = (dotted_name(receiver) or "").rsplit(".", 1)[-1]
    if method in SA.session_gets | SA.session_runs and _names_session(last):
        return method != SA.session_query
    if method in SA.result_rows and _on_session(receiver):
        return True  # session.query(M).filter(...).all(), session.scalars(stmt).all(): SQLAlchemy runs it here
    if writes and method in _INSTANCE_WRITES:
        return True
    # a query: a chain (``.filter(...).first()``), a manager (``Order.objects.count()``), a model class
    # (``Tweet.get_or_none(...)``); ``data.get(key)`` and ``items.count(x)`` are not
    query = isinstance(receiver, cst.Call) or last in _MANAGERS or last[:1].isupper() or (
        isinstance(receiver, cst.Name) and receiver.value in querysets)
    return query and method in ONE_ROW | _AGGREGATES | (_QUERY_WRITES if writes else frozenset())


def _names_session(name: str) -> bool:
    """``session``, ``db_session``, ``self._db``'s ``_db``: what a SQLAlchemy session is usually called."""
    return "session" in name.lower() or name.lstrip("_") in SA.session_names


def _on_session(chain: cst.BaseExpression) -> bool:
    """A chain started by a session's query or execution (``session.query(M).filter(...)``, ``db.scalars(s)``)."""
    while isinstance(chain, cst.Call) and isinstance(chain.func, cst.Attribute):
        if chain.func.attr.value in SA.session_runs and _names_session(
                (dotted_name(chain.func.value) or "").rsplit(".", 1)[-1]):
            return True
        chain = chain.func.value
    return False


def runs_job(function: cst.FunctionDef, functions: dict[str, cst.FunctionDef], imports: ImportTable) -> bool:
    """Whether one call of ``function`` is a whole unit of work, not a lookup: it runs a program of coroutines
    to its end (``asyncio.run(...)``), or loops over a collection of its own with a query or a write per
    element, directly or through a function of its module (``functions``) that runs one (``for path in
    found: scan_file(user, path)``). Called once per item of a loop, it is a job per item: no rows can be
    fetched for it before that loop. A loop over what a parameter holds (``order.items.all()``) is not
    a collection of its own: it is the per-item load itself."""
    params = {p.name.value for p in (*function.params.posonly_params, *function.params.params,
                                     *function.params.kwonly_params)}
    for node in descendants(function.body):
        if not isinstance(node, cst.Call):
            continue
        if imports.qualify(node.func) in _RUNS_COROUTINES or (
                isinstance(node.func, cst.Attribute) and node.func.attr.value == _RUNS_COROUTINE_METHOD):
            return True
    for loop in (n for n in descendants(function.body) if isinstance(n, (cst.For, cst.While))):
        head = loop.iter if isinstance(loop, cst.For) else loop.test
        if any(isinstance(n, cst.Attribute) and isinstance(n.value, cst.Name) and n.value.value in params
               for n in (head, *descendants(head))):
            continue
        for call in (n for n in descendants(loop.body) if isinstance(n, cst.Call)):
            callee = functions.get(call.func.value) if isinstance(call.func, cst.Name) else None
            if _runs_query(call, writes=True) or callee is not None and callee is not function and any(
                    isinstance(n, cst.Call) and _runs_query(n, writes=True) for n in descendants(callee.body)):
                return True
    return False


def _querying(key: str, function: cst.FunctionDef, module_name: str, imports: ImportTable,
              functions: dict[str, cst.FunctionDef], siblings: dict[str, cst.FunctionDef]) -> QueryingFact | None:
    """The first query the function runs from its parameters outside a loop of its own (that loop is the
    function's own N+1, reported where it is written), unless the function caches its results, a call of
    it is a whole job (its queries are not a lookup that a batch before the caller's loop could do), or that
    query locks the row it reads (one lock per call is what the function is for)."""
    fact = _parameter_query(key, function, module_name, imports, siblings)
    if fact is None or memoised(function) or enqueued_when_called(function, imports) \
            or runs_job(function, functions, imports):
        return None
    return fact


def _parameter_query(key: str, function: cst.FunctionDef, module_name: str, imports: ImportTable,
                     siblings: dict[str, cst.FunctionDef]) -> QueryingFact | None:
    """The first query ``function`` runs from its parameters outside a loop of its own, unless it locks
    the row it reads; its model is the one it names, or the one a method of its class (``siblings``) builds
    the query on (``self._search(id_=id_).one_or_none()``)."""
    params = {p.name.value for p in (*function.params.params, *function.params.kwonly_params)} - {"self", "cls"}
    if not params:
        return None
    loops = [n for n in descendants(function.body) if isinstance(n, (cst.For, cst.While, cst.CompFor))]
    in_loop = {id(n) for loop in loops for n in descendants(loop)}
    assigned = _assigned_values(function)
    querysets = _query_names(assigned)
    for node in descendants(function.body):
        if not isinstance(node, cst.Call) or id(node) in in_loop or not _runs_query(node, querysets=querysets):
            continue
        used = sorted(_names_through(node, assigned) & params)
        if not used:
            continue
        if _locks(node):
            return None  # ``select_for_update().get(pk=obj.pk)``: a lock per call, taken on purpose
        args = positional(node)
        model = _model(_statements(node, function)) or (
            dotted_name(args[0]) if args and node.func.attr.value in SA.session_gets else None) or \
            _sibling_model(node, siblings)
        qualified = (imports.qualify_dotted(model) or (f"{module_name}.{model}" if module_name else model)) \
            if model else ""
        return QueryingFact(key, qualified, tuple(used))
    return None


def _sibling_model(call: cst.Call, siblings: dict[str, cst.FunctionDef]) -> str | None:
    """The model a chain started by a method of the same class queries (``self._search(...).first()``, where
    ``_search`` returns ``select(Org).where(...)``)."""
    node = call
    while isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute):
        if dotted_name(node.func.value) == "self" and node.func.attr.value in siblings:
            method = siblings[node.func.attr.value]
            return next((found for r in descendants(method.body) if isinstance(r, cst.Return) and r.value is not None
                         if (found := _model(_statements(r.value, method)))), None)
        node = node.func.value
    return None


def _locks(call: cst.Call) -> bool:
    """The query locks the rows it reads (``select_for_update()``, ``with_for_update()``)."""
    return any(isinstance(n, cst.Call) and isinstance(n.func, cst.Attribute) and n.func.attr.value in _LOCKS
               for n in [call, *descendants(call)])


def _assigned_values(function: cst.FunctionDef) -> dict[str, list[cst.BaseExpression]]:
    """The values the function assigns to each plain local name (``qs = M.objects.filter(member=member)``)."""
    values: dict[str, list[cst.BaseExpression]] = {}
    for node in descendants(function.body):
        if isinstance(node, cst.Assign):
            for target in node.targets:
                if isinstance(target.target, cst.Name):
                    values.setdefault(target.target.value, []).append(node.value)
    return values


def _query_names(assigned: dict[str, list[cst.BaseExpression]]) -> frozenset[str]:
    """Local names every assignment of which (:func:`_assigned_values`) binds a query of a model."""
    return frozenset(name for name, found in assigned.items()
                     if all(isinstance(v, cst.Call) and not _executes(v) and _model([v]) for v in found))


def _names_below(node: cst.CSTNode) -> set[str]:
    return {n.value for n in descendants(node) if isinstance(n, cst.Name)}


def _names_through(node: cst.CSTNode, assigned: dict[str, list[cst.BaseExpression]]) -> set[str]:
    """The names ``node`` reads, and those the local names it reads were assigned from, transitively
    (``qs.exists()`` after ``qs = M.objects.filter(member=member)`` reads ``member``)."""
    names = _names_below(node)
    pending = list(names)
    while pending:
        for value in assigned.get(pending.pop(), ()):
            for read in _names_below(value) - names:
                names.add(read)
                pending.append(read)
    return names


def extract_querying(module: cst.Module, module_name: str, imports: ImportTable) -> tuple[QueryingFact, ...]:
    """Index facts: the module's functions and methods that run a query from their parameters per call."""
    functions = {s.name.value: s for s in module.body if isinstance(s, cst.FunctionDef)}
    return tuple(fact for key, function, siblings in _functions(module, module_name)
                 if (fact := _querying(key, function, module_name, imports, functions, siblings)) is not None)


def _functions(module: cst.Module, module_name: str):
    """(qualified key, function, the other methods of its class by name) for the module's functions and its
    classes' methods."""
    prefix = f"{module_name}." if module_name else ""
    for stmt in module.body:
        if isinstance(stmt, cst.FunctionDef):
            yield prefix + stmt.name.value, stmt, {}
        elif isinstance(stmt, cst.ClassDef) and isinstance(stmt.body, cst.IndentedBlock):
            methods = {m.name.value: m for m in stmt.body.body if isinstance(m, cst.FunctionDef)}
            for method in methods.values():
                yield f"{prefix}{stmt.name.value}.{method.name.value}", method, methods


@derived_table
class ReturnTable:
    """Return facts of the whole project by every dotted suffix of their name (imports name them
    from the import root, the index from the project root)."""

    def __init__(self, index) -> None:
        files = index.files.values()
        self.by_suffix = by_dotted_suffix((f for facts in files for f in facts.returns), _function_of)
        self.querying = by_dotted_suffix((f for facts in files for f in facts.queries), _function_of)

    def get(self, qualified: str) -> ReturnFact | None:
        found = self.by_suffix.get(qualified) or reexported(self.by_suffix, qualified, _function_of)
        return found[0] if len(found) == 1 else None


def _function_of(fact: ReturnFact | QueryingFact) -> str:
    return fact.function


def returned_query(index, qualified: str) -> ReturnFact | None:
    """The query the function ``qualified`` returns, when the project defines it and it returns one (also
    named through a package that re-exports it)."""
    return index.derived(ReturnTable).get(qualified)


def query_per_call(index, qualified: str) -> QueryingFact | None:
    """What the function ``qualified`` queries each time it is called, when the project defines it (also
    named through a package that re-exports it)."""
    table = index.derived(ReturnTable).querying
    found = table.get(qualified) or reexported(table, qualified, _function_of)
    return found[0] if len(found) == 1 else None
