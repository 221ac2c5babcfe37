"""What ormlint knows of SQLAlchemy (ORM and Core, sync and asyncio) and of Flask-SQLAlchemy's ``db`` object."""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst

from ormlint.orms.django import PEP_249_ERRORS
from ormlint.orms.handles import (
    RAW_CONNECTION,
    SA_CONNECTION,
    SCOPED_REGISTRY,
    SESSION,
    TRANSACTION,
)
from ormlint.orms.spec import (
    Acquire,
    BulkWrite,
    FloatTypes,
    Hooks,
    Loader,
    Names,
    OrmSpec,
    Query,
    RelationField,
    Relations,
    SchemaCall,
    Skipped,
    StarExports,
    TransactionForm,
    Write,
)
from ormlint.syntax.names import ImportTable, dotted_name

UNIT_OF_WORK_ADD = "add the objects to the session (the unit of work runs them) or run that logic explicitly"
UNIT_OF_WORK_UPDATE = ("change the loaded objects in the session (the unit of work runs them) "
                       "or run that logic explicitly")
UNIT_OF_WORK_DELETE = ("delete the objects through session.delete() (the unit of work runs them) "
                       "or run that logic explicitly")

FLOAT_TYPES = ("Float", "Double", "DOUBLE", "DOUBLE_PRECISION", "REAL", "FLOAT", "BINARY_DOUBLE", "BINARY_FLOAT")
NUMERIC_TYPES = ("Numeric", "NUMERIC", "DECIMAL")
_TYPES = frozenset({
    "ARRAY", "BIGINT", "BINARY", "BLOB", "BOOLEAN", "BigInteger", "Boolean", "CHAR", "CLOB", "DATE", "DATETIME",
    "DECIMAL", "DOUBLE", "DOUBLE_PRECISION", "Date", "DateTime", "Double", "Enum", "FLOAT", "Float", "INT",
    "INTEGER", "Integer", "Interval", "JSON", "LargeBinary", "NCHAR", "NUMERIC", "NVARCHAR", "Numeric",
    "PickleType", "REAL", "SMALLINT", "SmallInteger", "String", "TEXT", "TIME", "TIMESTAMP", "Text", "Time",
    "TypeDecorator", "UUID", "Unicode", "UnicodeText", "Uuid", "VARBINARY", "VARCHAR",
})
_CHAIN = frozenset({
    "where", "filter", "filter_by", "order_by", "limit", "offset", "join", "outerjoin", "distinct", "group_by", "having",
    "execution_options", "select_from", "correlate", "params", "enable_eagerloads", "yield_per", "populate_existing",
    "autoflush", "slice", "with_for_update", "join_from", "outerjoin_from", "with_parent", "enable_assertions",
})
_SESSIONS = ("Session", "AsyncSession")
_SCOPED_SESSIONS = ("scoped_session", "async_scoped_session")
_SINGLE = frozenset({"first", "one", "one_or_none", "scalar_one", "scalar_one_or_none", "scalar", "get", "get_or_404",
                     "first_or_404", "one_or_404"})
_SCHEMA = frozenset({
    "CheckConstraint", "Column", "Computed", "FetchedValue", "ForeignKey", "ForeignKeyConstraint", "Identity",
    "Index", "MetaData", "PrimaryKeyConstraint", "Sequence", "Table", "UniqueConstraint", "DefaultClause",
    "and_", "or_", "not_", "asc", "desc", "case", "cast", "column", "create_engine", "delete", "engine_from_config",
    "exists", "func", "insert", "join", "literal", "literal_column", "null", "outerjoin", "select", "table", "text",
    "true", "false", "tuple_", "union", "union_all", "update", "values", "bindparam", "distinct", "between",
})


@dataclass(frozen=True)
class SqlAlchemyExtras:
    """SQLAlchemy knowledge beyond the common spec: sessions, engines, statements, declarations."""

    session_classes: tuple[str, ...]  # Session, AsyncSession
    async_session_classes: tuple[str, ...]
    scoped_sessions: tuple[str, ...]  # scoped_session registries
    session_factories: tuple[str, ...]  # sessionmaker
    async_session_factories: tuple[str, ...]
    engine_factories: tuple[str, ...]  # create_engine
    connection_classes: tuple[str, ...]
    engine_classes: tuple[str, ...]
    session_names: frozenset[str]  # what a session is usually called, besides ``*session*``
    session_queries: frozenset[str]  # session methods that run (or start) a query
    session_runs: frozenset[str]  # session methods that execute a statement (or, ``query``, start one)
    session_query: str  # the legacy Query API: session.query(Model)
    session_gets: frozenset[str]  # a lookup by primary key: the identity map first, then a query
    session_merge: str  # a SELECT by primary key, then the object's state copied onto the row
    session_results: frozenset[str]  # run a statement and return a Result of rows
    session_single: frozenset[str]  # run a statement and return one row (or a scalar)
    session_commit: str  # commits; with expire_on_commit, expires every object of the session
    session_refresh: str  # reloads an object's attributes (some, when named)
    session_writes: frozenset[str]  # session methods that write what the session holds
    session_expiring: frozenset[str]  # session methods after which loaded attributes load again (expired)
    session_changes: frozenset[str]  # session methods that queue a change for the next flush
    result_rows: frozenset[str]  # methods of a Result of Row tuples that keep its rows
    result_scalars: str  # Result.scalars(): the first entity of each row
    result_single: frozenset[str]  # Result methods that return the first entity of one row
    result_reads: frozenset[str]  # every Result method that hands out rows or values it read (first(), mappings())
    statements: tuple[str, ...]  # statement constructors: select, insert, ...
    dml: frozenset[str]  # statements that write
    dml_chain: frozenset[str]  # methods of insert/update/delete statements that keep the statement
    sinks: frozenset[str]  # methods that execute SQL text
    driver_sql: str  # of those, the one taking the driver's own SQL (no bound parameters)
    engine_connections: frozenset[str]  # engine methods that hand out a Connection
    raw_connection: str  # engine.raw_connection(): a DB-API connection
    session_connection: str  # session.connection()
    session_bind: str  # session.bind: its engine
    flask_attributes: tuple[tuple[str, str], ...]  # the Flask-SQLAlchemy object's session and engine
    text: tuple[Names, ...]  # text(): a SQL string as a statement
    expire_keyword: str  # expire_on_commit
    awaitable_attrs: str  # AsyncAttrs' accessor for awaiting a relation
    declarative_functions: tuple[str, ...]  # Base = declarative_base()
    declarative_base: str  # the base class such a Base stands for
    # registry.map_imperatively(Class, table, properties={...}) and the legacy mapper(Class, table, ...)
    imperative_mapping: str
    classic_mapper: Names
    columns: frozenset[str]  # column constructors
    column_calls: tuple[str, ...]  # calls that define a column with a type argument
    column_wrappers: tuple[str, ...]  # calls whose first argument defines the column
    non_types: tuple[str, ...]  # positional arguments of Column that are not its type
    type_modules: tuple[str, ...]  # modules whose Numeric a fix may spell through the same alias
    annotation_wrappers: tuple[tuple[str, str], ...]  # Mapped[...]-style annotations and the loader they imply
    containers: tuple[tuple[str, str], ...]  # collection annotations: list, set
    table_attributes: frozenset[str]  # class attributes that make a class mapped
    mapper_args: str  # the class attribute holding the mapper's options
    version_counter: str  # the mapper option of optimistic locking: its flush matches the version it read
    metadata: tuple[str, ...]  # MetaData()
    table: tuple[str, ...]  # Table(...)
    in_operator: str  # column.in_(...): a lookup of many keys at once
    is_operator: str  # column.is_(None): a NULL test
    with_parent: str  # with_parent(obj, Parent.children) / Query.with_parent(obj): the rows of one parent
    aliased: str  # aliased(Model): another name for the model's entity in a statement
    loader_module: str  # where the loader options live (a fix imports them from there)
    join_loader: str  # the loader option that joins a relation into its parent's query
    collection_strategy: str  # the lazy= strategy that loads a collection by one SELECT ... IN per query
    loader_class: str  # Load(Model): a loader option rooted at an entity, its strategies as methods
    path_modifiers: frozenset[str]  # methods of a relationship attribute that keep it a loader path: of_type, and_
    eager_switch: str  # a query method whose False argument turns every eager load off
    query_attribute: str  # Flask-SQLAlchemy's Model.query
    flask: Names  # flask_sqlalchemy.SQLAlchemy
    flask_db_names: tuple[str, ...]  # how the Flask-SQLAlchemy object is usually named
    flask_session_methods: frozenset[str]  # the ``db`` object's own query helpers (db.get_or_404)
    flask_paginate: str  # Flask-SQLAlchemy's query.paginate() / db.paginate(select(...)): one Pagination
    pagination_rows: str  # a Pagination's rows of its page (iterating it gives them too)
    bulk_session_methods: frozenset[str]  # bulk_save_objects, ...
    quote_identifier: str = "the dialect's `identifier_preparer.quote()`"  # how text() SQL quotes a name


SQLALCHEMY = OrmSpec(
    name="sqlalchemy",
    packages=("sqlalchemy", "flask_sqlalchemy"),
    star_exports=(StarExports("sqlalchemy", _TYPES | _SCHEMA), StarExports("sqlalchemy.types", _TYPES)),
    model_bases=(Names("sqlalchemy", ("DeclarativeBase", "DeclarativeBaseNoMeta", "Base", "Model")),),
    relations=Relations(
        fields=(RelationField("relationship", "relationship", False, packages=()),
                RelationField("relation", "relationship", False, packages=())),
        iterating_collection_queries=True,
        reverse_label="backref",
        eager_strategies=frozenset({"joined", "selectin", "subquery", "immediate", "eager"}),
        non_loading_strategies=frozenset({"raise", "raise_on_sql", "noload"}),
        querying_strategies=frozenset({"dynamic", "write_only"}),
        foreign_key="ForeignKey",
        foreign_key_keyword="foreign_key",  # SQLModel's Field(foreign_key="team.id")
        joined_strategies=frozenset({"joined"}),  # lazy="joined" (or lazy=False)
    ),
    managers=frozenset({"query"}),  # Flask-SQLAlchemy's Model.query
    query=Query(
        chain=_CHAIN,
        single=_SINGLE,
        rows=frozenset({"with_entities"}),
        executes=frozenset({"count", "update", "delete"}),
        aggregates=frozenset({"count"}),
        loaders=(
            *(Loader(name, "option", joins=True) for name in ("joinedload", "contains_eager")),
            *(Loader(name, "option") for name in ("selectinload", "subqueryload", "immediateload", "raiseload",
                                                 "noload")),
            Loader("lazyload", "option", "lazy"),
            Loader("defaultload", "option", "path"),
            *(Loader(name, "option", "none") for name in ("load_only", "defer", "undefer", "selectin_polymorphic",
                                                         "undefer_group", "with_expression", "with_loader_criteria")),
        ),
        options="options",
        column_loading=(("load_only", "only"), ("defer", "defer"), ("undefer", "undefer")),
        column_advice=(("only", "add `{model}.{column}` to `load_only(...)`"),
                       ("defer", "take `{model}.{column}` out of `defer(...)`"),
                       ("default", "add `undefer({model}.{column})` to the query's options")),
        deferring_columns=frozenset({"deferred"}),
        functions=(Names("sqlalchemy", ("select",)),),
        relation_queries=_CHAIN | _SINGLE | {"all", "count", "select"},
        relation_restarts=_CHAIN | {"all", "select"},
        runs=frozenset({"all", "count"}),
        result_chain=frozenset({"all", "unique", "fetchall", "scalars", "partitions", "fetchmany"}),
        filters=frozenset({"where", "filter", "filter_by", "limit", "offset", "slice"}),
        conditions=frozenset({"where", "filter", "filter_by", "with_parent"}),
        identity_map=True,
        to_one_loader="joinedload",
        collection_loader="selectinload",
        path_separator=".",
        locks=frozenset({"with_for_update"}),
        lock_keywords=frozenset({"with_for_update"}),
    ),
    read_advice="fetch the rows once before the loop (`select(M).where(M.id.in_(ids))`) and look them up",
    read_by_key_advice="fetch the rows once before the loop (`select(M).where(M.{key}.in_(keys))`) and look them "
                       "up in a dict by {key}",
    count_advice="count them for every key in one grouped query before the loop (`select(M.key, func.count())"
                 ".where(M.key.in_(keys)).group_by(M.key)`) and look the counts up",
    # DML statements run with session.execute(...): their kind is ``execute_<constructor>`` (the n_plus_one
    # analyzer's ``_statement_query`` names it from ``update(M)``/``insert(M)``/``delete(M)``); no method matches
    writes=(
        Write("execute_update", frozenset(), frozenset({"statement"}),
              advice="run one UPDATE for all of them: `session.execute(update(M), [{\"id\": ..., \"col\": ...}, "
                     "...])` (bulk UPDATE by primary key), or one `update(M).where(M.id.in_(ids))` when the values "
                     "agree", runs="an UPDATE"),
        Write("execute_insert", frozenset(), frozenset({"statement"}),
              advice="insert them in one call: `session.execute(insert(M), [{...}, ...])`", runs="an INSERT"),
        Write("execute_delete", frozenset(), frozenset({"statement"}),
              advice="delete them in one statement: `delete(M).where(M.id.in_(ids))`", runs="a DELETE"),
        # the legacy Query's bulk forms, one statement per call: Model.query.filter(...).delete() / .update({...})
        Write("delete", frozenset({"delete"}), frozenset({"query"}),
              advice="delete them in one statement: `.filter(M.key.in_(keys)).delete()` on the query",
              runs="a DELETE"),
        Write("update", frozenset({"update"}), frozenset({"query"}),
              advice="run one UPDATE for all of them: `.filter(M.id.in_(ids)).update({...})` on the query when the "
                     "values agree, else `session.execute(update(M), [{\"id\": ..., \"col\": ...}, ...])`",
              runs="an UPDATE"),
    ),
    hooks=Hooks(
        kinds=frozenset({"mapper_event", "validates"}),
        decorators=(Names("sqlalchemy", ("listens_for",)),),
        registrations=(Names("sqlalchemy", ("listen",)),),
        events=frozenset({"before_insert", "after_insert", "before_update", "after_update", "before_delete",
                          "after_delete"}),
        validators=(Names("sqlalchemy", ("validates",)),),
        every_model=(Names("sqlalchemy", ("Mapper", "mapper")),),
        bulk=(BulkWrite("bulk_save_objects", "session", "save_objects"),
              BulkWrite("bulk_insert_mappings", "session", "insert", new=True),
              BulkWrite("bulk_update_mappings", "session", "update"),
              BulkWrite("update", "query", "update", existing=True), BulkWrite("delete", "query", "delete")),
        skipped=(
            Skipped("insert", ("before_insert", "after_insert", "validates"), UNIT_OF_WORK_ADD),
            Skipped("update", ("before_update", "after_update", "validates"), UNIT_OF_WORK_UPDATE),
            Skipped("delete", ("before_delete", "after_delete"), UNIT_OF_WORK_DELETE),
            # bulk_save_objects gets constructed objects: __init__ and @validates already ran on them.
            Skipped("save_objects", ("before_insert", "after_insert", "before_update", "after_update"),
                    UNIT_OF_WORK_ADD),
        ),
    ),
    floats=FloatTypes(
        types=(Names("sqlalchemy", FLOAT_TYPES), Names("sqlmodel", FLOAT_TYPES)),
        exact=(Names("sqlalchemy", NUMERIC_TYPES), Names("sqlmodel", NUMERIC_TYPES)),
        decimal="Numeric",
        decimal_module="sqlalchemy",
        annotation=True,
        descriptions=("comment", "doc", "description"),  # Column(comment=, doc=), SQLModel Field(description=)
    ),
    schema_sync=(
        SchemaCall("create_all", "create", "metadata"),
        SchemaCall("drop_all", "drop", "metadata"),
        SchemaCall("create", "create", "table"),
        SchemaCall("drop", "drop", "table"),
    ),
    migrate_advice="manage the schema with Alembic migrations applied by a deploy step",
    transactions=(TransactionForm(method="begin", nested_keyword="nested"),
                  TransactionForm(method="begin_nested", savepoint=True, always_savepoint=True)),
    handles=(
        Acquire(SESSION, calls=(Names("sqlalchemy", _SESSIONS), Names("sqlmodel", _SESSIONS)), positional=True),
        Acquire(SCOPED_REGISTRY, calls=(Names("sqlalchemy", _SCOPED_SESSIONS), Names("sqlmodel", _SCOPED_SESSIONS)),
                positional=True),
        Acquire(RAW_CONNECTION, method="raw_connection", no_arguments=True, tracks_receiver=False),
        Acquire(SA_CONNECTION, method="connect", receiver="engine", tracks_receiver=False),
        # begin_nested() is a SAVEPOINT: the transaction around it releases it, so it is no handle to release
        Acquire(TRANSACTION, method="begin", receiver="session", imported=("sqlalchemy", "sqlmodel", "alembic")),
    ),
    errors=(Names("sqlalchemy", PEP_249_ERRORS + ("SQLAlchemyError", "DBAPIError", "StatementError")),),
    rollbacks=frozenset({"rollback"}),
    runs_sql=frozenset({"scalar", "scalars", "add_all"}),
    databases=(Names("sqlalchemy", ("create",)),),  # URL.create(..., password=...)
    schema_attributes=frozenset({"__tablename__", "__table__", "column", "fullname"}),
    column_name_keywords=frozenset({"name"}),
    compiled_sql=frozenset({"compile"}),
    # the dialect's identifier_preparer: quote(), quote_identifier(), quote_schema(), format_table(), format_column()
    quoting=frozenset({"quote", "quote_identifier", "quote_schema", "format_table", "format_column"}),
)

FLASK_SCHEMA_SYNC = (SchemaCall("create_all", "create", "flask_db"), SchemaCall("drop_all", "drop", "flask_db"))
FLASK_MIGRATE_ADVICE = "manage the schema with Flask-Migrate (Alembic) migrations applied by a deploy step"

SA = SqlAlchemyExtras(
    session_classes=_SESSIONS,
    async_session_classes=("AsyncSession",),
    scoped_sessions=_SCOPED_SESSIONS,
    session_factories=("sessionmaker", "async_sessionmaker"),
    async_session_factories=("async_sessionmaker",),
    engine_factories=("create_engine", "create_async_engine", "engine_from_config"),
    connection_classes=("Connection", "AsyncConnection"),
    engine_classes=("Engine", "AsyncEngine"),
    session_names=frozenset({"db", "sess", "dbsession", "db_session", "dbs"}),
    session_queries=frozenset({"execute", "scalars", "scalar", "exec", "get", "stream", "stream_scalars", "query",
                               "merge", "get_or_404", "first_or_404", "one_or_404"}),
    session_runs=frozenset({"scalars", "execute", "exec", "query", "scalar"}),
    session_query="query",
    session_gets=frozenset({"get", "get_or_404"}),
    session_merge="merge",
    session_results=frozenset({"execute", "stream"}),
    session_single=frozenset({"scalar", "first_or_404", "one_or_404"}),
    session_commit="commit",
    session_refresh="refresh",
    session_writes=frozenset({"commit", "flush"}),
    session_expiring=frozenset({"commit", "rollback", "expire", "expire_all", "refresh"}),
    session_changes=frozenset({"add", "add_all", "delete", "merge"}),
    result_rows=frozenset({"all", "fetchall", "unique"}),
    result_scalars="scalars",
    result_single=frozenset({"scalar_one", "scalar_one_or_none", "scalar"}),
    result_reads=frozenset({"all", "fetchall", "fetchone", "fetchmany", "unique", "scalars", "scalar", "scalar_one",
                            "scalar_one_or_none", "first", "one", "one_or_none", "mappings", "partitions", "columns"}),
    statements=("select", "text", "insert", "update", "delete"),
    dml=frozenset({"insert", "update", "delete"}),
    dml_chain=frozenset({
        "values", "where", "filter", "filter_by", "returning", "on_conflict_do_update", "on_conflict_do_nothing",
        "on_duplicate_key_update", "execution_options", "prefix_with", "inline", "ordered_values",
        "with_dialect_options", "from_select", "return_defaults", "params",
    }),
    sinks=frozenset({"execute", "exec_driver_sql", "scalar", "scalars"}),
    driver_sql="exec_driver_sql",
    engine_connections=frozenset({"connect", "begin"}),
    raw_connection="raw_connection",
    session_connection="connection",
    session_bind="bind",
    flask_attributes=(("session", "sa_session"), ("engine", "sa_engine")),
    text=(Names("sqlalchemy", ("text",)), Names("sqlmodel", ("text",))),
    expire_keyword="expire_on_commit",
    awaitable_attrs="awaitable_attrs",
    declarative_functions=("declarative_base", "as_declarative"),
    declarative_base="sqlalchemy.orm.DeclarativeBase",
    imperative_mapping="map_imperatively",
    classic_mapper=Names("sqlalchemy.orm", ("mapper",)),
    columns=frozenset({"Column", "mapped_column", "column_property", "deferred"}),
    column_calls=("Column", "mapped_column"),
    column_wrappers=("Field", "column_property", "deferred"),
    non_types=("ForeignKey", "Sequence", "Identity", "Computed", "FetchedValue", "CheckConstraint", "DefaultClause",
               "Index"),
    type_modules=("sqlalchemy", "sqlalchemy.types", "sqlalchemy.sql.sqltypes", "sqlmodel"),
    annotation_wrappers=(("Mapped", "mapped"), ("DynamicMapped", "dynamic"), ("WriteOnlyMapped", "write_only")),
    containers=(("list", "list"), ("List", "list"), ("set", "set"), ("Set", "set"), ("Sequence", "list"),
                ("MutableSequence", "list"), ("Collection", "list"), ("AbstractSet", "set"), ("tuple", "list")),
    table_attributes=frozenset({"__tablename__", "__table__", "__table_args__"}),
    mapper_args="__mapper_args__",
    version_counter="version_id_col",
    metadata=("MetaData",),
    table=("Table",),
    in_operator="in_",
    is_operator="is_",
    with_parent="with_parent",
    aliased="aliased",
    loader_module="sqlalchemy.orm",
    join_loader="joinedload",
    collection_strategy="selectin",
    loader_class="Load",
    path_modifiers=frozenset({"of_type", "and_"}),
    eager_switch="enable_eagerloads",
    query_attribute="query",
    flask=Names("flask_sqlalchemy", ("SQLAlchemy",)),
    flask_db_names=("db", "_db"),
    flask_session_methods=frozenset({"get_or_404", "first_or_404", "one_or_404"}),
    flask_paginate="paginate",
    pagination_rows="items",
    bulk_session_methods=frozenset({"bulk_save_objects", "bulk_insert_mappings", "bulk_update_mappings"}),
)


SQLMODEL_NAME = "sqlmodel"
SA_FAMILY = ("sqlalchemy", SQLMODEL_NAME)  # ORM names (OrmSpec.name) that are SQLAlchemy underneath


def is_sqlalchemy(qualified: str | None, *names: str) -> bool:
    """``qualified`` is one of SQLAlchemy's (or SQLModel's re-export of it) ``names``."""
    return Names("sqlalchemy", names).matches(qualified) or Names("sqlmodel", names).matches(qualified)


def flask_db_objects(module: cst.Module, imports: ImportTable) -> frozenset[str]:
    """Names this module binds to a Flask-SQLAlchemy object (``db = SQLAlchemy(app)``)."""
    found: set[str] = set()
    for line in module.body:
        for stmt in line.body if isinstance(line, cst.SimpleStatementLine) else ():
            if isinstance(stmt, cst.Assign) and isinstance(stmt.value, cst.Call) \
                    and SA.flask.matches(imports.qualify(stmt.value.func)):
                found.update(t.target.value for t in stmt.targets if isinstance(t.target, cst.Name))
    return frozenset(found)


def is_flask_db(node: cst.CSTNode | None, bound: frozenset[str]) -> bool:
    """A Flask-SQLAlchemy object: one of ``bound`` (see :func:`flask_db_objects`), or named like one;
    the object is usually created in one module and imported everywhere else."""
    dotted = dotted_name(node)
    if dotted is None:
        return False
    last = dotted.rsplit(".", 1)[-1]
    return last in bound or last in SA.flask_db_names
