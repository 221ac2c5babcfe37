"""Facts the index pass extracts from one file: plain frozen dataclasses.

They pickle across processes, hash into cache keys, and never hold CST nodes.
Names of other classes are stored as the file wrote them, qualified through the
module's imports where possible (``shop.models.Product``), so the project-wide
registries can resolve them across files.
"""

from __future__ import annotations

from dataclasses import dataclass

# An eager path meaning "what the loader follows when called without arguments" (Django's
# ``select_related()``: every non-null foreign key); resolved against the models when used.
LOADER_DEFAULT = "()"


@dataclass(frozen=True)
class FieldFact:
    """A column or field declared in a class body."""

    name: str
    type: str  # qualified constructor or annotation, e.g. "django.db.models.FloatField", "float"
    line: int
    nullable: bool | None = None
    has_default: bool = False
    constructor: str = ""  # the call that declared it, qualified: "sqlalchemy.orm.mapped_column"
    annotation: str = ""  # the annotation as written, e.g. "Mapped[Optional[Decimal]]"
    column: str = ""  # the database column when it is named apart from the attribute (Column("db_name"))
    foreign_key: str = ""  # the column it references, as written: "users.id" (SQLAlchemy ForeignKey, SQLModel)
    deferred: bool = False  # loaded on first access, not with its row: ``mapped_column(Text, deferred=True)``
    auto_now: bool = False  # set to the current time by every save(): Django ``DateTimeField(auto_now=True)``


@dataclass(frozen=True)
class RelationFact:
    """A relationship as declared on its owning class (the forward side)."""

    name: str  # attribute on the owning class
    target: str  # referenced model as written/qualified: "shop.models.Author", "Author", "shop.Author"
    kind: str  # fk | o2o | m2m | relationship | generic
    many: bool  # the forward side holds a collection
    lazy: str = "select"  # loader strategy; "select" is the lazy default of every ORM here
    reverse_name: str | None = None  # related_name / backref / back_populates; "+" hides it
    reverse_many: bool | None = None  # the reverse side holds a collection
    line: int = 0
    orm: str = ""  # django | sqlalchemy | sqlmodel | peewee | tortoise | pony
    reverse: bool = False  # an accessor created on the target by another model's declaration
    reverse_lazy: str | None = None  # loader strategy of the reverse side (SQLAlchemy backref(lazy=...))
    many_known: bool = True  # False: cardinality guessed (SQLAlchemy decides it from foreign keys)
    null: bool = False  # Django null=True: select_related() without arguments does not follow it


@dataclass(frozen=True)
class ClassFact:
    """Every class in a file; the registry decides which are models (bases may live elsewhere)."""

    name: str
    qualname: str  # module.Class
    path: str
    line: int
    bases: tuple[str, ...]  # qualified through imports, or module-local qualname
    keywords: tuple[tuple[str, str], ...] = ()  # class keywords as source text: (("table", "True"),)
    abstract: bool = False
    fields: tuple[FieldFact, ...] = ()
    relations: tuple[RelationFact, ...] = ()
    methods: tuple[tuple[str, int], ...] = ()  # (name, line) of methods defined in the body
    meta: tuple[tuple[str, str], ...] = ()  # Django/Peewee/Tortoise Meta options, SQLAlchemy dunder options
    orm_hint: str | None = None  # ORM implied by the body (Column/relationship on db.Model-style bases)
    managers: tuple[str, ...] = ()  # Django manager attributes declared in the body ("objects", ...)
    # what methods and properties of a model read on ``self``: (member, attribute, how), how being
    # "attr" for a plain read or the method called on it ("all", "filter", ...); a member listed in
    # ``properties`` is read as an attribute (@property, @cached_property)
    self_reads: tuple[tuple[str, str, str], ...] = ()
    # a read of ``self_reads`` whose every occurrence in its method is under tests of the method's own
    # parameters (``if not api and not public: ... self.boards``): (member, attribute, how, guards), one per
    # occurrence, each guard "body:TEST" or "orelse:TEST" (outermost first)
    guarded_reads: tuple[tuple[str, str, str, tuple[str, ...]], ...] = ()
    # the parameters of those methods after ``self``: (member, ((name, default as written or "", keyword-only), ...))
    member_params: tuple[tuple[str, tuple[tuple[str, str, bool], ...]], ...] = ()
    properties: tuple[str, ...] = ()
    # QuerySet/Manager classes: methods that change what rows load with (select_related,
    # prefetch_related, values, only, ...); their other methods keep the caller's eager loads
    reshaping: tuple[str, ...] = ()
    mappings: tuple[str, ...] = ()  # QuerySet/Manager methods that return a dict they build (a lookup table)
    singles: tuple[str, ...] = ()  # QuerySet/Manager methods each of whose returns fetches one row (``.get()``)
    # a Manager/QuerySet class's get_queryset() eager-loading by name on every row it hands out
    # (``super().get_queryset().select_related("partner").prefetch_related("offices")``): those paths
    queryset_loads: tuple[str, ...] = ()
    annotated: tuple[str, ...] = ()  # every annotated name of the body (a Pydantic schema's fields)
    mapped: str = ""  # the ORM that maps this plain class imperatively (SQLAlchemy registry.map_imperatively)
    # a model body's upper-case names bound to a string (``SAVE_LABELS_ATTR = "__data__labels"``): (name, text)
    constants: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class HookFact:
    """Behaviour that runs when a model is saved/deleted one object at a time."""

    kind: str  # method | signal | mapper_event | validates | peewee_signal | tortoise_signal | pony_hook | manager
    # | attribute | inert | conditional | fields_of | sends | property
    # (manager: a Django manager attribute; event is its name, function the QuerySet/Manager class;
    # attribute: a class attribute (event) set to a literal, function "falsy" or "set"; inert: a method
    # (event) that changes nothing (an empty template method, a clean() that only raises); conditional:
    # a method (event) that acts only when its ``needs`` hold; fields_of: a property (event) listing the
    # model's fields of the class in function; sends: a module-level function (handler) that sends the
    # signal (event) for the model itself; property: a property (event) of a class, ``touches`` what it reads;
    # derived: a plain method (event) that only sets attributes of its object from its attributes, ``touches``
    # what it reads and sets)
    event: str  # save, delete, pre_save, post_save, before_insert, ...
    model: str | None  # target model reference; None: every model (sender-less receiver); "*": every mapper
    path: str
    line: int
    function: str = ""
    propagate: bool = False  # applies to subclasses of ``model`` too (SQLAlchemy propagate=True, isinstance guards)
    attributes: tuple[str, ...] = ()  # attributes a SQLAlchemy @validates method validates
    # the hook's own behaviour only runs for new rows (a save() under ``if not self.pk``, a post_save
    # receiver under ``if created``) / only for existing rows (after ``if self._state.adding: return ...``)
    on_create: bool = False
    on_update: bool = False
    handler: str = ""  # qualified name of the hook's function: "shop.signals.reindex", "shop.models.Product.save"
    # a save()/delete() override that hands on to super() (or a django-lifecycle hook method) and does
    # something only under conditions on the model: it acts when one of these holds (``log_prefix``: that
    # class attribute is truthy, ``a|b``: both are; ``pre_save_logic()``: the model's method of that name
    # does something); () acts never (it only validates); None: unconditional. Kinds
    # ``attribute``/``inert`` describe a class for these conditions.
    needs: tuple[str, ...] | None = None
    # a derived-field hook (it only sets attributes of the object from values computed from its
    # attributes): the attributes it reads or sets; None: any other hook
    touches: tuple[str, ...] | None = None
    # a hook whose whole logic is calling these functions (``invalidate_cache(instance.pk)``) besides reads
    # and the parent's method, by their last names (a queued task by the task's; a method of the object
    # itself with a leading dot: ``.clean`` of ``instance.clean()``); None: any other hook
    effects: tuple[str, ...] | None = None
    # an override calling ``super(Base, self).delete()``: the class reference ``Base``, whose own
    # method (and those between) the call passes over
    bypasses: str = ""
    # ... or calling ``Base.delete(self)``: ``Base``'s own method runs next (only those between are passed over;
    # all of the project's when ``Base`` is the ORM's ``Model``)
    resumes: bool = False
    # a save() whose whole logic sets these attributes of the object (filling them when unset: ``if not
    # self.code: self.code = ...``, deriving or stamping them: ``self.workspace = self.project.workspace``),
    # besides the parent's method: objects constructed with all of them set lose nothing; (): any other
    fills: tuple[str, ...] = ()
    # a receiver registered by name (``post_save.connect(handler)``) whose def is not in the registering
    # file: for a sender-less registration, the models it acts on are read where the def is, if anywhere
    by_name: bool = False
    # a receiver that returns at once for objects without this attribute (``if not hasattr(instance, "x"): return``)
    requires: str = ""
    # a derived-field save(): the attributes it sets and never reads (``self.date_modified = now()``)
    stamps: tuple[str, ...] = ()
    # a save() acting on a change of these attributes only for some new values (``if self.has_changed("status")
    # and self.status == self.DONE``): (attribute, condition) pairs, a condition ``truthy``, ``falsy``, ``== X``,
    # ``!= X`` or ``in X|Y`` (X a constant's last name or a literal); it acts when one of its conditions holds
    when: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class HandlerFact:
    """A module-level function shaped like a signal receiver (first parameter ``sender``, or ``instance`` and
    ``**kwargs``), read where it is
    defined, for registrations in other files (``post_save.connect(handlers.on_save)``) that name it."""

    qualname: str
    every: bool  # no guard: it acts on every model
    models: tuple[str, ...] = ()  # else the models its leading guards admit (none: unknown)
    subclasses: bool = False  # ... and their subclasses (an ``isinstance`` guard)
    on_create: bool = False  # it returns unless ``created``
    touches: tuple[str, ...] | None = None  # see ``HookFact.touches``
    effects: tuple[str, ...] | None = None  # see ``HookFact.effects``
    requires: str = ""  # see ``HookFact.requires``


@dataclass(frozen=True)
class MigrationOp:
    """One operation of a migration, with the arguments that matter to rules."""

    name: str  # "add_column", "RunPython", ...
    line: int  # 0: the index pass does not compute positions (too slow); ``order`` sequences ops
    direction: str = "up"  # up | down
    table: str | None = None
    column: str | None = None
    args: tuple[tuple[str, str], ...] = ()  # selected arguments as source text
    new_name: str | None = None  # renames: the new table/column name
    columns: tuple[str, ...] = ()  # columns/fields a created table/model declares
    scope: str = "both"  # Django: database | state (inside SeparateDatabaseAndState) | both
    order: int = 0  # position among the file's operations, in source order


@dataclass(frozen=True)
class MigrationFact:
    """A migration file, or (framework "settings") a file that names the project's database."""

    framework: str  # alembic | django | yoyo | settings
    path: str
    revision: str | None = None
    down_revision: tuple[str, ...] = ()  # Alembic down revisions; yoyo ``__depends__``
    operations: tuple[MigrationOp, ...] = ()
    dialects: tuple[str, ...] = ()  # databases the file is written for (postgresql, sqlite, ...)
    branches_on_database: bool = False  # the file tests which database it runs on (portable code)
    atomic: bool = True  # Django ``Migration.atomic``
    dependencies: tuple[tuple[str, str], ...] = ()  # Django ``(app_label, name)`` pairs it depends on
    replaces: tuple[tuple[str, str], ...] = ()  # Django: the migrations a squashed one replaces
    created: str = ""  # YYYY-MM-DD the file says it was written (file name, "Create Date:", "Generated by")


@dataclass(frozen=True)
class ReturnFact:
    """What a function or method returns when it builds a query (``def list_heroes(s): return ...``)."""

    function: str  # module.func or module.Class.method
    model: str  # the queried model, qualified through the module's imports
    many: bool  # rows (``.all()``, a queryset) rather than one row (``.first()``, ``.get()``)
    eager: tuple[str, ...] = ()  # "__"-joined relation paths the query eager-loads (LOADER_DEFAULT: see above)
    opaque: bool = False  # eager loading it cannot tell (loaders from variables, custom methods)
    executes: bool = False  # calling it runs the query (``.first()``, ``.count()``, ``session.scalars(...).all()``)
    iterable: bool = False  # iterating what it returns runs the query (a queryset, a legacy Query; not a select())
    fixed: tuple[str, ...] = ()  # the model's attributes its conditions hold to one value (``Item.account_id == a.id``)


@dataclass(frozen=True)
class QueryingFact:
    """A function or method that runs a query built from its parameters each time it is called, whatever it
    returns (``def team_name(team_id): return db.session.get(Team, team_id).name``)."""

    function: str  # module.func or module.Class.method
    model: str  # the queried model as the module names it, qualified through its imports ("" : unknown)
    params: tuple[str, ...]  # the parameters the query uses


@dataclass(frozen=True)
class ParameterReads:
    """What a module function reads on its parameters, one hop deep (``package.category``,
    ``package.tags.all()``): see :mod:`ormlint.index.parameter_reads`."""

    function: str  # module.func
    positional: tuple[str, ...]  # its positional parameters, in order
    reads: tuple[tuple[str, str, str], ...]  # (parameter, attribute, "attr" or the method called on it)


@dataclass(frozen=True)
class SessionBinding:
    """A module-level name bound to a SQLAlchemy session factory, scoped-session registry or engine."""

    name: str
    kind: str  # session_factory | scoped_session | engine


@dataclass(frozen=True)
class HandleFactory:
    """A plain function whose every return hands out a fresh session or connection
    (``def get_db(): return sqlite3.connect(...)``): calling it acquires one."""

    function: str
    kind: str  # a key of ormlint.orms.handles.FACTORY_KINDS: session | sa_connection | dbapi | ...


@dataclass(frozen=True)
class SessionFactory:
    """A module-level ``sessionmaker``/``async_sessionmaker`` and whether its sessions expire their
    objects on commit (``expire_on_commit``, True unless set to False)."""

    name: str
    is_async: bool
    expires: bool


@dataclass(frozen=True)
class SessionProvider:
    """A function that yields or returns a session, as FastAPI's ``Depends(get_session)`` providers do."""

    function: str
    factory: str = ""  # the qualified factory that makes the session ("" : a session class constructed in place)
    expires: bool | None = None  # constructed in place: whether it expires on commit


@dataclass(frozen=True)
class SerializerUsage:
    """A Django REST framework serializer given many objects (``S(rows, many=True)``, or the
    ``serializer_class`` of a view), with what the rows it gets eager-load."""

    serializer: str  # the serializer class as the using module referenced it, qualified
    eager: tuple[str, ...] | None  # "__"-joined paths its queryset eager-loads; None: unknowable
    root: str  # the manager or relation accessor the queryset starts from, qualified
    view: str  # the view whose ``serializer_class`` it is ("" for a call)
    where: str  # how a message names the usage: "serialized by `S(..., many=True)` in `f`"
    source: str = ""  # the view whose ``queryset``/``get_queryset()`` the rows came from
    through: tuple[str, ...] = ()  # custom QuerySet/Manager methods the rows' chain calls, resolved later


@dataclass(frozen=True)
class ViewRoute:
    """A Django REST framework viewset routed in this file: by ``View.as_view({"get": "retrieve"})``
    (``actions`` the mapped action names) or by ``router.register(prefix, View)`` (``actions`` None:
    every action the viewset has)."""

    view: str  # the view class as the routing module referenced it, qualified
    actions: tuple[str, ...] | None


@dataclass(frozen=True)
class EffectFact:
    """A module-level function whose own body starts an external effect (an HTTP write, an e-mail, ...)."""

    function: str
    effect: str  # as a message names it: "HTTP request requests.post()"


@dataclass(frozen=True)
class TaskFact:
    """A background task function (Celery, rq, dramatiq, or a dispatcher of the project's own) and the task
    class it declares."""

    function: str
    framework: str  # celery | dramatiq | project (a ``@task`` decorator defined in the project: its dispatch is unknown)
    base: str = ""  # the qualified ``base=`` task class, "" for the app's default


@dataclass(frozen=True)
class SqlHelperFact:
    """A function that runs one of its parameters as SQL on a database handle
    (``def fetch_all(sql, params=None): cursor.execute(sql, params)``): its callers' SQL reaches that sink."""

    function: str  # module.func or module.Class.method
    param: str  # the parameter holding the SQL
    position: int  # its position among a call's positional arguments (``self`` not counted)
    sink: str  # the call that runs it, as written: "cursor.execute()"
    style: str | None = None  # the sink's paramstyle (qmark | format | named | numeric_dollar)
    driver: str | None = None  # what binds the parameters (a driver module, "django", "sqlalchemy")
    dialect: str | None = None
    statement: bool = True  # a whole statement (False: an expression such as RawSQL)
    params_param: str | None = None  # the helper's parameter handed on as the sink's parameters


@dataclass(frozen=True)
class SqlText:
    """One text a SQL builder returns: ``texts[0] + <holes[0]> + texts[1] + ...``, each hole a parameter."""

    texts: tuple[str, ...]
    holes: tuple[str, ...]


@dataclass(frozen=True)
class SqlBuilderFact:
    """A module function that returns SQL text with its parameters pasted in
    (``def sales_sql(region): return f"SELECT ... WHERE region = '{region}'"``): its callers' sinks run it."""

    function: str  # module.func
    params: tuple[str, ...]  # the positional parameters, in order
    literal_defaults: tuple[str, ...]  # the parameters whose default is a literal
    returns: tuple[SqlText, ...]  # each return's text


@dataclass(frozen=True)
class SqlHandleFact:
    """A module-level name bound to a database handle (``db = SqliteDatabase(...)``, ``engine =
    create_engine(...)``, ``db = SQLAlchemy()``), so that modules importing it know what it is."""

    name: str
    kind: str  # a raw-SQL receiver kind: dbapi | sa_engine | sa_factory | flask_db | peewee_database | ...
    driver: str | None = None
    is_async: bool = False


@dataclass(frozen=True)
class CallSite:
    """A call whose arguments carry relations prefetched by Django (``item_names(order)`` after
    ``order = Order.objects.prefetch_related("items__product").get(...)``)."""

    callee: str  # module.func, or ".method" for a method called on an object
    # (slot, "__"-joined prefetched paths) for the arguments that carry some: slot "0", "1"... by position
    # (after the object a method is called on), a keyword's name, or "self" for that object
    arguments: tuple[tuple[str, tuple[str, ...]], ...]


@dataclass(frozen=True)
class ArgumentShape:
    """A call of a project module function, or a construction of a project class (``module.Class``, whose
    ``__init__`` takes the arguments): the argument slots it fills ("0", "1"... by position, or a keyword's
    name) and those it fills with a literal constant (a string, a number, True/False/None).
    ``open``: any slot may hold anything (``*args``/``**kwargs``, or the function handed to another call).
    A subclass's ``super().__init__(...)`` is a construction of its base by ``subclass`` (``module.Sub``):
    ``forwarded`` maps the slots it fills with a parameter of the subclass's ``__init__`` to that parameter."""

    callee: str  # module.func, as CallSite.callee; module.Class for a construction
    given: tuple[str, ...] = ()
    constant: tuple[str, ...] = ()
    open: bool = False
    subclass: str = ""
    forwarded: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class FileFacts:
    """Everything the index pass extracts from one file."""

    path: str
    module: str
    classes: tuple[ClassFact, ...] = ()
    hooks: tuple[HookFact, ...] = ()
    handlers: tuple[HandlerFact, ...] = ()
    migration: MigrationFact | None = None
    returns: tuple[ReturnFact, ...] = ()
    queries: tuple[QueryingFact, ...] = ()  # functions that run a query from their parameters per call
    sessions: tuple[SessionBinding, ...] = ()
    handle_factories: tuple[HandleFactory, ...] = ()
    session_factories: tuple[SessionFactory, ...] = ()
    session_providers: tuple[SessionProvider, ...] = ()
    serializer_usages: tuple[SerializerUsage, ...] = ()
    view_routes: tuple[ViewRoute, ...] = ()
    effects: tuple[EffectFact, ...] = ()
    tasks: tuple[TaskFact, ...] = ()
    deferred_task_classes: tuple[str, ...] = ()  # task classes that dispatch after commit (module.Class)
    atomic_requests: bool = False  # the file's DATABASES run every view in a transaction (Django settings)
    replica_aliases: tuple[str, ...] = ()  # Django database aliases the file declares as mirrors (read replicas)
    email_backends: tuple[str, ...] = ()  # the Django EMAIL_BACKEND values the file sets
    outbox_backends: tuple[str, ...] = ()  # its e-mail backends that only store the messages as rows
    sql_helpers: tuple[SqlHelperFact, ...] = ()
    sql_handles: tuple[SqlHandleFact, ...] = ()
    sql_builders: tuple[SqlBuilderFact, ...] = ()
    code_names: tuple[str, ...] = ()  # module functions returning only text written in code (class names, tables)
    date_functions: tuple[str, ...] = ()  # module functions returning only dates and times
    literal_collections: tuple[str, ...] = ()  # module constants bound once to a collection literal, never changed
    literal_names: tuple[str, ...] = ()  # module names bound once to a plain string or number literal, never changed
    sql_templates: tuple[tuple[str, str], ...] = ()  # (module.NAME, text): SQL template strings bound once
    command_groups: tuple[str, ...] = ()  # module-level click/typer/Flask CLI groups
    registered_commands: tuple[str, ...] = ()  # qualified functions attached to a group here (add_command)
    call_sites: tuple[CallSite, ...] = ()  # calls passing objects with prefetched relations
    called: tuple[str, ...] = ()  # the callees (as CallSite.callee) of every other call
    calls: tuple[tuple[str, str], ...] = ()  # (caller, callee as CallSite.callee): the project's call graph
    argument_shapes: tuple[ArgumentShape, ...] = ()  # calls of the project's module functions, by slot
    parameter_reads: tuple[ParameterReads, ...] = ()  # what module functions read on their parameters
    eager_paths: tuple[str, ...] = ()  # relation paths the code eager-loads by name ("seats__type")
