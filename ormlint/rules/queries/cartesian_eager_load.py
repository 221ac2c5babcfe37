"""ORM104 cartesian-eager-load: two collections eager-loaded by JOINs in one SQLAlchemy query."""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst

from ormlint.api import CstFix, Example, ImportSpec, Rule
from ormlint.core.roles import NON_PRODUCTION
from ormlint.index.facts import ClassFact
from ormlint.orms.spec import Loader
from ormlint.orms.sqlalchemy import SA, SQLALCHEMY, is_flask_db, is_sqlalchemy
from ormlint.syntax.literals import class_attributes, keyword, positional, string_value
from ormlint.syntax.names import dotted_name, value_bound_once
from ormlint.syntax.walk import descendants

_QUERY = SQLALCHEMY.query
_JOINED = SQLALCHEMY.relations.joined_strategies
_COLLECTION_LOADER = _QUERY.collection_loader
_SELECTIN_STRATEGY = SA.collection_strategy
_SELECTS = tuple(name for names in _QUERY.functions for name in names.names)
_PATH_LOADERS = frozenset(loader.name for loader in _QUERY.loaders if loader.effect == "path")

_MODELS = {
    "shop/models.py": '''
        from sqlalchemy import ForeignKey
        from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

        class Base(DeclarativeBase):
            pass

        class Customer(Base):
            __tablename__ = "customers"
            id: Mapped[int] = mapped_column(primary_key=True)

        class Order(Base):
            __tablename__ = "orders"
            id: Mapped[int] = mapped_column(primary_key=True)
            customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
            customer: Mapped[Customer] = relationship()
            lines: Mapped[list["Line"]] = relationship(back_populates="order")
            payments: Mapped[list["Payment"]] = relationship(back_populates="order")
            notes: Mapped[list["Note"]] = relationship(lazy="joined")

        class Line(Base):
            __tablename__ = "lines"
            id: Mapped[int] = mapped_column(primary_key=True)
            order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"))
            order: Mapped[Order] = relationship(back_populates="lines")
            product: Mapped["Product"] = relationship()

        class Payment(Base):
            __tablename__ = "payments"
            id: Mapped[int] = mapped_column(primary_key=True)
            order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"))
            order: Mapped[Order] = relationship(back_populates="payments")

        class Note(Base):
            __tablename__ = "notes"
            id: Mapped[int] = mapped_column(primary_key=True)
            order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"))
    ''',
}


@dataclass(frozen=True)
class _Link:
    """One strategy of a loader option: the relation path it applies to and how it loads it."""

    path: tuple[str, ...]
    loader: Loader
    name: cst.Name  # the loader's name as written (what a fix renames)
    root: ClassFact


@dataclass
class _Statement:
    """One SQL statement of a load: the rows it selects, and the collections it joins to them."""

    rows: ClassFact  # the model each row of the statement is
    loads: str  # "" for the query's own statement; else the relation it loads ("Tag.recipes")
    joined: list["_Joined"]


@dataclass(frozen=True)
class _Joined:
    """A collection loaded by a JOIN inside one query: its path, and the option that asks for it (None: the model)."""

    path: tuple[str, ...]
    owner: ClassFact
    relation: str
    link: _Link | None
    default: bool  # the model declares it lazy="joined": every query of the model joins it anyway

    @property
    def added(self) -> bool:
        """Joined by this query's options, not by the model's declaration."""
        return self.link is not None and not self.default


class CartesianEagerLoad(Rule):
    """
    ## What it does
    Finds a SQLAlchemy (or SQLModel, Flask-SQLAlchemy) query that eager-loads two or more
    collection relationships with JOINs in the same SQL statement: two `joinedload()` (or
    `contains_eager()`) options on collections, also spread over chained `.options(...)`
    calls, `Load(Model)` chains and lists of loader options gathered for one
    `options(*...)` call (reported at the query that spreads them, written there or bound once to a name of
    the function or the module, without a fix since the list may serve other queries; a module's list no
    query of its module spreads is reported where it is written, another module may use it), or one such
    option next to a collection the model declares
    with `lazy="joined"` (which joins into every query of the model). A collection is a
    relationship the model index knows to hold a list: `uselist=True`, a `Mapped[list[...]]`
    annotation, `secondary=...`, a `back_populates` partner on the foreign-key side, or the
    `backref` of a many-to-one (one declared `backref("ref", uselist=False)` is one object).
    A model whose own `lazy="joined"` collections (or those of the to-one relations it joins)
    cross is reported once, at its declaration: every query of it multiplies rows.

    Not reported: one joined collection with any number of many-to-one/one-to-one joins; a
    chain along one path (`joinedload(A.items).joinedload(Item.tags)` joins each item's tags
    to that item, which is the data itself); collections loaded by `selectinload()`,
    `subqueryload()`, `immediateload()` or lazily, which run their own statements (their own
    JOINs are checked as a query of their own); queries with `enable_eagerloads(False)`.
    Django's `prefetch_related()` runs one query per relation and `select_related()` only
    follows single-valued relations, so Django queries cannot multiply rows this way.

    ## Why is this bad?
    Each joined collection multiplies the rows of the parent: an order with 50 lines and 20
    payments comes back as 1,000 rows, every column of the order repeated in each, and the
    ORM has to de-duplicate them again. The cost grows with the product of the collection
    sizes, so a page that is fast in development can fetch millions of rows in production.

    ## Example
    ```python
    stmt = select(Order).options(joinedload(Order.lines), joinedload(Order.payments))
    ```

    ## Use instead
    ```python
    stmt = select(Order).options(joinedload(Order.lines), selectinload(Order.payments))
    ```
    Keep at most one collection joined per query; `selectinload()` loads each other one
    with a single `SELECT ... WHERE parent_id IN (...)`.

    ## Fix safety
    Safe: `joinedload()` of all but the first joined collection becomes `selectinload()`
    (on a model: `lazy="joined"` of all but one of its own collections becomes
    `lazy="selectin"`; collections other models declare joined are left to them). The
    same objects and collection contents load (the relationship's `order_by` is honoured
    by both strategies); only the SQL shape and the number of statements change. No fix is
    offered when a collection is joined by the model's `lazy="joined"` or by
    `contains_eager()` (the JOIN is written in the query, and may filter what it loads), and
    it is marked unsafe when the query locks rows (`with_for_update()`): the lock then no
    longer covers the collection rows.

    ## Where it reports
    | context | reports | why |
    |---|---|---|
    | application code | yes | where requests, jobs and commands run against production data |
    | `migration` | no | a migration's query runs once per deploy, over the data it migrates |
    | `shipped-migration` | no | a migration that shipped is never edited again |
    | `test` | no | tests and fixtures run against a throwaway database |
    | `test-settings` | no | settings of the test run |
    | `dev-data` | no | seed, demo and fake data only ever runs on a developer database |
    | `script` | no | a one-off script is run by hand, once |
    | `command` | yes | an operator's command runs against production data |
    | `example` | no | examples and documentation are not the project's running code |
    | `orm-source` | no | the ORM's own code implements what the rule checks; it does not misuse it |

    Roles are described in the README (Configuration); `[tool.ormlint.skip-roles]` changes
    this table per rule.

    ## References
    - [SQLAlchemy: Joined Eager Loading](https://docs.sqlalchemy.org/en/20/orm/queryguide/relationships.html#joined-eager-loading)
    - [SQLAlchemy: What Kind of Loading to Use?](https://docs.sqlalchemy.org/en/20/orm/queryguide/relationships.html#what-kind-of-loading-to-use)
    - [SQLAlchemy: Select IN loading](https://docs.sqlalchemy.org/en/20/orm/queryguide/relationships.html#select-in-loading)
    """

    code = "ORM104"
    name = "cartesian-eager-load"
    family = "queries"
    severity = "warning"
    orms = ("sqlalchemy", "sqlmodel")
    fix_safety = "safe"
    summary = "Two or more collections eager-loaded with JOINs in one query (rows multiply)"
    # the joining loaders, and the lazy= keyword that declares a joined relationship (lazy="joined", lazy=False)
    prefilter = (*(loader.name for loader in _QUERY.loaders if loader.joins), "lazy")
    skip_roles = NON_PRODUCTION | {"migration"}

    VALID = [
        Example('''
            from sqlalchemy import select
            from sqlalchemy.orm import joinedload, selectinload
            from shop.models import Order

            def detail(session):
                return session.scalars(select(Order).options(selectinload(Order.lines), selectinload(Order.payments))
                                       .options(joinedload(Order.customer))).all()
        ''', files=_MODELS),
        Example('''
            from sqlalchemy import select
            from sqlalchemy.orm import joinedload, selectinload
            from shop.models import Order, Line

            def detail(session):
                stmt = select(Order).options(joinedload(Order.lines).joinedload(Line.product), joinedload(Order.customer),
                                             selectinload(Order.notes))
                return session.scalars(stmt).unique().all()
        ''', files=_MODELS),
    ]
    INVALID = [
        Example('''
            from sqlalchemy import select
            from sqlalchemy.orm import joinedload
            from shop.models import Order

            def detail(session):
                stmt = select(Order).options(joinedload(Order.lines), joinedload(Order.payments), joinedload(Order.customer))
                return session.scalars(stmt).unique().all()
        ''', files=_MODELS, lines=(6,), fixed='''
            from sqlalchemy import select
            from sqlalchemy.orm import joinedload, selectinload
            from shop.models import Order

            def detail(session):
                stmt = select(Order).options(selectinload(Order.lines), selectinload(Order.payments), joinedload(Order.customer))
                return session.scalars(stmt).unique().all()
        ''', message="joins 3 collections into the statement of Order"),
        Example('''
            from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

            class Base(DeclarativeBase):
                pass

            class Author(Base):
                __tablename__ = "authors"
                id: Mapped[int] = mapped_column(primary_key=True)
                books: Mapped[list["Book"]] = relationship(lazy="joined")
                awards: Mapped[list["Award"]] = relationship(lazy="joined")
        ''', path="library/models.py", lines=(10,), fixed='''
            from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

            class Base(DeclarativeBase):
                pass

            class Author(Base):
                __tablename__ = "authors"
                id: Mapped[int] = mapped_column(primary_key=True)
                books: Mapped[list["Book"]] = relationship(lazy="joined")
                awards: Mapped[list["Award"]] = relationship(lazy="selectin")
        ''', message="every query of Author joins 2 collections"),
    ]

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self._spread_names: set[str] | None = None  # names this module spreads into a call (``*DETAIL``)

    def visit_Call(self, node: cst.Call) -> None:
        if not isinstance(node.func, cst.Attribute) or self._outer_chain() is not node:
            return
        chain = _chain(node)
        methods = {name for name, _ in chain}
        if _QUERY.options not in methods or SA.eager_switch in methods:
            return  # enable_eagerloads(False) (or a flag we cannot read): no eager loads to judge
        entity = self._entity(node)
        options: list[cst.BaseExpression | None] = []
        spread = False
        for arg in (arg for name, call in chain if name == _QUERY.options for arg in call.args):
            gathered = self._gathered(arg.value) if arg.star == "*" else None
            spread = spread or gathered is not None
            options.extend(gathered if gathered is not None else [None if arg.star else arg.value])
        self._check_options(node, options, entity, bool(methods & _QUERY.locks), "this query joins",
                            fixable=not spread)

    def _gathered(self, expr: cst.BaseExpression) -> list[cst.BaseExpression] | None:
        """The options of ``options(*DETAIL)``: a list or tuple written there, or bound once to the name in the
        function or at module level; None when they cannot be read."""
        expr = value_bound_once(expr, self.enclosing(cst.FunctionDef), self.ctx.module)
        if not isinstance(expr, (cst.List, cst.Tuple)) or any(isinstance(e, cst.StarredElement) for e in expr.elements):
            return None
        return [e.value for e in expr.elements]

    def visit_List(self, node: cst.List) -> None:
        self._option_list(node)

    def visit_Tuple(self, node: cst.Tuple) -> None:
        self._option_list(node)

    def _option_list(self, node: cst.List | cst.Tuple) -> None:
        """``[joinedload(A.x), joinedload(A.y)]``: loader options gathered to go into one ``options(*...)``,
        reported here only when no query of this module spreads them (the query is reported then): a module's
        list another module may use; not a list a function binds and never spreads (it runs no SQL)."""
        if self._spread_here(node):
            return
        values = [element.value for element in node.elements]
        if len(values) > 1 and all(isinstance(v, cst.Call) and not isinstance(element, cst.StarredElement)
                                   for v, element in zip(values, node.elements)) \
                and all(self._is_loader_function(_innermost_func(v)) for v in values):
            self._check_options(node, values, None, False, "these loader options join")

    def _spread_here(self, node: cst.List | cst.Tuple) -> bool:
        """The list is spread into a query's ``options(*...)`` of this module, in place or through the name it
        is bound to; or a function binds it to a name (used there or nowhere)."""
        parent = self.ctx.parent(node)
        if isinstance(parent, cst.Arg) and parent.star == "*":
            return True
        assign = self.ctx.parent(parent) if isinstance(parent, cst.AssignTarget) else parent
        if not (isinstance(assign, cst.Assign) and assign.value is node and len(assign.targets) == 1
                and isinstance(assign.targets[0].target, cst.Name)):
            return False
        if self.enclosing(cst.FunctionDef) is not None:
            return True
        if self._spread_names is None:
            self._spread_names = {n.value.value for n in descendants(self.ctx.module)
                                  if isinstance(n, cst.Arg) and n.star == "*" and isinstance(n.value, cst.Name)}
        return assign.targets[0].target.value in self._spread_names

    def _check_options(self, node: cst.CSTNode, options: list[cst.BaseExpression | None], entity: ClassFact | None,
                       locks: bool, what: str, fixable: bool = True) -> None:
        links: list[_Link] = []
        complete = True
        for option in options:
            read = self._option(option, entity) if option is not None else None
            if read is None:
                complete = False
            else:
                links.extend(read)
        roots = {link.root.qualname: link.root for link in links}
        for root in roots.values():
            self._check(node, root, [link for link in links if link.root.qualname == root.qualname], complete,
                        locks, what, fixable)

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        """A model whose own ``lazy="joined"`` collections cross: every query of it multiplies rows."""
        models = self.ctx.index.models
        model = models.by_qualname.get(f"{self.ctx.module_name}.{node.name.value}" if self.ctx.module_name
                                       else node.name.value)
        if model is None or not any(r.lazy in _JOINED for r in model.relations) or not models.is_concrete(model):
            return
        declared = class_attributes(node)
        joined = _statements(models, model, {}, True)[0].joined
        own = [j for j in joined if len(j.path) == 1 and j.path[0] in declared
               and any(j in pair for pair in _crossings(joined))]
        if not own:
            return
        names = ", ".join(_describe(j) for j in joined)
        message = (f"every query of {model.name} joins {len(joined)} collections into its statement ({names}): "
                   f"each {model.name} comes back as {' × '.join(j.relation for j in joined)} rows; declare all "
                   f"but one lazy=\"{_SELECTIN_STRATEGY}\" (one SELECT ... IN per collection)")
        self.report(declared[own[-1].path[0]], message, fix=_model_fix(joined, declared))

    # -- reading the query ---------------------------------------------------------
    def _outer_chain(self) -> cst.CSTNode:
        """The outermost call of the method chain the current call belongs to."""
        stack = self.ancestors
        index = len(stack) - 1
        while index >= 2 and isinstance(stack[index - 1], cst.Attribute) and stack[index - 1].value is stack[index] \
                and isinstance(stack[index - 2], cst.Call) and stack[index - 2].func is stack[index - 1]:
            index -= 2
        return stack[index]

    def _entity(self, outer: cst.Call) -> ClassFact | None:
        """The model a query selects, which string paths start from: ``select(M)``, ``session.query(M)``,
        ``db.select(M)``, Flask-SQLAlchemy's ``M.query``."""
        node: cst.BaseExpression = outer
        while isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute):
            if node.func.attr.value in (SA.session_query, *_SELECTS) and positional(node):
                return self._model(positional(node)[0])
            node = node.func.value
        if isinstance(node, cst.Attribute) and node.attr.value == SA.query_attribute:
            return self._model(node.value)
        if isinstance(node, cst.Call) and is_sqlalchemy(self.qualify(node.func), *_SELECTS) and positional(node):
            return self._model(positional(node)[0])
        return None

    def _option(self, option: cst.BaseExpression, entity: ClassFact | None) -> list[_Link] | None:
        """The strategies one loader option sets, in order; None when it cannot be read."""
        calls: list[cst.Call] = []
        node = option
        while isinstance(node, cst.Call):
            calls.append(node)
            node = node.func.value if isinstance(node.func, cst.Attribute) else None
        calls.reverse()
        root: ClassFact | None = entity
        path: tuple[str, ...] = ()
        links: list[_Link] = []
        for position, call in enumerate(calls):
            name = call.func.attr if isinstance(call.func, cst.Attribute) else call.func
            if not isinstance(name, cst.Name) or (position == 0 and not self._is_loader_function(call.func)):
                return None
            args = positional(call)
            if name.value == SA.loader_class:
                root = self._model(args[0]) if len(args) == 1 else None
                if root is None:
                    return None
                continue
            loader = _QUERY.loader(name.value)
            if loader is None:
                return None
            if loader.effect == "none":
                continue  # load_only("id"), defer(...): columns, not relations
            for arg in args:
                step = self._step(arg, root)
                if step is None:
                    return None
                owner, attrs = step
                root = owner if owner is not None and not path else root
                path += attrs
            if root is None or not path:
                return None
            links.append(_Link(path, loader, name, root))
        return links

    def _is_loader_function(self, func: cst.BaseExpression) -> bool:
        """``joinedload``/``orm.joinedload``/``Load`` from SQLAlchemy, or ``db.joinedload`` of Flask-SQLAlchemy."""
        if is_sqlalchemy(self.qualify(func)):
            return True
        return isinstance(func, cst.Attribute) and is_flask_db(func.value, frozenset())

    def _step(self, arg: cst.BaseExpression, root: ClassFact | None) -> tuple[ClassFact | None, tuple[str, ...]] | None:
        """The relation(s) one loader argument names: ``Order.lines`` (with its class), or ``"lines"``."""
        while isinstance(arg, cst.Call) and isinstance(arg.func, cst.Attribute) \
                and arg.func.attr.value in SA.path_modifiers:
            arg = arg.func.value  # Order.lines.of_type(...), Order.lines.and_(...)
        text = string_value(arg)
        if text is not None:
            return (None, tuple(text.split("."))) if root is not None and text != "*" else None
        if isinstance(arg, cst.Attribute):
            owner = self._model(arg.value)
            return (owner, (arg.attr.value,)) if owner is not None else None
        return None

    def _model(self, expr: cst.BaseExpression) -> ClassFact | None:
        dotted = dotted_name(expr)
        if dotted is None:
            return None
        qualified = self.ctx.imports.qualify_dotted(dotted)
        if qualified is None and "." not in dotted:
            qualified = f"{self.ctx.module_name}.{dotted}" if self.ctx.module_name else dotted
        return self.ctx.index.models.model(qualified) if qualified else None

    # -- judging it -----------------------------------------------------------------
    def _check(self, query: cst.CSTNode, root: ClassFact, links: list[_Link], complete: bool, locks: bool,
               what: str, fixable: bool) -> None:
        strategies: dict[tuple[str, ...], _Link] = {}
        for link in links:
            strategies[link.path] = link
        for statement in _statements(self.ctx.index.models, root, strategies, model_defaults=complete):
            if any(a.added or b.added for a, b in _crossings(statement.joined)):
                self._report(query, root, statement, strategies, locks, what, fixable)
                return

    def _report(self, query: cst.CSTNode, root: ClassFact, statement: _Statement,
                strategies: dict[tuple[str, ...], _Link], locks: bool, what: str, fixable: bool) -> None:
        joined, rows = statement.joined, statement.rows.name
        names = ", ".join(_describe(j) for j in joined)
        where = f"the statement that loads {statement.loads}" if statement.loads else f"the statement of {rows}"
        message = (f"{what} {len(joined)} collections into {where} ({names}): each {rows} comes back as "
                   f"{' × '.join(j.relation for j in joined)} rows; load all but one with "
                   f"{_COLLECTION_LOADER}() (one SELECT ... IN per collection)")
        # options gathered elsewhere may serve other queries too: no fix here
        self.report(self._statement(query), message, fix=self._fix(root, joined, strategies, locks) if fixable else None)

    def _statement(self, query: cst.CSTNode) -> cst.CSTNode:
        """Where to report: the simple statement that holds the query, else the query."""
        small = self.enclosing(cst.BaseSmallStatement)
        return small if small is not None and self.enclosing(cst.BaseCompoundStatement, cst.BaseSmallStatement) \
            is small else query

    def _fix(self, root: ClassFact, joined: list[_Joined], strategies: dict[tuple[str, ...], _Link],
             locks: bool) -> CstFix | None:
        """Every explicit joinedload of the collections off the first branch becomes selectinload."""
        kept: list[tuple[str, ...]] = []
        renamed: list[_Link] = []
        for item in sorted(joined, key=lambda j: j.link is not None):  # model defaults cannot move
            if all(_on_one_path(item.path, k) for k in kept):
                kept.append(item.path)
            elif item.link is not None and item.link.loader.name == SA.join_loader:
                renamed.append(item.link)
            else:
                return None
        changed = dict(strategies)
        selectin = _QUERY.loader(_COLLECTION_LOADER)
        for link in renamed:
            changed[link.path] = _Link(link.path, selectin, link.name, link.root)
        if any(_crossings(s.joined) for s in _statements(self.ctx.index.models, root, changed, True)):
            return None
        replacements = [(link.name, link.name.with_changes(value=_COLLECTION_LOADER)) for link in renamed]
        imports = [ImportSpec(SA.loader_module, _COLLECTION_LOADER)] if any(self._bare(link) for link in renamed) \
            else []
        return CstFix("unsafe" if locks else "safe",
                      f"load {', '.join('.'.join(link.path) for link in renamed)} with {_COLLECTION_LOADER}()",
                      replacements=replacements, imports=imports)

    def _bare(self, link: _Link) -> bool:
        """The loader is called by a bare imported name (the fix imports selectinload next to it)."""
        parent = self.ctx.parent(link.name)
        return isinstance(parent, cst.Call) and parent.func is link.name


def _model_fix(joined: list[_Joined], declared: dict[str, cst.BaseExpression]) -> CstFix | None:
    """``lazy="joined"`` of this model's own collections becomes ``lazy="selectin"`` for all but one branch
    (collections joined through other models stay: changing them would change those models' queries too)."""
    movable: dict[str, cst.BaseExpression] = {}
    for item in joined:
        call = declared.get(item.path[0]) if len(item.path) == 1 else None
        lazy = keyword(call, "lazy") if isinstance(call, cst.Call) else None
        if lazy is not None:
            movable[item.path[0]] = lazy
    for keep in (*movable, None):  # the first own collection that can stay joined, else none of them
        staying = [j for j in joined if j.path[0] not in movable or j.path[0] == keep]
        if not _crossings(staying):
            break
    else:
        return None
    replacements = []
    for name, lazy in movable.items():
        if name != keep:
            quote = lazy.value[0] if isinstance(lazy, cst.SimpleString) else '"'
            replacements.append((lazy, cst.SimpleString(f"{quote}{_SELECTIN_STRATEGY}{quote}")))
    return CstFix("safe", f"declare all but one joined collection lazy=\"{_SELECTIN_STRATEGY}\"",
                  replacements=replacements) if replacements else None


def _innermost_func(call: cst.Call) -> cst.BaseExpression:
    """``joinedload`` of ``joinedload(A.x).joinedload(X.y)``: the function a loader chain starts with."""
    while isinstance(call.func, cst.Attribute) and isinstance(call.func.value, cst.Call):
        call = call.func.value
    return call.func


def _chain(outer: cst.Call) -> list[tuple[str, cst.Call]]:
    """The method calls of a chain, innermost first: ``select(A).where(...).options(...)``."""
    calls: list[tuple[str, cst.Call]] = []
    node: cst.BaseExpression = outer
    while isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute):
        calls.append((node.func.attr.value, node))
        node = node.func.value
    calls.reverse()
    return calls


def _statements(models, root: ClassFact, strategies: dict[tuple[str, ...], _Link],
                model_defaults: bool) -> list[_Statement]:
    """The statements of a load and the collections each joins: the query's own first, then one per
    relation loaded by a statement of its own (selectinload, subqueryload) that the options go on from."""
    statements = [_Statement(root, "", [])]

    def walk(model: ClassFact, prefix: tuple[str, ...], group: list[_Joined], seen: frozenset[str]) -> None:
        seen = seen | {model.qualname}  # the mappers along the path
        for name, rel in models.relations(model).items():
            path = prefix + (name,)
            link = strategies.get(path)
            target = models.target(rel)
            if link is not None and link.loader.joins:
                joined = True
            elif link is None or link.loader.name in _PATH_LOADERS:
                # a default eager load back to a mapper already on the path is not made: SQLAlchemy stops
                # the cycle there (a self-referential one needs ``join_depth``)
                joined = model_defaults and rel.lazy in _JOINED and rel.target not in seen
            else:
                joined = False
            if joined:
                if models.is_collection(model, rel):
                    group.append(_Joined(path, model, f"{model.name}.{name}", link, rel.lazy in _JOINED))
                if target is not None:
                    walk(target, path, group, seen)
            elif target is not None and any(p[:len(path)] == path and len(p) > len(path) for p in strategies):
                inner = _Statement(target, f"{model.name}.{name}", [])  # the options continue into it
                statements.append(inner)
                walk(target, path, inner.joined, seen)

    walk(root, (), statements[0].joined, frozenset())
    return statements


def _on_one_path(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    shorter = min(len(a), len(b))
    return a[:shorter] == b[:shorter]


def _crossings(joined: list[_Joined]) -> list[tuple[_Joined, _Joined]]:
    """Pairs of joined collections on different branches: their rows multiply."""
    return [(a, b) for i, a in enumerate(joined) for b in joined[i + 1:] if not _on_one_path(a.path, b.path)]


def _describe(joined: _Joined) -> str:
    how = f"{joined.link.loader.name}()" if joined.link is not None else 'lazy="joined"'
    return f"{joined.relation} by {how}"
