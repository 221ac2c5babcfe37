"""What ormlint knows of the Django ORM, and of Django REST framework's serializers and list views."""

from __future__ import annotations

from dataclasses import dataclass

from ormlint.orms.handles import DJANGO_AUTOCOMMIT
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

PEP_249_ERRORS = ("Error", "InterfaceError", "DatabaseError", "DataError", "OperationalError", "IntegrityError",
                  "InternalError", "ProgrammingError", "NotSupportedError")
MODEL_SIGNALS = ("pre_save", "post_save", "pre_delete", "post_delete")
# Sent by the deletion collector inside its own ``transaction.atomic()``: their receivers run in a transaction.
DELETE_SIGNALS = frozenset({"pre_delete", "post_delete"})
PER_OBJECT_SAVE = "call save() per object or run that logic explicitly"

_FIELDS = frozenset({
    "AutoField", "BigAutoField", "BigIntegerField", "BinaryField", "BooleanField", "CharField", "DateField",
    "DateTimeField", "DecimalField", "DurationField", "EmailField", "Field", "FileField", "FilePathField",
    "FloatField", "ForeignKey", "ForeignObject", "GeneratedField", "GenericIPAddressField", "IPAddressField",
    "ImageField", "IntegerField", "JSONField", "ManyToManyField", "NullBooleanField", "OneToOneField",
    "PositiveBigIntegerField", "PositiveIntegerField", "PositiveSmallIntegerField", "SlugField", "SmallAutoField",
    "SmallIntegerField", "TextField", "TimeField", "URLField", "UUIDField", "CommaSeparatedIntegerField",
})
_MODELS_EXPORTS = _FIELDS | frozenset({
    "Aggregate", "Avg", "CASCADE", "Case", "CheckConstraint", "Count", "DO_NOTHING", "Exists", "Expression",
    "ExpressionWrapper", "F", "FilteredRelation", "Func", "Index", "IntegerChoices", "Manager", "Max", "Min",
    "Model", "OuterRef", "PROTECT", "Prefetch", "Q", "QuerySet", "RESTRICT", "SET", "SET_DEFAULT", "SET_NULL",
    "Subquery", "Sum", "TextChoices", "UniqueConstraint", "Value", "When", "Window", "prefetch_related_objects",
    "signals",
})


@dataclass(frozen=True)
class Drf:
    """Django REST framework: serializers run per object when given many, list views give them many."""

    list_views: tuple[Names, ...]  # views that serialize many objects
    model_serializers: tuple[str, ...]
    serializers: tuple[str, ...]
    pk_only_fields: tuple[str, ...]  # read ``<fk>_id``, not the related row
    no_source_fields: tuple[str, ...]  # read no attribute of the object
    method_field: str  # the field whose ``get_<name>`` method runs per object
    pass_through: frozenset[str]  # view methods that hand the rows on unchanged (same eager loading)
    views: tuple[Names, ...]  # decorators that make a function a view
    single_object_actions: frozenset[str]  # viewset actions that serialize one object
    route_view: str  # ``View.as_view({"get": "retrieve"})``: the actions a route maps
    router_register: str  # ``router.register(prefix, ViewSet)``: routes every action, ``list`` too
    package: str = "rest_framework"
    list_action: str = "list"  # the action that serializes the view's rows with ``many=True``
    action_decorator: str = "action"  # ``@action(detail=False)``: a viewset method is an action of its name


@dataclass(frozen=True)
class DjangoExtras:
    """Django knowledge that has no counterpart in other ORMs."""

    user_model: str  # contrib.auth's User
    field_reference: Names  # F("views"): a column's value as the database holds it, in an expression
    user_model_refs: frozenset[str]  # how code names the active user model
    user_model_setting: str  # the setting that names it
    user_bases: tuple[str, ...]  # a custom user model derives from one of these
    request_user: tuple[str, ...]  # how a view names the signed-in user, an instance of the user model
    middleware_hooks: frozenset[str]  # the methods Django calls on a middleware, outside the view's transaction
    paginator: Names  # Paginator(rows, per_page): pages of the rows it is given
    page_methods: frozenset[str]  # a Paginator's methods returning one Page
    page_rows: str  # a Page's list of its rows (iterating the Page gives them too)
    shortcuts: tuple[Names, ...]  # functions that query: get_object_or_404(Model, ...)
    list_shortcuts: frozenset[str]  # of those, the ones returning many rows
    prefetch_objects: Names  # prefetch_related_objects(objs, "rel"): loads relations on objects at hand
    prefetch_class: str  # Prefetch("rel", queryset=..., to_attr=...)
    creation_stamp: str  # DateTimeField(auto_now_add=True): a field the first save fills, None before it
    outer_reference: str  # OuterRef("pk"): a queryset filtered with it is a subquery, never run on its own
    prefetch_loader: str  # the loader that prefetches collections (and takes Prefetch objects)
    prefetch_cache: str  # where an instance keeps what prefetch_related() loaded on it
    connection: frozenset[str]  # the default connection object, qualified
    connections: str  # django.db.connections["alias"]
    get_connection: str  # transaction.get_connection()
    paramstyle: str  # how its cursors take parameters
    cursor_classes: Names  # connection and cursor classes (annotations)
    schema_editor: Names  # the schema editor class
    schema_editor_name: str  # how migrations name the schema editor parameter
    raw_sql: Names  # RawSQL("...", params)
    raw_method: str  # Manager.raw(sql, params)
    extra_method: str  # QuerySet.extra(where=[...], select={...})
    app_config: str
    admin_register: str  # admin.register(Model) / admin.site.register(Model, ModelAdmin)
    admin_actions: str  # ModelAdmin.actions: callables given (modeladmin, request, queryset)
    get_model: str  # apps.get_model("app", "Model")
    queryset_builder: str  # Manager.get_queryset(): the QuerySet whose methods a manager's calls run
    get_user_model: tuple[str, ...]
    reshaping: frozenset[str]  # QuerySet/Manager methods that change eager loading or stop returning rows
    instance_actions: frozenset[str]  # calls that make a model method an action, besides the ORM's writes
    reload: str  # obj.refresh_from_db(): reloads the row and drops the relations cached on it
    field_wrappers: tuple[str, ...]  # fields whose first argument defines the column: ArrayField(FloatField())
    settings: str  # the settings object: iterating one of its lists is iterating configuration
    model_options: str  # Model._meta: the model's fields and options
    app_registry: str  # the installed apps and their models: apps.get_app_configs(), apps.get_models()
    choices_attributes: frozenset[str]  # what a TextChoices/IntegerChoices class lists: Status.choices
    file_reads: frozenset[str]  # a file field's value's methods that only read the stored file: self.upload.seek(0)
    formset_members: frozenset[str]  # what a formset lists its submitted forms (or their data) by: formset.cleaned_data
    on_commit: Names  # defers a callable until the transaction commits
    model_to_dict: Names  # model_to_dict(obj, fields, exclude): reads every editable field, many-to-many ones by query
    choice_fields: Names  # form fields rendering each row of their ``queryset`` as an option, with str(obj)
    hidden_widgets: Names  # widgets that render no option
    # Django's own admin class, and library admins (and their mixins) that keep its default list_display:
    # a changelist of a class derived from these alone shows __str__ unless its list_display says otherwise
    model_admins: tuple[Names, ...]
    atomic_requests: str  # the DATABASES key that runs every (sync) view in a transaction
    test_settings: str  # the DATABASES key of an alias's test options
    test_mirror: str  # the test option that makes an alias a mirror (a read replica) of another
    using: str  # the keyword naming the database alias of a call: transaction.atomic(using="replica")
    non_atomic_requests: Names  # the view decorator that opts out of it
    management: Names  # call_command
    drf: Drf
    # django-lifecycle: ``@hook(AFTER_UPDATE, when="status")`` on a model method that the model's own
    # save()/delete() runs; each moment's event and the rows it runs for (new, existing, or any: "")
    lifecycle_hook: Names = Names("django_lifecycle", ("hook",))
    lifecycle_moments: tuple[tuple[str, str, str], ...] = (
        ("BEFORE_SAVE", "save", ""), ("AFTER_SAVE", "save", ""),
        ("BEFORE_CREATE", "save", "new"), ("AFTER_CREATE", "save", "new"),
        ("BEFORE_UPDATE", "save", "existing"), ("AFTER_UPDATE", "save", "existing"),
        ("BEFORE_DELETE", "delete", ""), ("AFTER_DELETE", "delete", ""),
    )
    lifecycle_conditions: tuple[str, ...] = ("when", "when_any")  # the fields whose change the hook waits for
    # model bases whose default manager's QuerySet.delete() calls delete() on each row (django-softdelete)
    per_object_delete_bases: Names = Names("softdelete.models", ("SoftDeleteObject",))
    quote_identifier: str = "`connection.ops.quote_name()`"  # how raw SQL quotes a table or column name


DJANGO = OrmSpec(
    name="django",
    packages=("django",),
    star_exports=(StarExports("django.db.models", _MODELS_EXPORTS),),
    # django-lifecycle's LifecycleModel is a models.Model of a package the index does not read
    model_bases=(Names("django.db.models", ("Model",)), Names("django_lifecycle", ("LifecycleModel",))),
    relations=Relations(
        fields=(
            *(RelationField(name, "fk", False, target="to", reverse="related_name", reverse_many=True, null="null",
                            packages=())
              for name in ("ForeignKey", "ParentalKey", "TreeForeignKey")),
            *(RelationField(name, "o2o", False, target="to", reverse="related_name", reverse_many=False, null="null",
                            packages=())
              for name in ("OneToOneField", "TreeOneToOneField")),
            *(RelationField(name, "m2m", True, target="to", reverse="related_name", reverse_many=True, null="null",
                            packages=())
              for name in ("ManyToManyField", "ParentalManyToManyField", "TreeManyToManyField",
                           "SortedManyToManyField")),
            RelationField("GenericForeignKey", "generic", False, fixed_target="", packages=("django", "")),
            RelationField("GenericRelation", "generic", True, fixed_reverse="+", packages=("django", "")),
            RelationField("TaggableManager", "m2m", True, fixed_target="taggit.models.Tag", fixed_reverse="+",
                          packages=("taggit",)),
        ),
        reverse_name="{model}_set",
        reverse_name_o2o="{model}",
        default_reverse_option="default_related_name",
        parent_links=True,
        key_attname="{name}_id",
        collection_is_manager=True,
        iterable_managers=False,
        related_rows_know_parent=True,
        one_to_one_knows_back=True,
    ),
    managers=frozenset({"objects", "_default_manager", "_base_manager"}),
    query=Query(
        chain=frozenset({"all", "filter", "exclude", "order_by", "distinct", "reverse", "using", "annotate", "alias",
                         "select_for_update", "complex_filter", "none", "with_translations"}),
        unfixable=frozenset({"only", "defer", "union", "intersection", "difference", "iterator", "extra"}),
        combinators=frozenset({"union", "intersection", "difference"}),
        single=frozenset({"get", "first", "last", "earliest", "latest"}),
        rows=frozenset({"values", "values_list"}),
        empty=frozenset({"none"}),
        conditions=frozenset({"filter"}),
        null_lookup="isnull",
        executes=frozenset({"count", "exists", "aggregate", "in_bulk", "contains", "explain", "raw", "update", "delete",
                            "create", "get_or_create", "update_or_create", "bulk_create", "bulk_update"}),
        aggregates=frozenset({"count", "exists", "aggregate", "in_bulk", "contains"}),
        result_cache_reads=frozenset({"count", "exists"}),
        # select_related() without arguments: non-null foreign keys, five levels deep (Query.max_depth)
        loaders=(Loader("select_related", "paths", no_arguments="non_null_to_one", depth=5, to_one=True),
                 Loader("prefetch_related", "paths")),
        lookups=frozenset({"all", "count", "exists"}),
        ordered_lookups=frozenset({"first"}),  # first() slices an ordered prefetch cache; unordered, it orders by pk
        relation_queries=frozenset({
            "all", "filter", "exclude", "get", "first", "last", "count", "exists", "order_by", "values",
            "values_list", "aggregate", "annotate", "distinct", "latest", "earliest", "in_bulk", "iterator",
            "select_related", "prefetch_related", "only", "defer",
        }),
        relation_restarts=frozenset({"all", "filter", "exclude", "order_by", "distinct", "reverse", "using",
                                     "annotate", "alias", "select_for_update", "complex_filter", "extra", "none",
                                     "iterator", "with_translations", "get", "first", "last", "earliest", "latest"}),
        runs=frozenset({"count", "exists", "aggregate", "in_bulk", "get_or_create", "update_or_create", "create",
                        "delete", "update"}),
        iterable=True,
        custom_methods=True,
        locks=frozenset({"select_for_update"}),
        savepointed=frozenset({"get_or_create", "update_or_create"}),
        to_one_loader="select_related",
        collection_loader="prefetch_related",
        to_one_needs_single_path=True,
        advice=(("select_related", 'add `.{loader}("{path}")` to the query'),
                ("prefetch_related", 'add `.{loader}("{path}")` to the query')),
        requery_advice='prefetch the filtered rows once with `Prefetch("{path}", queryset=..., to_attr=...)` and read the list',
        reshaped_advice=((("iterator", "prefetch_related"),
                          'add `.prefetch_related("{path}")` to the query and pass `chunk_size` to `.iterator()` '
                          '(it prefetches per chunk; without `chunk_size` Django 5 refuses the prefetch)'),),
        bypass_advice=(("iterator", '`.iterator()` skips the prefetch cache: use `.all()` and `.prefetch_related("{path}")`'),
                       ("aggregate", "compute it for all rows at once with `.annotate(...)` on the query (over `{path}`)"),
                       ("count", 'count them for all rows at once with `.annotate(n=Count("{lookup}"))` on the query '
                                 'and read `n` (`.prefetch_related("{path}")` also serves `count()`, but loads every '
                                 'row)')),
        column_loading=(("only", "only"), ("defer", "defer")),
        column_advice=(("only", 'add "{column}" to `.only(...)`'), ("defer", 'take "{column}" out of `.defer(...)`')),
    ),
    writes=(
        Write("save", frozenset({"save"}), frozenset({"instance"}), "bulk_update(objs, fields)", "save"),
        Write("save_new", frozenset({"save"}), frozenset({"instance"}), "bulk_create(objs)", "save"),
        Write("create", frozenset({"create"}), frozenset({"query"}), "bulk_create(objs)", "save"),
        # get_or_create() leaves an existing row as it is: an upsert would overwrite it
        Write("get_or_create", frozenset({"get_or_create"}), frozenset({"query"}), "bulk_create(objs)", "save",
              advice="fetch the existing rows once (`filter(<key>__in=keys)` or `in_bulk`) and `bulk_create()` only "
                     "the missing ones (with `ignore_conflicts=True` when a unique constraint on the key guards "
                     "against rows others insert meanwhile)"),
        # an upsert needs a unique constraint on the lookup fields: without one, it cannot find the conflict
        Write("update_or_create", frozenset({"update_or_create"}), frozenset({"query"}),
              "bulk_create(objs, update_conflicts=True, unique_fields=..., update_fields=...)", "save",
              advice="fetch the existing rows once (`filter(<key>__in=keys)`), then `bulk_update()` those and "
                     "`bulk_create()` the missing ones; or, when a unique constraint covers the lookup fields, "
                     "`bulk_create(objs, update_conflicts=True, unique_fields=..., update_fields=...)`"),
        Write("delete", frozenset({"delete"}), frozenset({"instance", "query"}),
              "one queryset .delete() (filter(pk__in=...))", "delete", runs="a DELETE"),
        Write("update", frozenset({"update"}), frozenset({"query"}),
              "bulk_update(objs, fields), or one update() over filter(pk__in=...) when the values agree",
              runs="an UPDATE"),
        # a related manager's add()/remove() takes every object at once: one query for all (m2m_changed still
        # sent, once, with every primary key); set() and clear() per owner have no batch form
        Write("relate", frozenset({"add", "remove"}), frozenset({"relation"}), "one `add(*objs)`"),
    ),
    read_advice="fetch the rows once before the loop (`in_bulk(ids)` or a `__in` filter) and look them up",
    read_by_key_advice="fetch the rows once before the loop (`filter({key}__in=keys)`) and look them up in a dict "
                       "by {key}",
    count_advice="count them for every key in one grouped query before the loop (`filter(<key>__in=keys)"
                 ".values(\"<key>\").annotate(n=Count(\"pk\"))`) and look the counts up",
    hooks=Hooks(
        kinds=frozenset({"method", "signal", "lifecycle"}),
        methods=frozenset({"save", "delete"}),
        queryset_methods=frozenset({"delete", "update", "bulk_create", "bulk_update"}),
        signals=(Names("django", MODEL_SIGNALS),),
        signal_kind="signal",
        decorators=(Names("django", ("receiver",)),),
        # each with its async twin (Django 4.1+: ``await qs.aupdate(...)`` runs the same bulk path)
        bulk=tuple(BulkWrite(prefix + method, "manager", operation, **options) for prefix in ("", "a")
                   for method, operation, options in (("bulk_create", "save", {"new": True}),
                                                      ("bulk_update", "save", {"existing": True, "sets": "fields"}),
                                                      ("update", "save", {"existing": True, "sets": "arguments"}),
                                                      ("delete", "delete", {}))),
        skipped=(
            Skipped("save", ("save", "pre_save", "post_save"), PER_OBJECT_SAVE),
            # QuerySet.delete() still sends pre_delete/post_delete for every object; only delete() is skipped.
            Skipped("delete", ("delete",), "call delete() per object or run that logic explicitly"),
        ),
        validation=frozenset({"full_clean", "clean", "clean_fields", "validate_unique", "validate_constraints"}),
        custom_validation="clean",
        field_families=(("django.db.models.FileField", ("django.db.models.FileField", "django.db.models.ImageField")),),
    ),
    floats=FloatTypes(
        fields=(Names("django.db.models", ("FloatField",)), Names("django.contrib.gis.db.models", ("FloatField",))),
        decimal="DecimalField",
        descriptions=("help_text", "verbose_name"),
    ),
    schema_sync=(
        SchemaCall("flush", "drop", "command"),
        SchemaCall("reset_db", "drop", "command"),
        SchemaCall("syncdb", "create", "command"),
        SchemaCall("migrate", "create", "command", flag="run_syncdb"),
        SchemaCall("migrate", "migrate", "command", at_startup=True),
        SchemaCall("create_model", "create", "schema_editor"),
        SchemaCall("delete_model", "drop", "schema_editor"),
    ),
    migrate_advice="run `manage.py migrate` with real migrations as a deploy step",
    transactions=(TransactionForm(Names("django.db", ("atomic",)), savepoint=True, decorator=True,
                                  no_savepoint_keyword="savepoint"),),
    handles=(Acquire(DJANGO_AUTOCOMMIT, calls=(Names("django", ("set_autocommit",)),), positional=True,
                     statement=True, off_keyword="autocommit"),),
    errors=(Names("django.db", PEP_249_ERRORS),),
    rollbacks=frozenset({"rollback", "set_rollback", "savepoint_rollback"}),
    schema_attributes=frozenset({"db_table", "db_column", "attname", "db_tablespace"}),
    configuration_attributes=frozenset({"settings_dict"}),  # connection.settings_dict: its DATABASES entry
    column_name_keywords=frozenset({"db_column"}),
    compiled_sql=frozenset({"sql_with_params", "as_sql"}),
    quoting=frozenset({"quote_name", "quote_value"}),  # connection.ops.quote_name, schema_editor.quote_value
    runs_sql=frozenset({"get_or_create", "update_or_create", "bulk_create", "bulk_update", "refresh_from_db"}),
)

DJANGO_EXTRAS = DjangoExtras(
    user_model="django.contrib.auth.models.User",
    field_reference=Names("django.db.models", ("F",)),
    user_model_refs=frozenset({"settings.AUTH_USER_MODEL", "django.conf.settings.AUTH_USER_MODEL", "auth.User",
                               "AUTH_USER_MODEL", "django.contrib.auth.get_user_model"}),
    user_model_setting="settings.AUTH_USER_MODEL",
    user_bases=("AbstractUser", "AbstractBaseUser"),
    request_user=("request.user", "self.request.user"),
    middleware_hooks=frozenset({"process_request", "process_view", "process_exception", "process_response",
                                "process_template_response"}),
    paginator=Names("django.core.paginator", ("Paginator",)),
    page_methods=frozenset({"page", "get_page"}),
    page_rows="object_list",
    shortcuts=(Names("django.shortcuts", ("get_object_or_404", "get_list_or_404")),
               Names("rest_framework.generics", ("get_object_or_404",))),  # DRF's: Django's, raising its Http404
    list_shortcuts=frozenset({"get_list_or_404"}),
    prefetch_objects=Names("django.db.models", ("prefetch_related_objects",)),
    prefetch_class="Prefetch",
    creation_stamp="auto_now_add",
    outer_reference="OuterRef",
    prefetch_loader="prefetch_related",
    prefetch_cache="_prefetched_objects_cache",
    connection=frozenset({"django.db.connection", "django.db.transaction.connection"}),
    connections="django.db.connections",
    get_connection="django.db.transaction.get_connection",
    paramstyle="format",
    cursor_classes=Names("django.db", ("CursorWrapper", "BaseDatabaseWrapper")),
    schema_editor=Names("django.db", ("BaseDatabaseSchemaEditor",)),
    schema_editor_name="schema_editor",
    raw_sql=Names("django.db.models", ("RawSQL",)),
    raw_method="raw",
    extra_method="extra",
    app_config="django.apps.AppConfig",
    admin_register="register",
    admin_actions="actions",
    get_model="get_model",
    queryset_builder="get_queryset",
    get_user_model=("get_user_model", "auth.get_user_model"),
    reshaping=frozenset({"select_related", "prefetch_related", "Prefetch", "values", "values_list", "only", "defer",
                         "union", "raw", "none", "iterator", "in_bulk", "get", "first", "last", "count", "exists"}),
    instance_actions=frozenset({"full_clean", "refresh_from_db", "bulk_create", "bulk_update"}),
    reload="refresh_from_db",
    field_wrappers=("ArrayField",),
    settings="django.conf.settings",
    model_options="_meta",
    app_registry="django.apps.apps",
    choices_attributes=frozenset({"choices", "values", "labels", "names"}),
    file_reads=frozenset({"open", "read", "readline", "readlines", "seek", "tell", "chunks", "close"}),
    formset_members=frozenset({"forms", "cleaned_data", "initial_forms", "extra_forms", "deleted_forms",
                               "ordered_forms", "changed_objects", "new_objects", "deleted_objects"}),
    on_commit=Names("django.db.transaction", ("on_commit",)),
    model_to_dict=Names("django.forms", ("model_to_dict",)),
    choice_fields=Names("django.forms", ("ModelChoiceField", "ModelMultipleChoiceField")),
    hidden_widgets=Names("django.forms", ("HiddenInput", "MultipleHiddenInput")),
    model_admins=(Names("django.contrib.admin", ("ModelAdmin",)),
                  Names("reversion.admin", ("VersionAdmin",)),
                  Names("simple_history.admin", ("SimpleHistoryAdmin",)),
                  Names("guardian.admin", ("GuardedModelAdmin",)),
                  Names("modeltranslation.admin", ("TranslationAdmin",)),
                  Names("import_export.admin", ("ImportExportModelAdmin", "ImportExportMixin", "ImportMixin",
                                                "ExportMixin", "ExportActionMixin", "ExportActionModelAdmin"))),
    atomic_requests="ATOMIC_REQUESTS",
    test_settings="TEST",
    test_mirror="MIRROR",
    using="using",
    non_atomic_requests=Names("django.db.transaction", ("non_atomic_requests",)),
    management=Names("django.core.management", ("call_command",)),
    drf=Drf(
        list_views=(Names("rest_framework", ("ListAPIView", "ListCreateAPIView", "ModelViewSet",
                                             "ReadOnlyModelViewSet", "ListModelMixin")),),
        model_serializers=("ModelSerializer", "HyperlinkedModelSerializer"),
        serializers=("BaseSerializer", "Serializer", "ListSerializer", "ModelSerializer", "HyperlinkedModelSerializer"),
        pk_only_fields=("PrimaryKeyRelatedField", "HyperlinkedRelatedField"),
        no_source_fields=("SerializerMethodField", "HiddenField", "HyperlinkedIdentityField"),
        method_field="SerializerMethodField",
        pass_through=frozenset({"filter_queryset", "paginate_queryset"}),
        views=(Names("rest_framework", ("api_view", "action")),),
        single_object_actions=frozenset({"retrieve", "create", "update", "partial_update", "destroy"}),
        route_view="as_view",
        router_register="register",
    ),
)
