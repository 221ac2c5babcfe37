"""What ormlint knows of Peewee (and its ``playhouse`` extensions)."""

from __future__ import annotations

from dataclasses import dataclass

from ormlint.orms.django import MODEL_SIGNALS, PEP_249_ERRORS, PER_OBJECT_SAVE
from ormlint.orms.handles import PEEWEE_CONNECTION, PEEWEE_TRANSACTION
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

_EXPORTS = frozenset({
    "AnyField", "AsIs", "AutoField", "BareField", "BigAutoField", "BigBitField", "BigIntegerField",
    "BinaryUUIDField", "BitField", "BlobField", "BooleanField", "Case", "Cast", "CharField", "Check", "Column",
    "CompositeKey", "Context", "DJANGO_MAP", "DQ", "DataError", "Database", "DatabaseError", "DatabaseProxy",
    "DateField", "DateTimeField", "DecimalField", "Default", "DeferredForeignKey", "DeferredThroughModel",
    "DoesNotExist", "DoubleField", "EXCLUDED", "Entity", "Field", "FixedCharField", "FloatField", "ForeignKeyField",
    "IPField", "IdentityField", "ImproperlyConfigured", "Index", "IntegerField", "IntegrityError", "InterfaceError",
    "InternalError", "JOIN", "JSONField", "Load", "ManyToManyField", "Model", "ModelIndex", "MySQLDatabase",
    "NotSupportedError", "OP", "OperationalError", "PREFETCH_TYPE", "PostgresqlDatabase", "PrimaryKeyField",
    "ProgrammingError", "Proxy", "QualifiedNames", "SQL", "SchemaManager", "Select", "SmallIntegerField",
    "SqliteDatabase", "Table", "TextField", "TimeField", "TimestampField", "Tuple", "UUIDField", "Value",
    "ValuesList", "Window", "chunked", "fn", "prefetch",
})


@dataclass(frozen=True)
class PeeweeExtras:
    """Peewee's database classes: which DB-API driver each one runs on."""

    databases: tuple[tuple[str, str], ...]  # (class, driver module)
    execute_sql: str  # Database.execute_sql(sql, params)
    sql: Names  # SQL("...", params): a SQL fragment

    def driver(self, database: str) -> str | None:
        return dict(self.databases).get(database)


_PACKAGES = ("peewee", "playhouse")

PEEWEE = OrmSpec(
    name="peewee",
    packages=_PACKAGES,
    star_exports=(StarExports("peewee", _EXPORTS),),
    model_bases=(Names("peewee", ("Model",)), Names("playhouse", ("Model",))),
    relations=Relations(
        fields=(
            RelationField("ForeignKeyField", "fk", False, target="model", reverse="backref", reverse_many=True,
                          null="null", lazy=(("lazy_load", "False", "noload"),)),
            RelationField("DeferredForeignKey", "fk", False, target="model", reverse="backref", reverse_many=True,
                          null="null", lazy=(("lazy_load", "False", "noload"),)),
            RelationField("ManyToManyField", "m2m", True, target="model", reverse="backref", reverse_many=True),
        ),
        reverse_name="{model}_set",
        key_attname="{name}_id",
        collection_is_manager=True,
        to_one_is_manager=True,
        iterating_collection_queries=True,
        reverse_label="backref",
        non_loading_strategies=frozenset({"noload"}),
    ),
    query=Query(
        chain=frozenset({"where", "order_by", "limit", "offset", "paginate", "distinct", "group_by", "having",
                         "switch", "filter", "for_update"}),
        single=frozenset({"get", "first", "get_or_none", "peek"}),
        rows=frozenset({"dicts", "tuples", "namedtuples"}),
        executes=frozenset({"count", "exists", "execute"}),
        aggregates=frozenset({"count", "exists"}),
        loaders=(Loader("prefetch", "query", no_arguments="everything", fix=False),),
        joins=frozenset({"join", "left_outer_join"}),
        forgets_eager=frozenset({"objects"}),
        starts=frozenset({"select"}),
        model_single=frozenset({"get", "get_or_none", "get_by_id"}),
        model_queries=frozenset({"get", "get_or_none", "get_by_id", "create", "get_or_create"}),
        functions=(Names("peewee", ("prefetch",)),),
        relation_restarts=frozenset({"where", "order_by", "limit", "offset", "paginate", "distinct", "group_by",
                                     "having", "switch", "filter", "for_update"}),
        runs=frozenset({"count", "exists", "execute"}),
        iterable=True,
        to_one_loader="join",
        collection_loader="prefetch",
        path_separator=".",
        advice=(("join", "select and join it once: `.select({model}, <Target>).join(<Target>)`"),
                ("prefetch", "load the backref once with `prefetch(query, <{rel} query>)`")),
        locks=frozenset({"for_update"}),
        savepointed=frozenset({"get_or_create"}),
        lock_keywords=frozenset({"for_update"}),
    ),
    writes=(
        Write("save", frozenset({"save"}), frozenset({"instance"}), "bulk_update(objs, fields)", "save"),
        Write("save_new", frozenset({"save"}), frozenset({"instance"}), "bulk_create(objs)", "save"),
        Write("create", frozenset({"create"}), frozenset({"model"}), "insert_many(rows)", "save"),
        Write("delete", frozenset({"delete_instance"}), frozenset({"instance"}), "one delete().where(M.id.in_(ids))",
              "delete"),
    ),
    read_advice="fetch the rows once before the loop (`M.select().where(M.id.in_(ids))`) and look them up",
    read_by_key_advice="fetch the rows once before the loop (`M.select().where(M.{key}.in_(keys))`) and look them "
                       "up in a dict by {key}",
    count_advice="count them for every key in one grouped query before the loop (`M.select(M.key, fn.COUNT(M.id))"
                 ".where(M.key.in_(keys)).group_by(M.key)`) and look the counts up",
    hooks=Hooks(
        kinds=frozenset({"method", "peewee_signal"}),
        methods=frozenset({"save", "delete_instance"}),
        signals=(Names("playhouse", MODEL_SIGNALS),),
        signal_kind="peewee_signal",
        signal_bases=(Names("playhouse", ("Model",)),),
        bulk=tuple(BulkWrite(method, "model", "save", new=True) for method in (
            "insert", "insert_many", "insert_from", "replace", "replace_many", "bulk_create")) + tuple(
            BulkWrite(method, "model", "save", existing=True, sets=sets) for method, sets in (
                ("bulk_update", "fields"), ("update", "arguments"), ("set_by_id", ""))) + (
            BulkWrite("delete", "model", "delete"), BulkWrite("delete_by_id", "model", "delete")),
        skipped=(
            Skipped("save", ("save", "pre_save", "post_save"), PER_OBJECT_SAVE),
            Skipped("delete", ("delete_instance", "pre_delete", "post_delete"),
                    "call delete_instance() per object or run that logic explicitly"),
        ),
    ),
    floats=FloatTypes(fields=(Names("peewee", ("FloatField", "DoubleField")),), decimal="DecimalField",
                      decimal_module="peewee", descriptions=("help_text", "verbose_name")),
    schema_sync=(SchemaCall("create_tables", "create", "database"), SchemaCall("drop_tables", "drop", "database"),
                 SchemaCall("create_table", "create", "model", unless="temporary"),
                 SchemaCall("drop_table", "drop", "model")),
    migrate_advice="manage the schema with versioned migrations (playhouse.migrate, peewee-migrate) run by a deploy step",
    transactions=(TransactionForm(method="atomic", savepoint=True, decorator=True),
                  TransactionForm(method="savepoint", savepoint=True, always_savepoint=True),
                  TransactionForm(method="transaction", decorator=True)),
    handles=(Acquire(PEEWEE_CONNECTION, method="connect", receiver="database", statement=True, imported=_PACKAGES,
                     reuse_keyword="reuse_if_open", closed_check="is_closed"),
             Acquire(PEEWEE_TRANSACTION, method="begin", receiver="database", statement=True, imported=_PACKAGES)),
    errors=(Names("peewee", PEP_249_ERRORS + ("PeeweeException",)),),
    rollbacks=frozenset({"rollback"}),
    runs_sql=frozenset({"execute_sql"}),
    databases=(Names("peewee"), Names("playhouse")),
    schema_attributes=frozenset({"table_name", "db_column"}),
    column_name_keywords=frozenset({"column_name"}),
)

PEEWEE_EXTRAS = PeeweeExtras(
    databases=(
        ("SqliteDatabase", "sqlite3"), ("SqliteExtDatabase", "sqlite3"), ("CSqliteExtDatabase", "sqlite3"),
        ("APSWDatabase", "sqlite3"), ("PostgresqlDatabase", "psycopg2"), ("PostgresqlExtDatabase", "psycopg2"),
        ("PooledPostgresqlDatabase", "psycopg2"), ("PooledPostgresqlExtDatabase", "psycopg2"),
        ("CockroachDatabase", "psycopg2"), ("MySQLDatabase", "pymysql"), ("PooledMySQLDatabase", "pymysql"),
        ("PooledSqliteDatabase", "sqlite3"), ("SqliteQueueDatabase", "sqlite3"),
    ),
    execute_sql="execute_sql",
    sql=Names("peewee", ("SQL",)),
)
