"""What ormlint knows of Tortoise ORM (asyncio: every query is awaited)."""

from __future__ import annotations

from dataclasses import dataclass

from ormlint.orms.django import MODEL_SIGNALS, PER_OBJECT_SAVE
from ormlint.orms.spec import (
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

_CHAIN = frozenset({"all", "filter", "exclude", "order_by", "limit", "offset", "distinct", "annotate",
                    "select_for_update", "using_db", "only", "group_by", "force_index", "use_index"})
_SINGLE = frozenset({"get", "first", "get_or_none", "last"})


@dataclass(frozen=True)
class TortoiseExtras:
    """Tortoise knowledge beyond the common spec."""

    fetch_related: str  # await obj.fetch_related("rel"): loads relations of one object
    relation_annotations: tuple[str, ...]  # fields.ForeignKeyRelation["Model"]-style annotations
    collection_annotations: tuple[str, ...]  # of those, the ones holding a collection
    tortoise: Names  # the Tortoise class (Tortoise.generate_schemas())
    register: Names  # register_tortoise(app, generate_schemas=True)
    connections: tuple[str, ...]  # objects whose .get(name) hands out a connection
    connection_functions: tuple[str, ...]  # functions that hand out one
    sinks: frozenset[str]  # connection methods that execute SQL text
    signal_registration: str  # Model.register_listener(Signals.post_save, fn)


_FIELDS = frozenset({
    "BigIntField", "BinaryField", "BooleanField", "CharEnumField", "CharField", "DateField", "DatetimeField",
    "DecimalField", "FloatField", "ForeignKeyField", "IntEnumField", "IntField", "JSONField", "ManyToManyField",
    "OneToOneField", "SmallIntField", "TextField", "TimeDeltaField", "TimeField", "UUIDField", "Field",
    "ForeignKeyRelation", "ForeignKeyNullableRelation", "OneToOneRelation", "OneToOneNullableRelation",
    "ReverseRelation", "ManyToManyRelation", "BackwardFKRelation", "BackwardOneToOneRelation", "CASCADE",
    "RESTRICT", "SET_NULL", "SET_DEFAULT", "NO_ACTION",
})

TORTOISE = OrmSpec(
    name="tortoise",
    packages=("tortoise",),
    column_name_keywords=frozenset({"source_field"}),
    star_exports=(StarExports("tortoise.fields", _FIELDS),),
    model_bases=(Names("tortoise", ("Model",)),),
    relations=Relations(
        fields=(
            RelationField("ForeignKeyField", "fk", False, target="model_name", reverse="related_name",
                          reverse_many=True, packages=("tortoise",)),
            RelationField("OneToOneField", "o2o", False, target="model_name", reverse="related_name",
                          reverse_many=False, packages=("tortoise",)),
            RelationField("ManyToManyField", "m2m", True, target="model_name", reverse="related_name",
                          reverse_many=True, packages=("tortoise",)),
        ),
        reverse_name="{model}s",
        read_by_await=True,
    ),
    query=Query(
        chain=_CHAIN,
        single=_SINGLE,
        rows=frozenset({"values", "values_list"}),
        executes=frozenset({"count", "exists", "update", "delete"}),
        aggregates=frozenset({"count", "exists"}),
        # awaited relations: a prefetched one is read without awaiting, so adding the loader alone breaks the code
        loaders=(Loader("prefetch_related", "paths", fix=False), Loader("select_related", "paths", fix=False)),
        starts=_CHAIN,
        model_single=_SINGLE,
        model_queries=frozenset({"get", "get_or_none", "create", "get_or_create", "exists", "filter", "all", "first"}),
        awaited=True,
        runs=frozenset({"count", "exists", "all", "filter"}),
        locks=frozenset({"select_for_update"}),
        to_one_loader="prefetch_related",
        collection_loader="prefetch_related",
        advice=(("prefetch_related",
                 'add `.{loader}("{path}")` to the query and read the prefetched attribute without awaiting'),),
    ),
    writes=(
        Write("save", frozenset({"save"}), frozenset({"instance"}), "bulk_update(objs, fields)", "save"),
        Write("save_new", frozenset({"save"}), frozenset({"instance"}), "bulk_create(objs)", "save"),
        Write("create", frozenset({"create"}), frozenset({"model"}), "bulk_create(objs)", "save"),
        Write("delete", frozenset({"delete"}), frozenset({"instance"}), "one filter(id__in=ids).delete()", "delete"),
    ),
    read_advice="fetch the rows once before the loop (`filter(id__in=ids)`) and look them up",
    read_by_key_advice="fetch the rows once before the loop (`filter({key}__in=keys)`) and look them up in a dict "
                       "by {key}",
    count_advice="count them for every key in one grouped query before the loop (`filter(<key>__in=keys)"
                 ".annotate(n=Count(\"id\")).group_by(\"<key>\").values(\"<key>\", \"n\")`) and look the counts up",
    hooks=Hooks(
        kinds=frozenset({"method", "tortoise_signal"}),
        methods=frozenset({"save", "delete"}),
        signals=(Names("tortoise", MODEL_SIGNALS),),
        signal_kind="tortoise_signal",
        bulk=(BulkWrite("bulk_create", "model", "save", new=True),
              BulkWrite("bulk_update", "model", "save", existing=True, sets="fields"),
              BulkWrite("update", "query", "save", existing=True, sets="arguments"),
              BulkWrite("delete", "query", "delete")),
        skipped=(
            Skipped("save", ("save", "pre_save", "post_save"), PER_OBJECT_SAVE),
            Skipped("delete", ("delete", "pre_delete", "post_delete"),
                    "call delete() per object or run that logic explicitly"),
        ),
    ),
    floats=FloatTypes(fields=(Names("tortoise", ("FloatField",)),), decimal="DecimalField",
                      decimal_module="tortoise.fields", descriptions=("description",)),
    schema_sync=(SchemaCall("generate_schemas", "create", "orm"),
                 SchemaCall("_drop_databases", "drop", "orm"),
                 SchemaCall("register_tortoise", "create", "function", flag="generate_schemas",
                            function=Names("tortoise", ("register_tortoise", "RegisterTortoise")))),
    migrate_advice="manage the schema with Aerich migrations run by a deploy step",
    transactions=(TransactionForm(Names("tortoise", ("in_transaction", "atomic")), savepoint=True, decorator=True),),
    databases=(Names("tortoise", ("init",)),),
    errors=(Names("tortoise", ("BaseORMException", "OperationalError", "IntegrityError",
                               "TransactionManagementError", "DBConnectionError")),),
)

TORTOISE_EXTRAS = TortoiseExtras(
    fetch_related="fetch_related",
    relation_annotations=("ForeignKeyRelation", "ForeignKeyNullableRelation", "OneToOneRelation",
                          "OneToOneNullableRelation", "ReverseRelation", "ManyToManyRelation", "BackwardFKRelation",
                          "BackwardOneToOneRelation"),
    collection_annotations=("ReverseRelation", "ManyToManyRelation", "BackwardFKRelation"),
    tortoise=Names("tortoise", ("Tortoise",)),
    register=Names("tortoise", ("register_tortoise", "RegisterTortoise")),
    connections=("tortoise.connections", "tortoise.Tortoise.connections"),
    connection_functions=("in_transaction", "get_connection"),
    sinks=frozenset({"execute_query", "execute_query_dict", "execute_script", "execute_insert", "execute_many"}),
    signal_registration="register_listener",
)
