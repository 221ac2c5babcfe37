"""What ormlint knows of Pony ORM.

Pony loads relations in batches: reading a to-one relation (``Required``/``Optional`` of an
entity) of one object loads that relation for every object of the ``db_session`` at once, and
a ``Set`` collection, from its second load on, for every object of the session too (unless
declared ``lazy=True``). What does run once per object: ``Set.count()``/``is_empty()`` on a
collection not loaded yet, and ``Set.select()``/``filter()``/``order_by()``/``page()``..., which
build a new query each time (``prefetch()`` serves the former, never the latter); and
explicit queries (``Entity.get(...)``, ``Entity[pk]`` of an object not in the session,
``select(...)`` over the loop variable); and the side of a one-to-one relation that holds no
column (``Person.passport`` when ``Passport.person`` is ``Required``), read with one query per object.
"""

from __future__ import annotations

from ormlint.orms.django import PEP_249_ERRORS
from ormlint.orms.spec import (
    FloatTypes,
    Loader,
    Names,
    OrmSpec,
    Query,
    RelationField,
    Relations,
    SchemaCall,
    StarExports,
    TransactionForm,
)

BATCH = "batch"  # loaded for every object of the session at once
_EXPORTS = frozenset({
    "DBException", "RowNotFound", "MultipleRowsFound", "TooManyRowsFound", "Warning", "Error", "InterfaceError",
    "DatabaseError", "DataError", "OperationalError", "IntegrityError", "InternalError", "ProgrammingError",
    "NotSupportedError", "OrmError", "ERDiagramError", "DBSchemaError", "MappingError", "BindingError",
    "TableDoesNotExist", "TableIsNotEmpty", "ConstraintError", "CacheIndexError", "ObjectNotFound",
    "MultipleObjectsFoundError", "TooManyObjectsFoundError", "OperationWithDeletedObjectError", "TransactionError",
    "ConnectionClosedError", "TransactionIntegrityError", "IsolationError", "CommitException", "RollbackException",
    "UnrepeatableReadError", "OptimisticCheckError", "UnresolvableCyclicDependency", "UnexpectedError",
    "DatabaseSessionIsOver", "PonyRuntimeWarning", "DatabaseContainsIncorrectValue",
    "DatabaseContainsIncorrectEmptyValue", "TranslationError", "ExprEvalError", "PermissionError", "Database",
    "sql_debug", "set_sql_debug", "sql_debugging", "show", "PrimaryKey", "Required", "Optional", "Set",
    "Discriminator", "composite_key", "composite_index", "flush", "commit", "rollback", "db_session",
    "with_transaction", "make_proxy", "LongStr", "LongUnicode", "Json", "IntArray", "StrArray", "FloatArray",
    "select", "left_join", "get", "exists", "delete", "count", "sum", "min", "max", "avg", "group_concat",
    "distinct", "JOIN", "desc", "between", "concat", "coalesce", "raw_sql", "buffer", "unicode",
    "get_current_user", "set_current_user", "perm", "has_perm", "get_user_groups", "get_user_roles",
    "get_object_labels", "user_groups_getter", "user_roles_getter", "obj_labels_getter",
})
_ATTRIBUTE = dict(reverse="reverse", values_too=True, packages=("pony",), strategy=BATCH)
_QUERY_CHAIN = frozenset({"filter", "where", "order_by", "sort_by", "distinct", "without_distinct", "for_update",
                          "limit", "page", "fetch", "random"})

PONY = OrmSpec(
    name="pony",
    packages=("pony",),
    star_exports=(StarExports("pony.orm", _EXPORTS),),
    model_bases=(Names("pony", ("Entity",)),),
    relations=Relations(
        fields=(
            RelationField("Required", "fk", False, **_ATTRIBUTE),
            RelationField("Optional", "fk", False, nullable=True, **_ATTRIBUTE),
            RelationField("PrimaryKey", "fk", False, **_ATTRIBUTE),
            RelationField("Set", "m2m", True, lazy=(("lazy", "True", "select"),), **_ATTRIBUTE),
        ),
        reverse_name="",
        declares_both_sides=True,
        collection_is_manager=True,
        iterating_collection_queries=True,
        eager_strategies=frozenset({BATCH}),
        one_to_one_key="non_null",
        value_type_modules=("datetime", "decimal", "uuid", "pony", "builtins"),
    ),
    query=Query(
        chain=_QUERY_CHAIN,
        single=frozenset({"first", "get"}),
        executes=frozenset({"count", "exists", "sum", "avg", "min", "max", "group_concat", "delete", "show",
                            "to_json"}),
        aggregates=frozenset({"count", "exists", "sum", "avg", "min", "max", "group_concat"}),
        loaders=(Loader("prefetch", "entities", fix=False),),
        starts=frozenset({"select"}),
        model_single=frozenset({"get", "get_for_update"}),
        model_queries=frozenset({"get", "get_for_update", "exists", "select_by_sql", "get_by_sql"}),
        functions=(Names("pony", ("select", "left_join")),),
        single_functions=(Names("pony", ("get",)),),
        lookups=frozenset({"count", "is_empty"}),
        relation_queries=frozenset({"count", "is_empty", "select", "filter", "order_by", "sort_by", "page", "limit",
                                    "random"}),
        relation_restarts=frozenset({"select", "filter", "order_by", "sort_by", "page", "limit", "random"}),
        subscript_one=True,
        identity_map=True,
        runs=frozenset({"count", "exists", "sum", "avg", "min", "max", "group_concat", "delete", "show"}),
        iterable=True,
        filters=frozenset({"filter", "where", "limit", "page", "random"}),
        to_one_loader="prefetch",
        collection_loader="prefetch",
        path_separator=".",
        advice=(("prefetch", "add `.prefetch({model}.{rel})` to the query"),),
        requery_advice=("query the related rows of all objects once (`select(x for x in <Entity> if x.<parent> in "
                        "objects)`) and group them"),
        locks=frozenset({"for_update"}),
    ),
    read_advice="fetch the rows once before the loop (`select(x for x in M if x.id in ids)`) and look them up",
    floats=FloatTypes(attributes=(Names("pony", ("Required", "Optional")),), decimal="Decimal",
                      decimal_module="decimal"),
    schema_sync=(SchemaCall("generate_mapping", "create", "database", flag="create_tables"),
                 SchemaCall("create_tables", "create", "database"),
                 SchemaCall("drop_all_tables", "drop", "database")),
    migrate_advice="manage the schema with versioned migrations run by a deploy step",
    transactions=(TransactionForm(Names("pony", ("db_session",)), decorator=True, bare=True),),
    errors=(Names("pony", PEP_249_ERRORS + ("DBException", "TransactionError", "CommitException",
                                            "RollbackException")),),
    rollbacks=frozenset({"rollback"}),
    databases=(Names("pony", ("Database",)),),
    schema_attributes=frozenset({"_table_"}),
)
