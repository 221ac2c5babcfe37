"""The shape of what ormlint knows about one ORM: frozen dataclasses, filled in by one module per ORM.

An :class:`OrmSpec` answers every question a rule or an analysis asks about an ORM: which
imports and base classes make a model, which field constructors declare relations, which
query methods keep the rows (and their eager loads), return one row or run the query, which
loaders eager-load what, which writes have a bulk form and which hooks that form skips, which
types are binary floats, which calls create the schema, which blocks open a transaction,
which exceptions a failed statement raises. Nothing outside ``ormlint/orms/`` names an ORM's
methods or packages.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ormlint.orms.handles import Kind
from ormlint.syntax.names import is_from


@dataclass(frozen=True)
class Names:
    """Objects of one package, matched on the package and the last segment of the qualified name
    (libraries re-export the same object under many paths); no names: anything in the package."""

    package: str
    names: tuple[str, ...] = ()

    def matches(self, qualified: str | None) -> bool:
        return is_from(qualified, self.package, *self.names)


def any_matches(qualified: str | None, names: tuple[Names, ...]) -> bool:
    return any(n.matches(qualified) for n in names)


@dataclass(frozen=True)
class StarExports:
    """What ``from <module> import *`` binds (the module's ``__all__``)."""

    module: str
    names: frozenset[str]


@dataclass(frozen=True)
class RelationField:
    """A field constructor that declares a relation on the model that writes it."""

    constructor: str  # last segment of the constructor: "ForeignKey"
    kind: str  # fk | o2o | m2m | generic
    many: bool  # the forward side holds a collection
    target: str = ""  # keyword naming the target model when it is not the first positional argument
    reverse: str = ""  # keyword naming the accessor the declaration creates on the target
    reverse_many: bool | None = None  # the reverse accessor holds a collection (None: unknown)
    null: str = ""  # keyword that makes the relation nullable ("null")
    nullable: bool = False  # nullable by constructor (Pony ``Optional``)
    strategy: str = "select"  # how the relation loads when read (see ``Relations``)
    lazy: tuple[tuple[str, str, str], ...] = ()  # (keyword, value as written, strategy): ("lazy", "True", "select")
    packages: tuple[str, ...] | None = None  # packages whose constructor counts; None: the ORM's own packages
    fixed_target: str | None = None  # the target regardless of arguments ("" for a generic foreign key)
    fixed_reverse: str | None = None  # the reverse name regardless of arguments ("+": none)
    values_too: bool = False  # the constructor also declares plain columns (Pony ``Required(str)``)


@dataclass(frozen=True)
class Relations:
    """How the ORM's relations behave when read, and the accessors it creates."""

    fields: tuple[RelationField, ...] = ()
    reverse_name: str = "{model}_set"  # default reverse accessor of a to-one declaration; "" : none
    reverse_name_o2o: str = ""  # default reverse accessor of a one-to-one ("" : as reverse_name)
    default_reverse_option: str = ""  # a model option naming the reverse accessors of its declarations
    declares_both_sides: bool = False  # every accessor is declared (Pony): no reverse accessors derived
    parent_links: bool = False  # multi-table inheritance links a child to its concrete parent (Django)
    # a to-many accessor (a Django manager, a Peewee backref): reading it runs no query, its methods do
    collection_is_manager: bool = False
    to_one_is_manager: bool = False  # the reverse side of a to-one is a query too (Peewee backrefs)
    iterating_collection_queries: bool = False  # ``for x in obj.rel`` runs a query (Peewee backrefs)
    # a to-many accessor is iterable itself; a Django related manager is not (``for x in obj.rel`` raises
    # TypeError before any row loads): only its ``all()``/``filter()`` hand out rows
    iterable_managers: bool = True
    # strategies under which reading a relation loads nothing per object: it came with the parent or,
    # for a batching ORM, with the relation of every object of the session at once
    eager_strategies: frozenset[str] = frozenset()
    non_loading_strategies: frozenset[str] = frozenset()  # reading it raises or yields nothing
    querying_strategies: frozenset[str] = frozenset()  # the accessor is a query, run anew each time
    # strategies that load the relation inside every query of the parent, by a JOIN (SQLAlchemy lazy="joined")
    joined_strategies: frozenset[str] = frozenset()
    read_by_await: bool = False  # relations are awaited or fetched explicitly (Tortoise), never loaded lazily
    related_rows_know_parent: bool = False  # rows read through a reverse foreign key hold their parent (Django)
    one_to_one_knows_back: bool = False  # loading one side of a one-to-one caches the way back on it (Django)
    reverse_label: str = "reverse {label}"  # how a message names a reverse accessor
    value_type_modules: tuple[str, ...] = ()  # a target from these modules declares a column, not a relation
    # which side of a one-to-one holds the key column ("" : not modelled): "non_null" — the side that cannot
    # be null, between two nullable sides the entity whose name sorts first (Pony); the other side's read
    # is a query of its own even where the ORM batches to-one loads
    one_to_one_key: str = ""
    key_attname: str = ""  # the attribute holding a forward to-one relation's key ("{name}_id"; "" : a declared column)
    foreign_key: str = ""  # the column argument that makes a column a foreign key (SQLAlchemy ``ForeignKey``)
    foreign_key_keyword: str = ""  # or the keyword of a field naming the referenced column (SQLModel ``foreign_key``)


@dataclass(frozen=True)
class Loader:
    """A query method or option that eager-loads relations."""

    name: str
    style: str  # paths: string arguments ("author__publisher") | option: SQLAlchemy loader option | query: a query
    effect: str = "eager"  # eager | lazy | path (passes through, loads nothing itself) | none (columns only)
    no_arguments: str = ""  # what a call without arguments loads: "" nothing | "non_null_to_one" | "everything"
    depth: int = 0  # how deep "non_null_to_one" follows relations
    fix: bool = True  # the analysis may extend this loader in a fix
    joins: bool = False  # loads the relation inside the parent's own query, by a JOIN (joinedload, contains_eager)
    to_one: bool = False  # follows to-one relations only: a path through a collection loads nothing (Django raises)


@dataclass(frozen=True)
class Query:
    """Methods of the ORM's query objects (querysets, ``Select``/``Query``, Peewee and Pony queries)."""

    chain: frozenset[str] = frozenset()  # return the same rows; eager loads carry through
    combinators: frozenset[str] = frozenset()  # ``qs.union(other)``: one query of both, run when evaluated
    unfixable: frozenset[str] = frozenset()  # same rows, but a fix cannot extend the query
    single: frozenset[str] = frozenset()  # return one row
    rows: frozenset[str] = frozenset()  # return dicts/tuples/values, not model instances
    empty: frozenset[str] = frozenset()  # return a query of no rows, run without a query (Django ``none()``)
    executes: frozenset[str] = frozenset()  # run the query and return a value (count, exists, update)
    aggregates: frozenset[str] = frozenset()  # of those, the reads: count, exists, aggregate
    # reads a query answers from the rows it already fetched, once evaluated (Django: ``if qs:`` then
    # ``qs.count()`` runs no SQL)
    result_cache_reads: frozenset[str] = frozenset()
    loaders: tuple[Loader, ...] = ()
    options: str = ""  # the method that takes loader options (SQLAlchemy ``options(joinedload(...))``)
    joins: frozenset[str] = frozenset()  # join without loading the joined relation
    forgets_eager: frozenset[str] = frozenset()  # same rows, joined relations no longer on them (Peewee objects())
    starts: frozenset[str] = frozenset()  # class methods that start a query of the model's rows
    model_single: frozenset[str] = frozenset()  # class methods that fetch one row
    model_queries: frozenset[str] = frozenset()  # class methods that run a query by themselves
    functions: tuple[Names, ...] = ()  # module functions that start a query: ``select(...)``
    single_functions: tuple[Names, ...] = ()  # module functions that fetch one row: Pony ``get(...)``
    lookups: frozenset[str] = frozenset()  # relation-accessor methods a prefetch serves without a query
    ordered_lookups: frozenset[str] = frozenset()  # ... and these, when the related model has a default ordering
    relation_queries: frozenset[str] = frozenset()  # relation-accessor methods that run a query
    relation_restarts: frozenset[str] = frozenset()  # relation-accessor methods that build a new query
    runs: frozenset[str] = frozenset()  # methods that run the query by themselves (a query per loop iteration)
    result_chain: frozenset[str] = frozenset()  # methods of an executed result that keep its rows
    iterable: bool = False  # iterating the query object runs it (a Django queryset, a Peewee query)
    custom_methods: bool = False  # custom QuerySet/Manager classes add methods (kept eager loads: see index)
    filters: frozenset[str] = frozenset()  # methods that narrow the rows (the query loads less than the table)
    # methods whose arguments are conditions every row satisfies (``filter(author=a)``, ``where(Post.author_id == 1)``)
    conditions: frozenset[str] = frozenset()
    null_lookup: str = ""  # the keyword lookup asking for NULL (``author__isnull=True``)
    awaited: bool = False  # a query runs when awaited (Tortoise)
    subscript_one: bool = False  # ``Model[pk]`` fetches one row (Pony)
    identity_map: bool = False  # a lookup by primary key of a row loaded earlier runs no query
    locks: frozenset[str] = frozenset()  # methods that lock the selected rows
    lock_keywords: frozenset[str] = frozenset()  # keywords of a fetch that lock the row
    # methods that run their write in an atomic block of their own (a savepoint inside a transaction) and
    # catch the IntegrityError of a concurrent insert: a failure leaves the outer transaction usable
    savepointed: frozenset[str] = frozenset()

    # the eager load that removes a per-object load: for a to-one relation, for a collection, how paths join
    to_one_loader: str = ""
    collection_loader: str = ""
    path_separator: str = "__"
    to_one_needs_single_path: bool = False  # a to-one loader cannot follow a path through a collection
    advice: tuple[tuple[str, str], ...] = ()  # (loader, message template with {loader} {path} {model} {rel})
    requery_advice: str = ""  # for an accessor method a prefetch does not serve ({path})
    bypass_advice: tuple[tuple[str, str], ...] = ()  # (method, template): related-manager methods with advice of their own
    # ((query method, loader), template): the loader's advice for rows a method of the query reshapes
    reshaped_advice: tuple[tuple[tuple[str, str], str], ...] = ()
    # query methods (Django) or loader options (SQLAlchemy) choosing the columns loaded: name -> only | defer | undefer
    column_loading: tuple[tuple[str, str], ...] = ()
    # (only | defer | default, template with {model} {column}): how to load a column a query leaves out
    column_advice: tuple[tuple[str, str], ...] = ()
    deferring_columns: frozenset[str] = frozenset()  # column constructors deferred by default (``deferred(...)``)

    def loader(self, name: str) -> Loader | None:
        return next((loader for loader in self.loaders if loader.name == name), None)

    @property
    def same_model(self) -> frozenset[str]:
        """Methods returning a query of the same model: what a bulk write on their result targets."""
        return self.chain | self.unfixable | self.rows | self.joins | self.forgets_eager | frozenset(
            loader.name for loader in self.loaders if loader.style != "option")


@dataclass(frozen=True)
class Write:
    """A write of one row at a time, and its bulk form."""

    kind: str  # save | save_new | create | get_or_create | update_or_create | update | delete | relate
    methods: frozenset[str]  # the calls of this kind
    on: frozenset[str]  # what they are called on: instance | query (a manager or queryset) | model | relation
    bulk: str = ""  # the bulk form, as advice: "bulk_update(objs, fields)"
    skips: str = ""  # the per-object path its bulk form skips (a ``Skipped.operation``)
    advice: str = ""  # how to batch it, when "collect the objects and use <bulk>" would change what it does
    runs: str = ""  # the statement one call runs when it may write more than one row: "an UPDATE"


# Write kinds whose call saves one row through the per-object path and hands it back.
SAVES_ONE_ROW = frozenset({"create", "get_or_create", "update_or_create"})


@dataclass(frozen=True)
class BulkWrite:
    """A write of many rows that bypasses per-object hooks."""

    method: str
    receiver: str  # manager | model | query | session: what the method is called on
    operation: str  # which per-object path it replaces: save | delete | insert | update | save_objects
    existing: bool = False  # it writes rows that exist already (creation-only logic would not run anyway)
    new: bool = False  # it writes new rows only (logic for existing rows would not run anyway)
    # how the call names the attributes it sets: "arguments" (``update(a=1)``, ``update({M.a: 1})``),
    # "fields" (``bulk_update(objs, ["a"])``: its second argument or ``fields=``), "": not at all
    sets: str = ""


@dataclass(frozen=True)
class Skipped:
    """What a bulk path skips, for one operation: the hook events it does not run, and how to keep them."""

    operation: str
    events: tuple[str, ...]
    advice: str


@dataclass(frozen=True)
class Hooks:
    """Per-object behaviour that saving or deleting one object runs."""

    kinds: frozenset[str] = frozenset()  # hook kinds that fire for this ORM's models (see index.hooks)
    methods: frozenset[str] = frozenset()  # model methods an override of which is a hook
    queryset_methods: frozenset[str] = frozenset()  # overridden on a QuerySet/Manager, they decide bulk behaviour
    signals: tuple[Names, ...] = ()  # the signal objects (pre_save, ...), with the hook kind below
    signal_kind: str = ""
    decorators: tuple[Names, ...] = ()  # decorators that register a hook (Django receiver, SQLAlchemy listens_for)
    registrations: tuple[Names, ...] = ()  # calls that register a hook (SQLAlchemy listen)
    events: frozenset[str] = frozenset()  # mapper events that count
    validators: tuple[Names, ...] = ()  # per-attribute validators (SQLAlchemy validates)
    every_model: tuple[Names, ...] = ()  # a listener target meaning every mapped class (Mapper)
    signal_bases: tuple[Names, ...] = ()  # signals fire only for models derived from these (playhouse)
    bulk: tuple[BulkWrite, ...] = ()
    skipped: tuple[Skipped, ...] = ()
    # model methods that only check the object (raising on bad data), and the one of them a model
    # overrides with its own checks, which they run (Django full_clean() runs clean())
    validation: frozenset[str] = frozenset()
    custom_validation: str = ""
    # field classes a hook may pick the model's fields by (``isinstance(field, models.FileField)``), with
    # the built-in field classes that test matches
    field_families: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def skips(self, operation: str) -> Skipped | None:
        return next((s for s in self.skipped if s.operation == operation), None)


@dataclass(frozen=True)
class FloatTypes:
    """Column types that store binary floats, and what a fix writes instead."""

    fields: tuple[Names, ...] = ()  # float field constructors: models.FloatField
    attributes: tuple[Names, ...] = ()  # attribute constructors given the type: Pony ``Required(float)``
    types: tuple[Names, ...] = ()  # float column types: sqlalchemy.Float
    exact: tuple[Names, ...] = ()  # exact types that can hand back floats: Numeric(asdecimal=False)
    decimal: str = ""  # the replacement, as the fix spells it: "DecimalField"
    decimal_module: str = ""  # where it is imported from ("" : the module of the float type it replaces)
    annotation: bool = False  # a ``float`` annotation declares a float column (Mapped[float], SQLModel)
    descriptions: tuple[str, ...] = ()  # keywords documenting a column's meaning: help_text, comment


@dataclass(frozen=True)
class SchemaCall:
    """A call that creates or drops tables at runtime."""

    method: str
    action: str  # create | drop | migrate
    receiver: str  # metadata | flask_db | table | database | model | function | schema_editor | orm | command
    flag: str = ""  # the call counts only with this keyword set to True ("create_tables")
    unless: str = ""  # the call does not count with this keyword set to True ("temporary": lives for one connection)
    function: Names | None = None  # receiver "function"/"tortoise"/"command": the callee
    at_startup: bool = False  # it counts only where it runs at start-up, per request or per task (a plain migrate)


@dataclass(frozen=True)
class TransactionForm:
    """A ``with`` block or decorator that opens a transaction."""

    api: Names | None = None  # an imported function or object (transaction.atomic, db_session)
    method: str = ""  # or a method called on a connection/session/database (begin, atomic)
    savepoint: bool = False  # nested inside another transaction, it opens a savepoint
    always_savepoint: bool = False  # it always opens a savepoint (begin_nested)
    decorator: bool = False  # also usable as a decorator
    bare: bool = False  # usable without calling it (``with db_session:``)
    no_savepoint_keyword: str = ""  # a keyword that, set to False, turns the savepoint off
    nested_keyword: str = ""  # a keyword that, set to True, makes it a savepoint


@dataclass(frozen=True)
class Acquire:
    """A call that hands out a handle its caller must release (a session, a connection, a transaction)."""

    kind: Kind  # the handle, and how it is released (see ``ormlint.orms.handles``)
    calls: tuple[Names, ...] = ()  # constructors or functions that return the handle: ``Session(engine)``
    method: str = ""  # or a method returning it, called on ``receiver``
    # engine: an SQLAlchemy engine | session: a session or connection of the ORM (the file imports it, or the
    # receiver is named like one) | pool: a pool | named: any named object | any: any receiver |
    # database: a database object of the ORM (the file imports the ORM; not a driver module) |
    # module: the ORM's own module (``transaction.set_autocommit``) | connection: a connection of the driver
    receiver: str = "any"
    imported: tuple[str, ...] = ()  # only in files importing one of these packages (a "session" receiver's
    # name may stand in for it: ``db.session.begin()``)
    positional: bool = False  # positional arguments allowed (else: keywords only)
    no_arguments: bool = False  # no arguments at all
    awaited: bool = False  # only awaited
    statement: bool = False  # only as a statement of its own: the state is held by the receiver
    off_keyword: str = ""  # the keyword (or first argument) that must be False; True releases it again
    tracks_receiver: bool = True  # the handle belongs to its receiver (released through it)
    # A per-thread handle kept for reuse: the keyword that reuses the open one (``reuse_if_open``), and the
    # receiver's method that says none is open (``if db.is_closed(): db.connect()``).
    reuse_keyword: str = ""
    closed_check: str = ""


@dataclass(frozen=True)
class OrmSpec:
    """Everything ormlint knows about one ORM."""

    name: str
    packages: tuple[str, ...]  # top-level import packages
    star_exports: tuple[StarExports, ...] = ()
    model_bases: tuple[Names, ...] = ()
    relations: Relations = field(default_factory=Relations)
    managers: frozenset[str] = frozenset()  # class attributes that hand out the model's queries
    query: Query = field(default_factory=Query)
    writes: tuple[Write, ...] = ()
    read_advice: str = ""  # how to fetch the rows a loop queries one by one, once
    read_by_key_advice: str = ""  # the same for a lookup by another column, named by "{key}"
    count_advice: str = ""  # how to count (or test for) rows of every key of a loop at once: a grouped count
    hooks: Hooks = field(default_factory=Hooks)
    floats: FloatTypes = field(default_factory=FloatTypes)
    schema_sync: tuple[SchemaCall, ...] = ()
    migrate_advice: str = ""  # how this ORM's projects should manage their schema instead
    transactions: tuple[TransactionForm, ...] = ()
    handles: tuple[Acquire, ...] = ()  # calls that hand out a handle to release
    errors: tuple[Names, ...] = ()  # exceptions a failed statement raises
    rollbacks: frozenset[str] = frozenset()  # calls that end a broken transaction
    databases: tuple[Names, ...] = ()  # calls that open or describe a database connection (take credentials)
    schema_attributes: frozenset[str] = frozenset()  # attributes holding a table or column name as declared
    # attributes of a connection holding its deployment configuration (database name, host, user)
    configuration_attributes: frozenset[str] = frozenset()
    # Keywords of a field constructor that give its database column a name other than the attribute's
    # (SQLAlchemy also takes it as the first positional string: Column("db_name", ...)).
    column_name_keywords: frozenset[str] = frozenset()
    compiled_sql: frozenset[str] = frozenset()  # calls returning the SQL the ORM compiled (with its parameters)
    runs_sql: frozenset[str] = frozenset()  # methods whose names alone say they run SQL, whatever the receiver
    quoting: frozenset[str] = frozenset()  # functions and methods that quote an identifier or a literal for SQL

    def owns(self, qualified: str | None) -> bool:
        """Whether a qualified name belongs to one of this ORM's packages."""
        return any(is_from(qualified, package) for package in self.packages)

    def write(self, method: str, on: str) -> Write | None:
        """The write a call of ``method`` on ``on`` (instance | query | model | relation) makes."""
        return next((w for w in self.writes if method in w.methods and on in w.on), None)

    def bulk_form(self, kind: str) -> Write | None:
        return next((w for w in self.writes if w.kind == kind), None)
