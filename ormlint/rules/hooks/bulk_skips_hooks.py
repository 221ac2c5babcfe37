"""ORM401 bulk-skips-hooks: a bulk write on a model whose per-object hooks it bypasses."""

from __future__ import annotations

import re
from dataclasses import dataclass

import libcst as cst

from ormlint.analysis.admin import admin_action_names, admin_registrations
from ormlint.api import Example, Rule
from ormlint.core.roles import NON_PRODUCTION
from ormlint.index.call_sites import CallGraph
from ormlint.index.effects import deferred_function, run_function
from ormlint.index.facts import ClassFact, HookFact
from ormlint.index.hooks import attname
from ormlint.orms import ORMS, spec_of
from ormlint.orms.django import DJANGO, DJANGO_EXTRAS
from ormlint.orms.spec import SAVES_ONE_ROW, BulkWrite, any_matches
from ormlint.orms.sqlalchemy import SA, SA_FAMILY, SQLALCHEMY, is_sqlalchemy
from ormlint.orms.tortoise import TORTOISE
from ormlint.syntax.literals import string_value as _string
from ormlint.syntax.names import dotted_name
from ormlint.syntax.walk import descendants

# Django QuerySet/Manager methods that return a QuerySet of the same model (a bulk write on it targets the model).
DJANGO_QUERYSET = DJANGO.query.same_model | {"get_queryset"}
# Custom manager/queryset methods with these names return objects or values, not querysets.
DJANGO_NOT_QUERYSET = DJANGO.query.single | DJANGO.query.executes
TORTOISE_QUERYSET = TORTOISE.query.same_model
SA_QUERY = SQLALCHEMY.query.same_model | {SQLALCHEMY.query.options}
SA_EXECUTE = SA.session_runs - {SA.session_query}
_RECEIVERS = {"class": "model", "manager": "manager", "query": "query"}  # Origin.kind -> BulkWrite.receiver
# Writes of one object through its save path: ``obj.save()``, ``M.objects.create(...)``, ``get_or_create``...
_SAVES = frozenset(m for spec in ORMS for w in spec.writes if w.skips == "save" and "instance" in w.on for m in w.methods)
_CREATES = frozenset(m for spec in ORMS for w in spec.writes if w.kind in SAVES_ONE_ROW for m in w.methods)
# A comment next to a bulk write that says it avoids the hooks on purpose: it names them and an intent.
_HOOK_WORDS = re.compile(r"\b(save|delete)\(\)|\.(save|delete)\b|\b(signals?|hooks?|receivers?|(pre|post)_(save|delete)"
                         r"|overridden (save|delete|methods?))\b", re.IGNORECASE)
_INTENT_WORDS = re.compile(r"\b(avoid\w*|bypass\w*|without|on purpose|intentional\w*|deliberate\w*|instead of"
                           r"|rather than|no (signals?|hooks?|receivers?)|(fires?|sends?|triggers?|runs?) no"
                           r"|(don'?t|do not|never) (use|call|trigger|fire|want))\b", re.IGNORECASE)
_PRIMARY_KEYS = ("pk", "id")
_BULK_METHODS = frozenset(write.method for write in DJANGO.hooks.bulk)
_CLOCK = frozenset({"now", "utcnow", "Now"})  # timezone.now(), datetime.utcnow(), Django's Now()
# HookFact kinds that describe a class or a method for the hooks' conditions, not a hook that runs on a save
_DESCRIPTIONS = frozenset({"attribute", "inert", "conditional", "fields_of", "sends", "property", "derived", "manager"})
_HOOK_EVENTS = frozenset(event for spec in ORMS for skipped in spec.hooks.skipped for event in skipped.events) | {
    event for spec in ORMS for event in spec.hooks.events}  # every per-object hook event of every ORM


@dataclass(frozen=True)
class Origin:
    """What an expression holds: a model class, a queryset/query of it, a statement, objects."""

    kind: str  # class | manager | query | table | statement | objects | instance
    model: ClassFact
    orm: str
    op: str = ""  # statement: insert | update | delete
    keys: tuple[str, ...] | None = None  # statement/query: the attributes it sets, when known
    manager: str = ""  # Django: the manager attribute the chain started from


def _creates_one(value: cst.BaseExpression) -> bool:
    """``M.objects.create(...)``, ``await M.create(...)``, ``M.objects.get_or_create(...)``: one row saved."""
    if isinstance(value, cst.Await):
        value = value.expression
    return isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute) and value.func.attr.value in _CREATES


def _row_of(chain: cst.BaseExpression) -> str | None:
    """``obj`` for a query chain filtered by ``pk=obj.pk`` / ``id=obj.id``: one object's row."""
    while isinstance(chain, cst.Call) and isinstance(chain.func, cst.Attribute):
        for arg in chain.args:
            value = arg.value
            if (arg.keyword is not None and arg.keyword.value in _PRIMARY_KEYS and isinstance(value, cst.Attribute)
                    and value.attr.value in _PRIMARY_KEYS and isinstance(value.value, cst.Name)):
                return value.value.value
        chain = chain.func.value
    return None


def _is_clock(value: cst.BaseExpression) -> bool:
    return isinstance(value, cst.Call) and (dotted_name(value.func) or "").rsplit(".", 1)[-1] in _CLOCK


def _touches_only(call: cst.Call, clocks: set[str]) -> bool:
    """``update(modified=timezone.now())``: the write sets nothing but the current time (or a name the
    function set to it: ``doc.modified = now()``), a touch that carries no content for the skipped
    hooks to act on."""
    return bool(call.args) and all(
        arg.keyword is not None and (_is_clock(arg.value) or dotted_name(arg.value) in clocks) for arg in call.args)


def _counts_only(call: cst.Call, imports) -> bool:
    """``update(views=F("views") + 1)``: every value the write sets is computed by the database from the
    column's own current value (Django's ``F()`` of the field it sets): a counter moved atomically."""
    def from_itself(field: str, value: cst.BaseExpression) -> bool:
        refs = [n for n in (value, *descendants(value)) if isinstance(n, cst.Call) and n.args
                and DJANGO_EXTRAS.field_reference.matches(imports.qualify(n.func))]
        return bool(refs) and all(_string(r.args[0].value) == field for r in refs)
    return bool(call.args) and all(a.keyword is not None and from_itself(a.keyword.value, a.value) for a in call.args)


def _keys(call: cst.Call) -> tuple[str, ...] | None:
    """Attribute names a ``values(...)``/``update(...)`` call sets, or None when not all are known."""
    keys: list[str] = []
    for arg in call.args:
        if arg.keyword is not None:
            keys.append(arg.keyword.value)
        elif isinstance(arg.value, cst.Dict) and not arg.star:
            found = _dict_keys(arg.value)
            if found is None:
                return None
            keys += found
        else:
            return None
    return tuple(keys)


def _dict_keys(value: cst.Dict) -> list[str] | None:
    """The keys of a dict literal naming attributes (``"title"``, ``M.title``), or None when one is not."""
    keys = []
    for element in value.elements:
        if not isinstance(element, cst.DictElement):
            return None
        key = _string(element.key) or (element.key.attr.value if isinstance(element.key, cst.Attribute) else None)
        if key is None:
            return None
        keys.append(key)
    return keys


def _field_names(call: cst.Call) -> tuple[str, ...] | None:
    """The attributes ``bulk_update(objs, ["a", M.b])`` names (its second argument or ``fields=``)."""
    fields = next((a.value for a in call.args if a.keyword is not None and a.keyword.value == "fields"), None)
    positional = [a.value for a in call.args if a.keyword is None and not a.star]
    fields = fields if fields is not None else positional[1] if len(positional) > 1 else None
    if not isinstance(fields, (cst.List, cst.Tuple)):
        return None
    names = [_string(e.value) or (e.value.attr.value if isinstance(e.value, cst.Attribute) else None)
             for e in fields.elements if isinstance(e, cst.Element)]
    return tuple(names) if names and all(names) and len(names) == len(fields.elements) else None  # type: ignore


def _sets(call: cst.Call, write: BulkWrite) -> tuple[str, ...] | None:
    """The attributes a bulk write of existing rows sets, when the call names them all."""
    if write.sets == "arguments":
        return _keys(call)
    return _field_names(call) if write.sets == "fields" else None


def _returns_queryset(method: str) -> bool:
    """Whether a Django manager/queryset method (a custom one too) returns a queryset."""
    if method in DJANGO_QUERYSET:
        return True
    is_async_variant = method.startswith("a") and (method[1:] in DJANGO_NOT_QUERYSET or method[1:4] == "get")
    sync = method[1:] if is_async_variant else method
    return not (sync in DJANGO_NOT_QUERYSET or sync.startswith("get") or sync.endswith("_or_create"))


def _describe(node: cst.BaseExpression) -> str:
    """A call chain with its arguments elided: ``Product.objects.filter(...).update``."""
    if isinstance(node, cst.Call):
        return _describe(node.func) + ("(...)" if node.args else "()")
    if isinstance(node, cst.Attribute):
        return f"{_describe(node.value)}.{node.attr.value}"
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Await):
        return _describe(node.expression)
    return "(...)"


def _imports_only(stmt: cst.CSTNode) -> bool:
    return isinstance(stmt, cst.SimpleStatementLine) and all(isinstance(s, (cst.Import, cst.ImportFrom))
                                                             for s in stmt.body)


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _hook_text(hook: HookFact) -> str:
    where = f"{hook.path}:{hook.line}"
    if hook.kind == "method":
        return f"{hook.function}() ({where})"
    if hook.kind == "validates":
        return f"the @validates method {hook.function} ({where})"
    if hook.kind == "lifecycle":
        return f"the lifecycle @hook method {hook.function}() ({where})"
    if hook.kind == "mapper_event":
        scope = "every mapped class, " if hook.model == "*" else ""
        return f"the {hook.event} listener {hook.function} ({scope}{where})"
    scope = "every model, " if hook.model is None else ""
    noun = "receiver" if hook.kind == "signal" else "signal handler"
    return f"the {hook.event} {noun} {hook.function} ({scope}{where})"


IN_HOOK_ADVICE = ("run the skipped logic explicitly for these rows (saving them one by one from inside a hook "
                  "cascades into their hooks), or note why the bypass is intended")


class BulkSkipsHooks(Rule):
    """
    ## What it does
    Reports bulk writes on a model that has per-object behaviour the bulk path skips:
    Django `bulk_create`/`bulk_update`/`QuerySet.update()` on a model with a custom
    `save()` or `pre_save`/`post_save` receivers, `QuerySet.delete()` on a model with
    a custom `delete()` (Django still sends the delete signals), and their async twins (`abulk_create`,
    `abulk_update`, `aupdate`, `adelete`), django-lifecycle `@hook`
    methods alike (creation hooks for new rows, update hooks for existing ones, only when
    an update sets a field their `when`/`when_any` names; one that does nothing for the model,
    by the measure for overrides below — it only validates, or its logic needs a class
    attribute the model leaves unset — does not count); SQLAlchemy
    `bulk_save_objects`/`bulk_insert_mappings`/`bulk_update_mappings`, executed
    `insert(M)`/`update(M)`/`delete(M)` statements and `Query.update()/delete()` on a
    model with mapper event listeners (`before_insert`...) or `@validates`; Peewee
    `insert_many`/`bulk_create`/`bulk_update`/`Model.update()`/`Model.delete()` on a
    model with an overridden `save()`/`delete_instance()` or `playhouse.signals`
    receivers; Tortoise `bulk_create`/`bulk_update`/`QuerySet.update()/delete()` on a
    model with signals or an overridden `save()`/`delete()`. Hooks are found in every
    file of the project (`signals.py`, `apps.py`, `events.py`, abstract bases and
    mixins); a receiver a test case or a fixture connects (a `tearDown` connecting again what
    `setUp` disconnected) is none of them. A bulk write on `self` in a method of a Django Manager or
    QuerySet class that one model's manager runs (`objects = CityManager()`, `CityQuerySet.as_manager()`:
    `self.bulk_create(...)`, `self.filter(...).update(...)`) is that model's, except in the class's own
    `delete()`/`update()`/`bulk_create()`/`bulk_update()` (a soft delete's `delete()` running
    `self.update(...)`). An `update()` whose every value the database computes from the column's own
    (`update(views=F("views") + 1)`) is the atomic counter ORM304 advises, not reported: a `save()` per row
    would read, add and write back, losing concurrent changes. Not reported: updates and deletes of existing rows in an operator's management
    command (the `command` role: a backfill or clean-up writes in bulk on purpose and runs what it
    needs itself; new rows an import command creates are still reported). Not counted: a
    `save()` override that only calls `super().save(...)` (and logs: `logger.debug(...)`, or first sets a keyword
    argument to a literal: `kwargs["soft"] = False`, what the parent then does is the parent's);
    creation-only `save()` logic (under `if not self.pk`, also all of a method of its class it calls,
    `self._ensure_content_type_is_set()`, or through a local bound before it: `adding =
    self._state.adding`, then `if adding:` after the parent's `save()`, or `create_action = self.created is None`
    of an `auto_now_add` field, None until the first save; also inside `with transaction.atomic():`; or filling a value rows lack:
    `if not self.slug: self.slug = ...`, `self.uid = self.uid or new_uid()`, `if self.order is None: self._assign_order() else:
    super().save()`, `if self.code: return super().save()` before
    code that sets it) and receivers that return unless `created` (`if not created or raw: return` too; after imports of
    their own and names bound from their arguments), or end in one `if created ...:` block (`if created
    and instance.page.urls:`; `if created or not instance.anon_id:` around code that sets `instance.anon_id`,
    which every row got when it was created; also `if instance._state.adding:` in a `pre_save` receiver), for
    updates of existing rows; a `save()` whose whole logic fills unset
    fields (`if not self.created_by_id: ...`) for a `bulk_create` of objects that all pass
    those fields to their constructor (`Entry(workspace=w, created_by_id=u.id)`, in the list,
    comprehension, appends or extends that build its argument, or assigned right after the construction of an
    object appended by name or stored in a dict passed as `objs.values()`: `summary.failed = ...`) —
    likewise a `save()` whose whole logic sets attributes of the object (derived from its relations: `self.workspace =
    self.project.workspace`; stamped: `self.created_by = get_current_user()`; under any
    condition; not one that remakes a value from itself, `self.email = self.email.lower()`,
    `self.pin = make_password(self.pin)`) for objects constructed with all of them, the next override up the class chain
    then counting for what it sets; a soft-delete `delete()` (given `soft=False`, or `hard=True`,
    it only calls the parent's `delete()`; by default it never does, or hands that flag on) for
    a queryset `delete()`, which is the hard path it leaves to its parent; a `save()`/`delete()` override that
    calls the parent's method and otherwise does nothing for the model: it only validates
    (`full_clean()`, whose `clean()` the model leaves alone or only raises from), its other
    logic runs under `if self.log_prefix:` (a class attribute the model leaves `None`,
    `False` or empty) or loops over the model's fields of a type the model has none of
    (`for field in self._file_fields:`, a property picking `FileField`s by `isinstance`),
    or it calls template methods the model leaves empty (`self.pre_save_logic()`) or
    helpers that do nothing for it by the same measure — the next override in the
    class's bases still counts (the next after `Base` when the override calls
    `super(Base, self).delete()`, which passes over `Base`'s own method; `Base.save(self)` runs `Base`'s
    own, and `models.Model.save(self)` the ORM's, passing over every override of the project between);
    a hook whose whole logic is calling functions (`invalidate_cache(instance.pk)`, a queued
    `reindex.delay(instance.pk)`, a django-lifecycle hook's `self.update_cache()`; log lines aside) when
    the function making the write calls each of them itself
    (or hands it to `partial()`/`transaction.on_commit()` to run later)
    or is one of them (a job's status update from the job a receiver queues: saving would queue
    the running job again);
    receivers of a signal that the function then sends by hand for the model (a module-level function
    itself, `post_save.send(sender=UserActivity, ...)` after the update), or
    through a function or queued task it calls (`post_save.send(Document, instance=doc)` in
    `bulk_update_documents.delay(ids)`); an `update()` that only moves foreign keys off the object
    its filter picked the rows by (`filter(creator=user).update(creator=bot)`, `update(reviewer=None)`
    of `filter(reviewer=user)`: what Django's own `on_delete=SET(...)`/`SET_NULL` does, by a queryset
    update that runs neither `save()` nor signals); an `update()` that only sets timestamps to the
    current time (`update(modified=timezone.now())`, or a name the function set to it: a
    touch, no content for hooks to act on);
    for an update of existing rows that names what it sets (`update(milestone=m)`,
    `bulk_update(objs, ["milestone"])`, `update(**updates)` of a dict the function builds from literal keys),
    a receiver whose whole logic asks `update_fields` for other fields (`if update_fields and "is_archived"
    in update_fields:`: a plain `save()` would not run it either) or whether other fields changed (`if not created
    and is_model_field_changed(instance, "end_date"):`, `instance.tracker.has_changed("end_date")`: a call whose
    name says `changed`, naming a field of the instance, or a comparison with the same field of the stored row:
    `instance.effort != Report.objects.get(id=instance.id).effort`; after guards that only return and a block
    for new rows only, `if not instance.pk: ...; return`), a `save()` whose whole logic runs only when some other
    field differs from the stored row it fetches (`orig = Agent.objects.get(pk=self.pk)`;
    `if self.site_id != orig.site_id: ...`, also through names bound to such tests) or that a
    tracker saw change (`self.tracker.has_changed("site")`), also besides blocks for new rows and derived fields
    (`if adding: self.create_groups()`; `if adding or self.hidden != self._hidden_orig:`,
    `if self.has_changed("public"):` on a model mixin; a queryset `update()` of its own row by `pk` sets what it names and reads what it reads),
    and, when the test asks the new value too (`if self.has_changed("status") and self.status == self.DONE:`,
    `and self.is_verified`), not for an update setting a value that fails it (`update(status=Job.CANCELLED)`,
    `update(is_verified=False)`: distinct constants' names are taken for distinct values; a literal and a constant's
    name are not compared); a `save()` that only refuses values (`if self.is_active and not
    self._loaded["is_active"]: raise ValueError(...)`, also under `if not self._state.adding:`) likewise: an
    update skips it only when it sets what a refusal's test reads to a value the test may accept
    (`update(is_active=False)` skips nothing, `update(is_active=True)` does); and a derived-field hook
    that neither reads nor sets any
    of those attributes (`project_id` counts as `project`): a `save()` or receiver that only
    sets attributes of the object from values computed from its attributes
    (`self.modified = now()`, `if not self.status: self.status = self.project.default`) or
    forgets its cached properties (`self.__dict__.pop(key, None)`, in a loop or not, or
    `if hasattr(self, "_cache"): delattr(self, "_cache")`),
    besides reads, raises, branches that only write to the log (`if self.has_usable_password():
    logger.warning(...)`, whatever their test calls), local containers it fills (`update_fields.append("failed")`,
    `config.pop("MAX_URLS")`), directories it makes sure exist (`mkdir(exist_ok=True)`), the stored file of a
    file field read again (`self.media_file.seek(0)`, `read()`), tests of whether there is an object at all
    (`if instance and not instance.expires:`), helper
    methods of its class that do only the same (`self._set_title()`, each read once; one a base class
    of another module defines, `self.normalise()`, and a receiver's `instance.clean()`, through what
    the index knows of that method) and the parent's method; the fields a property it reads reads count as read (`self.output_dir` from
    `self.urls`; one calling the object's methods, as reading every field) (a receiver: and `instance.save()` storing
    them; fields named in expressions, `SearchVector("name__unaccent")`, are read; a name tested
    against `update_fields`, or added to it, `update_fields = {"modified"}.union(update_fields)`, is
    not), would do
    for those rows after the write what it did before (whatever an update sets, `update(**data)`,
    such a hook that touches only private attributes that are no field, what one object keeps in memory,
    skips nothing) (a hook that calls anything for its
    effect, hands the object on or calls other methods still counts, and so does the parent's
    `save()` it hands on to); likewise such a `save()` when the update itself sets every
    attribute the override sets from nothing of the object (`update(status=s,
    date_modified=timezone.now())` for `self.date_modified = timezone.now()`) and none of
    what it reads (an attribute derived from others, `self.slug = slugify(self.title)`, is
    not set from nothing: an update setting it still counts);
    `@validates` methods for `bulk_save_objects` (the objects were built, so validators
    ran) or for updates that do not set the validated attribute; sender-less receivers
    whose guard excludes the model (a leading `if not isinstance(instance, A): return` or
    `if sender not in (A, B): return`, possibly after `instance = kwargs["instance"]`; a body
    that is one `if isinstance(instance, A):` or an `if`/`elif` chain without `else` testing
    `sender is A`, `sender.__name__ == "B"`..., or separate `if sender == A: ...` / `if issubclass(sender, B):
    ...` statements, also under an `if` on something else that wraps them all, after imports; a lookup in a dict
    literal of the module keyed by model classes, `fields = FIELDS.get(type(instance))` then `if not fields:
    return`; the same guards in a function or class's method of the module the receiver's last statement hands
    the instance to, `Util.refresh_if_need(instance)`) — a sender-less
    receiver without such a guard
    (an audit log of every save) is a hook of every model, but one whose whole body counts or logs the save
    (`model_save_count.labels(model=sender.__name__).inc()`, `statsd.incr(...)`, `logger.debug(...)`) is no
    hook at all (a bulk write skips no behaviour of it), and one that asks a function of the project whether
    to act (`ok = should_record(sender, instance)`; `if not ok: return`), or that acts only when the sender is in a
    collection it looks up (`action = registry.get_action(ID)`; `if model in getattr(action, "_managed_models",
    []):`), a hook of no model known here (which models are admitted is not read); a receiver returning at once for objects
    without an attribute (`if not hasattr(instance, "to_objectchange"): return`) is none of a model
    whose classes do not define it (every base outside the project being the ORM's `Model`), nor, for an
    update, one returning at once for objects without a mark a model's constant names (`if not hasattr(instance,
    Message.SAVE_LABELS_ATTR): return`, the constant not naming a field: a mark the code sets on objects it
    builds); a receiver naming the instance from its arguments (`instance = kwargs.get("instance")`) is read as
    one taking it as a parameter (asking its class, `isinstance(instance, Topic)`, reads no field); a save()
    reading back a value a trigger stored (`self.refresh_from_db(fields=["code"])`) only derives it in memory;
    but a sender-less registration of a
    handler whose body is never read (a callable object, a bound method, a function outside the
    project) acts on unknown models and is not counted; the model's own
    `save()`/`delete()` when the write is in a private helper method of that model's class
    (`_ensure_single_default` called from `save()`); a write whose comment (on its line or
    in the lines above it, up to a blank line) or whose function's or class's docstring says it avoids
    the hooks on purpose (`# update() on purpose: no signals`, "use bulk_create instead of each .save";
    a paragraph of imports alone between the
    comment and the write does not end it); writes inside a
    hook of the same model or of a related one, or in a function a hook of the written model calls, up
    to four calls down (a `post_save` receiver fetching a preview that stores it with `update()`; a
    `save()` calling a method that stores what it computed that way; a Celery task the hook schedules,
    `rank.delay()`, `rank.signature(...).apply_async`, also handed to `on_commit()`: saving there would run the
    hook again) (a deliberate bypass: a parent's `save()`
    pushing a denormalised value down to its children, a child's receiver updating its
    parent's total — saving those rows one by one from the hook would run their hooks, which
    in such a family write back and recurse; a write from a hook on an unrelated model is
    reported, advising to run the skipped logic explicitly, never to save there); Core writes inside a SQLAlchemy mapper
    event handler (the session cannot be used there); a call that the model's own
    QuerySet/Manager overrides (`objects = SoftDeleteQuerySet.as_manager()` with its own
    `delete()`, `Manager.from_queryset(QS)()` (also annotated, `objects: ClassVar[M] = ...`; the QuerySet's
    own classes and mixins), a manager class defining it, or one whose
    `get_queryset()` builds such a QuerySet; django-softdelete's `SoftDeleteObject`, whose
    queryset `delete()` deletes row by row): the call runs the project's bulk path, not the
    ORM's — a call on another manager is judged by that manager's classes; a receiver a
    function connects and disconnects again (it only listens while that function runs). Test
    and migration files are skipped.

    ## Why is this bad?
    Bulk paths write rows directly: the hashing, normalising, auditing or cache
    invalidation that lives in the hook silently does not happen. The classic incident:
    passwords hashed in a per-object hook, stored in plain text by a CSV import that used
    the bulk path.

    ## Example
    ```python
    @receiver(post_save, sender=Product)
    def update_search_index(sender, instance, **kwargs): ...

    Product.objects.bulk_create(products)
    ```

    ## Use instead
    ```python
    for product in products:
        product.save()
    # or: bulk_create, then run the indexing explicitly for the new rows
    ```

    ## Fix safety
    No automatic fix: whether the skipped logic must run, and how, is a design decision.

    ## Where it reports
    | context | reports | why |
    |---|---|---|
    | application code | yes | where requests, jobs and commands run against production data |
    | `migration` | no | historical models (`apps.get_model`) have no custom methods or signals; data migrations bypass hooks on purpose |
    | `shipped-migration` | no | a migration that shipped is never edited again |
    | `test` | no | tests and fixtures run against a throwaway database |
    | `test-settings` | no | settings of the test run |
    | `dev-data` | no | seed, demo and fake data only ever runs on a developer database |
    | `script` | no | a one-off script is run by hand, once |
    | `command` | yes | new rows an import command creates still lack what `save()` gives them; its updates and deletes of existing rows are left alone (see above) |
    | `example` | no | examples and documentation are not the project's running code |
    | `orm-source` | no | the ORM's own code implements what the rule checks; it does not misuse it |

    Roles are described in the README (Configuration); `[tool.ormlint.skip-roles]` changes
    this table per rule.

    ## References
    - [Django: `bulk_create()` caveats](https://docs.djangoproject.com/en/stable/ref/models/querysets/#bulk-create)
    - [Django: `update()`](https://docs.djangoproject.com/en/stable/ref/models/querysets/#update)
    - [SQLAlchemy: ORM-Enabled INSERT, UPDATE, and DELETE statements](https://docs.sqlalchemy.org/en/20/orm/queryguide/dml.html)
    - [Peewee: Signal support](https://docs.peewee-orm.com/en/latest/peewee/playhouse.html#signals)
    - [Tortoise ORM: Signals](https://tortoise.github.io/signals.html)
    """

    code = "ORM401"
    name = "bulk-skips-hooks"
    family = "hooks"
    severity = "warning"
    orms = ("django", "sqlalchemy", "sqlmodel", "peewee", "tortoise")
    fix_safety = "none"
    summary = "Bulk write skips the model's save()/delete() override, signals or mapper events"
    prefilter = ("bulk_", "update(", "delete(", "insert", "replace", "_by_id")
    skip_roles = NON_PRODUCTION | {"migration"}

    VALID = [
        Example(
            """
            from shop.models import Tag

            def import_tags(labels):
                Tag.objects.bulk_create([Tag(label=label) for label in labels])
            """,
            files={"shop/models.py": """
                from django.db import models

                class Tag(models.Model):
                    label = models.CharField(max_length=50)
            """},
        ),
        Example(
            """
            from shop.models import Product

            def purge(category):
                Product.objects.filter(category=category).delete()  # delete signals still fire
            """,
            files={
                "shop/models.py": """
                    from django.db import models

                    class Product(models.Model):
                        name = models.CharField(max_length=50)
                """,
                "shop/signals.py": """
                    from django.db.models.signals import post_delete
                    from django.dispatch import receiver
                    from shop.models import Product

                    @receiver(post_delete, sender=Product)
                    def forget(sender, instance, **kwargs):
                        pass
                """,
            },
        ),
        Example(
            """
            from shop.models import Product

            def reprice(rate):
                Product.objects.update(price=rate)
            """,
            files={"shop/models.py": """
                from django.db import models

                class Product(models.Model):
                    price = models.IntegerField()

                    def save(self, *args, **kwargs):
                        super().save(*args, **kwargs)
            """},
        ),
        """
        def merge(settings, extra):
            settings.update(extra)
        """,
    ]
    INVALID = [
        Example(
            """
            from shop.models import Product

            def import_products(rows):
                Product.objects.bulk_create([Product(**row) for row in rows])
            """,
            files={
                "shop/models.py": """
                    from django.db import models

                    class Product(models.Model):
                        name = models.CharField(max_length=50)
                """,
                "shop/signals.py": """
                    from django.db.models.signals import post_save
                    from django.dispatch import receiver
                    from shop.models import Product

                    @receiver(post_save, sender=Product)
                    def update_search_index(sender, instance, **kwargs):
                        pass
                """,
            },
            lines=(4,),
            message="Product.objects.bulk_create() skips the post_save receiver",
        ),
        Example(
            """
            from sqlalchemy import insert
            from blog.models import User

            def import_users(session, rows):
                session.execute(insert(User), rows)
            """,
            files={"blog/models.py": """
                from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, validates

                class Base(DeclarativeBase):
                    pass

                class User(Base):
                    __tablename__ = "users"
                    id: Mapped[int] = mapped_column(primary_key=True)
                    email: Mapped[str]

                    @validates("email")
                    def normalise_email(self, key, value):
                        return value.lower()
            """},
            lines=(5,),
            message="session.execute() of insert(User) skips the @validates",
        ),
    ]

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.scopes: list[dict[str, Origin | None]] = [{}]
        self.saved: list[set[str]] = [set()]  # per function: names of objects saved or created so far
        self.clocks: list[set[str]] = [set()]  # per function: names set to the current time (``doc.modified``)
        self._admins: dict[str, list[ClassFact]] | None = None
        self._actions: dict[str, list[ClassFact]] | None = None
        self._called: dict[cst.FunctionDef, set[str]] = {}
        self._callees: dict[cst.FunctionDef, set[str]] = {}  # qualified names of the functions it calls
        self.classes: list[cst.ClassDef] = []
        self.local_classes = {s.name.value for s in ctx.module.body if isinstance(s, cst.ClassDef)}

    # -- scopes ------------------------------------------------------------------------
    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self.classes.append(node)

    def leave_ClassDef(self, original_node: cst.ClassDef) -> None:
        self.classes.pop()

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        params = node.params
        every = [*params.posonly_params, *params.params, *params.kwonly_params,
                 *(p for p in (params.star_arg, params.star_kwarg) if isinstance(p, cst.Param))]
        # a parameter names no class of the project (``self``/``cls`` are the enclosing model's); an
        # annotated one holds an instance (``order: Order``); an admin action's holds the admin's rows
        self.scopes.append({p.name.value: self.parameter_origin(node, p) for p in every
                            if p.name.value not in ("self", "cls")})
        self.saved.append(set())
        self.clocks.append(set())

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self.scopes.pop()
        self.saved.pop()
        self.clocks.pop()

    def visit_Assign(self, node: cst.Assign) -> None:
        clock = _is_clock(node.value)
        for target in node.targets:
            name = dotted_name(target.target)
            if name is not None:
                (self.clocks[-1].add if clock else self.clocks[-1].discard)(name)
        origin = self.origin(node.value)
        for target in node.targets:
            if isinstance(target.target, cst.Name):
                self.scopes[-1][target.target.value] = origin
            elif isinstance(target.target, cst.Tuple) and origin is not None and origin.kind == "instance":
                first = target.target.elements[0].value  # obj, created = M.objects.get_or_create(...)
                if isinstance(first, cst.Name):
                    self.scopes[-1][first.value] = origin
        if _creates_one(node.value):  # obj = M.objects.create(...) / obj, _ = ....get_or_create(...)
            for target in node.targets:
                first = target.target.elements[0].value if isinstance(target.target, cst.Tuple) else target.target
                if isinstance(first, cst.Name):
                    self.saved[-1].add(first.value)

    def visit_For(self, node: cst.For) -> None:
        """``for order in Order.objects.filter(...)``: each item is an instance of the model."""
        if isinstance(node.target, cst.Name):
            origin = self.origin(node.iter)
            is_rows = origin is not None and origin.kind in ("manager", "query") and origin.orm == DJANGO.name
            self.scopes[-1][node.target.value] = self.instance_of(origin.model) if is_rows else None

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if isinstance(node.target, cst.Name) and node.value is not None:
            self.scopes[-1][node.target.value] = self.origin(node.value)

    # -- what an expression holds ------------------------------------------------------
    def model_class(self, node: cst.BaseExpression) -> ClassFact | None:
        dotted = dotted_name(node)
        if dotted is None:
            return None
        enclosing = self.enclosing_model_class()
        if enclosing is not None and dotted in ("cls", "self.__class__"):
            return enclosing
        if dotted in self.scopes[-1] or dotted in ("self", "cls"):
            return None
        ref = self.ctx.imports.qualify_dotted(dotted)
        if ref is None and dotted.split(".", 1)[0] in self.local_classes and self.ctx.module_name:
            ref = f"{self.ctx.module_name}.{dotted}"
        return self.ctx.index.hooks.resolve(ref or dotted)

    def enclosing_model_class(self) -> ClassFact | None:
        if not self.classes or self.classes[-1] not in self.ctx.module.body:
            return None
        name = self.classes[-1].name.value
        return self.ctx.index.models.by_qualname.get(f"{self.ctx.module_name}.{name}" if self.ctx.module_name else name)

    def managed_by_self(self) -> Origin | None:
        """``self`` in a method of a Django Manager/QuerySet class that one model's manager runs
        (``objects = CityManager()``): that model's manager (``self.bulk_create(...)``)."""
        if not self.classes or self.classes[-1] not in self.ctx.module.body:
            return None
        method = self.enclosing(cst.FunctionDef)
        if isinstance(method, cst.FunctionDef) and method.name.value in _BULK_METHODS:
            return None  # the class's own bulk write (a soft delete's ``delete()`` running ``self.update(...)``)
        name = self.classes[-1].name.value
        managed = self.ctx.index.hooks.managed_models(f"{self.ctx.module_name}.{name}" if self.ctx.module_name
                                                      else name)
        if len({model.qualname for model, _ in managed}) != 1:
            return None
        model, attribute = managed[0]
        return Origin("manager", model, DJANGO.name, manager=attribute) if self.orm(model) == DJANGO.name else None

    def orm(self, model: ClassFact) -> str | None:
        orm = self.ctx.index.models.orm_of(model)
        return SQLALCHEMY.name if orm in SA_FAMILY else orm  # SQLModel writes are SQLAlchemy's

    def managers(self, model: ClassFact) -> set[str]:
        names = set(DJANGO.managers)
        for cls in self.ctx.index.hooks.lineage(model):
            names.update(cls.managers)
        return names

    def objects_of(self, node: cst.BaseExpression) -> Origin | None:
        """A list/comprehension of ``Model(...)`` constructions."""
        if isinstance(node, (cst.ListComp, cst.GeneratorExp, cst.SetComp)):
            elements = [node.elt]
        elif isinstance(node, (cst.List, cst.Tuple, cst.Set)):
            elements = [e.value for e in node.elements]
        else:
            return None
        models = {}
        for element in elements:
            if isinstance(element, cst.Call):
                model = self.model_class(element.func)
                if model is not None:
                    models[model.qualname] = model
        if len(models) != 1:
            return None
        model = next(iter(models.values()))
        orm = self.orm(model)
        return Origin("objects", model, orm) if orm else None

    def origin(self, node: cst.BaseExpression) -> Origin | None:
        if isinstance(node, cst.Await):
            return self.origin(node.expression)
        if isinstance(node, cst.Name) and node.value in self.scopes[-1]:
            return self.scopes[-1][node.value]
        if isinstance(node, cst.Name) and node.value == "self":
            return self.instance_of(self.enclosing_model_class()) or self.managed_by_self()
        if isinstance(node, (cst.Name, cst.Attribute)):
            model = self.model_class(node)
            if model is not None:
                orm = self.orm(model)
                return Origin("class", model, orm) if orm else None
            if isinstance(node, cst.Attribute):
                return self.attribute_origin(node)
            return None
        if isinstance(node, cst.Call):
            return self.call_origin(node)
        return self.objects_of(node)

    def attribute_origin(self, node: cst.Attribute) -> Origin | None:
        owner = self.origin(node.value)
        if owner is not None and owner.kind == "instance":
            return self.related_manager(owner, node.attr.value)
        if owner is None or owner.kind != "class":
            return None
        attr = node.attr.value
        if owner.orm == DJANGO.name and attr in self.managers(owner.model):
            return Origin("manager", owner.model, owner.orm, manager=attr)
        if owner.orm == SQLALCHEMY.name and attr == SA.query_attribute:  # Flask-SQLAlchemy Model.query
            return Origin("query", owner.model, owner.orm)
        if owner.orm == SQLALCHEMY.name and attr == "__table__":
            return Origin("table", owner.model, owner.orm)
        return None

    def parameter_origin(self, function: cst.FunctionDef, param: cst.Param) -> Origin | None:
        if param.annotation is not None:
            return self.instance_of(self.model_class(param.annotation.annotation))
        models = self.admin_actions().get(function.name.value if not self.classes else "", [])
        if self.classes and self.classes[-1] in self.ctx.module.body and param.name.value == "queryset":
            models = self.admin_models().get(self.classes[-1].name.value, [])
        positional = [*function.params.posonly_params, *function.params.params]
        is_rows = param.name.value == "queryset" or (len(positional) == 3 and param is positional[2])
        model = models[0] if len(models) == 1 and is_rows else None  # one model: the rows are of it
        orm = self.orm(model) if model is not None else None
        return Origin("manager", model, orm, manager="_default_manager") if orm == DJANGO.name else None

    def admin_models(self) -> dict[str, list[ClassFact]]:
        """Model admins of this module and the models each is registered for."""
        if self._admins is None:
            self._admins = {}
            found = admin_registrations(self.ctx.module) if DJANGO_EXTRAS.admin_register in self.ctx.source else {}
            for name, refs in found.items():
                models = [self.model_class(ref) for ref in refs]
                self._admins[name] = [m for m in models if m is not None]
        return self._admins

    def admin_actions(self) -> dict[str, list[ClassFact]]:
        """Module-level functions listed in a model admin's ``actions``: they get that admin's rows."""
        if self._actions is None:
            self._actions = {}
            admins = self.admin_models()
            for stmt in self.ctx.module.body:
                if isinstance(stmt, cst.ClassDef) and stmt.name.value in admins:
                    for name in admin_action_names(stmt):
                        self._actions.setdefault(name, []).extend(admins[stmt.name.value])
        return self._actions

    def instance_of(self, model: ClassFact | None) -> Origin | None:
        orm = self.orm(model) if model is not None else None
        return Origin("instance", model, orm) if orm else None

    def related_manager(self, owner: Origin, attr: str) -> Origin | None:
        """``order.lines``: a manager of the related model, where the ORM's collections are managers."""
        spec = spec_of(owner.orm)
        if spec is None or not spec.relations.collection_is_manager:
            return None
        models = self.ctx.index.models
        relation = models.relation(owner.model, attr)
        target = models.target(relation) if relation is not None and relation.many else None
        orm = self.orm(target) if target is not None else None
        return Origin("manager", target, orm, manager="_default_manager") if orm == owner.orm else None

    def call_origin(self, call: cst.Call) -> Origin | None:
        func = call.func
        qualified = self.qualify(func)
        if is_sqlalchemy(qualified, *SA.dml):
            target = self.origin(call.args[0].value) if call.args else None
            if target is not None and target.kind in ("class", "table") and target.orm == SQLALCHEMY.name:
                return Origin("statement", target.model, target.orm, qualified.rsplit(".", 1)[-1])
            return None
        if any_matches(qualified, DJANGO_EXTRAS.shortcuts) and call.args:  # get_object_or_404(Article, pk=pk)
            is_one = qualified.rsplit(".", 1)[-1] not in DJANGO_EXTRAS.list_shortcuts
            return self.instance_of(self.model_class(call.args[0].value)) if is_one else None
        callee = dotted_name(func) or ""
        if callee.rsplit(".", 1)[-1] == DJANGO_EXTRAS.get_model and call.args:  # apps.get_model("shop", "Product")
            registry = callee.rsplit(".", 1)[0] if "." in callee else ""
            if registry and self.ctx.imports.qualify_dotted(registry) is None:
                return None  # a migration's ``apps`` argument: a historical model, without methods or receivers
            parts = [_string(a.value) for a in call.args[:2] if a.keyword is None]
            model = self.ctx.index.hooks.resolve(".".join(parts)) if parts and all(parts) else None
            orm = self.orm(model) if model is not None else None
            return Origin("class", model, orm) if model is not None and orm else None
        if callee == "type" and len(call.args) == 1 and dotted_name(call.args[0].value) == "self":
            model = self.enclosing_model_class()  # type(self).objects
            orm = self.orm(model) if model is not None else None
            return Origin("class", model, orm) if model is not None and orm else None
        if not isinstance(func, cst.Attribute):
            return None
        method = func.attr.value
        if method == SA.session_query and call.args:  # session.query(Model, ...)
            first = call.args[0].value
            target = self.origin(first)
            if target is None and isinstance(first, cst.Attribute):
                target = self.origin(first.value)  # session.query(Model.column)
            if target is not None and target.kind == "class" and target.orm == SQLALCHEMY.name:
                return Origin("query", target.model, target.orm)
            return None
        owner = self.origin(func.value)
        if owner is None:
            if (method in DJANGO_QUERYSET and isinstance(func.value, cst.Attribute)
                    and not func.value.attr.value.startswith("_")):
                model = self.origin(func.value.value)  # Model.<custom manager>.filter(...)
                if model is not None and model.kind == "class" and model.orm == DJANGO.name:
                    return Origin("manager", model.model, model.orm, manager=func.value.attr.value)
            return None
        if owner.kind == "manager":
            if method in DJANGO.query.single or method in _CREATES:
                return self.instance_of(owner.model)
            return owner if _returns_queryset(method) else None
        if owner.kind in ("class", "query") and owner.orm == TORTOISE.name and method in TORTOISE_QUERYSET:
            return Origin("query", owner.model, owner.orm)
        if owner.kind == "query" and owner.orm == SQLALCHEMY.name and method in SA_QUERY:
            return owner
        if owner.kind == "table" and method in SA.dml:
            return Origin("statement", owner.model, owner.orm, method)
        if owner.kind == "statement" and method in SA.dml_chain:
            keys = owner.keys
            if method in ("values", "ordered_values"):
                found = _keys(call)
                keys = None if found is None else (keys or ()) + found
            return Origin("statement", owner.model, owner.orm, owner.op, keys)
        return None

    # -- the bulk calls ------------------------------------------------------------------
    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if not isinstance(func, cst.Attribute):
            return
        method = func.attr.value
        if method == "append" and isinstance(func.value, cst.Name) and node.args:
            self.track_append(func.value.value, node.args[0].value)
            return
        if method in _SAVES and isinstance(func.value, cst.Name):
            self.saved[-1].add(func.value.value)
        found = self.bulk_write(node, method, func.value)
        if found is None:
            return
        origin, write, subject, keys = found
        if self.documented_bypass(node) or _row_of(func.value) in self.saved[-1]:
            return
        if write.existing and method == "update" and _counts_only(node, self.ctx.imports):
            return  # views=F("views") + 1: the atomic update ORM304 advises; a save() per row would race again
        if write.existing and method == "update" and _touches_only(node, self.clocks[-1]):
            return
        if write.existing and method == "update" and self.repoints(node, origin.model):
            return
        if "command" in self.ctx.roles and (write.existing or write.operation == "delete") and not write.new:
            return  # a maintenance command changes or removes existing rows in bulk on purpose (a backfill, a clean-up)
        skipped = spec_of(origin.orm).hooks.skips(write.operation)
        written = keys if keys is not None or not write.existing else _sets(node, write)
        if written is None and write.existing:
            written = self.spread_keys(node, write)
        # a save() setting only what every constructed object already sets gives them nothing
        given = self.constructor_keywords(node.args[0].value) if write.new and node.args else set()
        values = {arg.keyword.value: arg.value for arg in node.args if arg.keyword is not None} \
            if write.existing and method == "update" else None  # update(status=Job.CANCELLED)
        hooks = self.ctx.index.hooks.hooks_for(origin.model, skipped.events, origin.orm, written, given, values)
        if write.existing:  # existing rows: creation-only logic never runs
            hooks = [h for h in hooks if not h.on_create]
        if write.new and not any(a.keyword is not None and a.keyword.value == "update_conflicts" for a in node.args):
            hooks = [h for h in hooks if not h.on_update]  # new rows: logic for existing ones never runs
        if self.inside_private_helper(origin.model):  # a helper of the model's own save()/validators
            hooks = [h for h in hooks if h.kind not in ("method", "validates", "lifecycle")]
        called = self.called_in_function()
        sent = self.sent_in_function(origin.model)
        enclosing = self.enclosing_functions()
        running = {name.rsplit(".", 1)[-1] for name in enclosing}
        hooks = [h for h in hooks if (h.kind in ("method", "validates")
                 or h.function.rsplit(".", 1)[-1] not in called and h.event not in sent)
                 and not (h.effects and {e.lstrip(".") for e in h.effects} <= called | running)]  # run here, or now
        if keys is not None:  # a validator only matters for the attributes the write sets
            hooks = [h for h in hooks if h.kind != "validates" or not h.attributes or set(h.attributes) & set(keys)]
        if not hooks or (origin.orm == SQLALCHEMY.name and self.inside_mapper_event()):
            return
        if self.inside_own_hook(origin, enclosing) or self.inside_family_hook(origin, enclosing) \
                or self.called_from_own_hook(origin, enclosing):
            return
        hooks.sort(key=lambda h: (h.kind != "method", h.path, h.line))
        parts = [_hook_text(h) for h in hooks[:4]]
        if len(hooks) > 4:
            parts.append(f"{len(hooks) - 4} more hooks")
        if origin.model.name not in subject:
            subject = f"{subject} on {origin.model.name}"
        in_hook = any(h.handler in enclosing for h in self.ctx.index.hooks.hooks
                      if h.handler and h.kind not in _DESCRIPTIONS)  # a helper method the index describes is no hook
        advice = IN_HOOK_ADVICE if in_hook else skipped.advice  # saving from a hook cascades into more hooks
        self.report(node, f"{subject} skips {_join(parts)}; {advice}")

    def repoints(self, call: cst.Call, model: ClassFact) -> bool:
        """``filter(creator=user).update(creator=bot)``: an update that only moves rows' foreign keys off
        the object its filter picked them by (to another object, or to NULL). That is what Django's own
        ``on_delete=SET(...)``/``SET_NULL`` does, by a queryset update too, running neither ``save()``
        nor signals: handing a deleted user's content over, or detaching it."""
        keys = _keys(call)
        if not keys or not isinstance(call.func, cst.Attribute):
            return False
        picked: set[str] = set()
        chain = call.func.value
        while isinstance(chain, cst.Call) and isinstance(chain.func, cst.Attribute):
            if chain.func.attr.value == "filter":
                picked |= {arg.keyword.value.removesuffix("__in").removesuffix("_id")
                           for arg in chain.args if arg.keyword is not None}
            chain = chain.func.value
        relations = self.ctx.index.models.relations(model)
        return all((key.removesuffix("_id") in relations and not relations[key.removesuffix("_id")].many
                    and key.removesuffix("_id") in picked) for key in keys)

    def bulk_write(self, node: cst.Call, method: str, receiver: cst.BaseExpression):
        """(origin, the bulk write, description, keys set) when ``node`` is a bulk write of a known model."""
        subject = f"{_describe(receiver)}.{method}()"
        if method in SA.bulk_session_methods and node.args:  # session.bulk_save_objects(objs)
            origin = self.origin(node.args[0].value)
            wanted = "objects" if method == "bulk_save_objects" else "class"
            if origin is None or origin.kind != wanted or origin.orm != SQLALCHEMY.name:
                return None
            return origin, self._bulk(origin.orm, method, "session"), subject, None
        if method in SA_EXECUTE and node.args:
            origin = self.origin(node.args[0].value)
            if origin is not None and origin.kind == "statement":
                subject = f"{_describe(receiver)}.{method}() of {origin.op}({origin.model.name})"
                return origin, BulkWrite(method, "session", origin.op), subject, origin.keys if origin.op == "update" \
                    else None
            return None
        origin = self.origin(receiver)
        if origin is None or origin.kind not in _RECEIVERS:
            return None
        if origin.kind == "manager" and self.ctx.index.hooks.custom_bulk_method(origin.model, origin.manager, method):
            return None  # the model's own QuerySet/Manager decides what this call does
        if origin.kind == "manager" and method == "delete" and self.ctx.index.hooks.deletes_row_by_row(
                origin.model, origin.manager):
            return None  # each row's delete() runs
        write = self._bulk(origin.orm, method, _RECEIVERS[origin.kind])
        if write is None:
            return None
        keys = None
        if origin.orm == SQLALCHEMY.name and method == "update" and node.args:  # Query.update({...})
            keys = _keys(node.with_changes(args=node.args[:1]))
        return origin, write, subject, keys

    @staticmethod
    def _bulk(orm: str, method: str, receiver: str) -> BulkWrite | None:
        """The bulk write ``method`` on ``receiver`` makes, and the per-object path it replaces."""
        spec = spec_of(orm)
        return next((b for b in spec.hooks.bulk if b.method == method and b.receiver == receiver), None) if spec \
            else None

    def constructor_keywords(self, objects: cst.BaseExpression) -> set[str]:
        """The attributes every ``Model(...)`` construction of ``objects`` sets: its keyword arguments, and
        for one bound to a name, the attributes the statements after it in its block assign
        (``summary.failed = ...``); ``objects`` a list, a comprehension, or a name the enclosing function sets
        to one, appends or extends them to or stores them in (``summaries[key] = summary``, passed as
        ``summaries.values()``). ``_id`` suffixes dropped; empty when any object comes from elsewhere."""
        function = self.enclosing(cst.FunctionDef)
        if isinstance(objects, cst.Call) and isinstance(objects.func, cst.Attribute) and not objects.args and \
                objects.func.attr.value == "values":
            objects = objects.func.value
        if isinstance(objects, cst.Name) and function is not None:
            sources = [value for target, value in self._bindings(function) if dotted_name(target) == objects.value
                       or isinstance(target, cst.Subscript) and dotted_name(target.value) == objects.value]
            sources += [n.args[0].value for n in descendants(function.body) if isinstance(n, cst.Call)
                        and isinstance(n.func, cst.Attribute) and n.func.attr.value in ("append", "extend") and n.args
                        and dotted_name(n.func.value) == objects.value]
            given = [g for source in sources for g in self._constructions(source, function)]
        else:
            given = self._constructions(objects, function)
        if not given or None in given:
            return set()
        return set.intersection(*given)  # type: ignore[arg-type]

    def _constructions(self, node: cst.BaseExpression, function: cst.FunctionDef | None) -> list[set[str] | None]:
        """What each ``Model(...)`` call a list/comprehension (or one construction, or a name bound only to
        one) holds sets (see :meth:`constructor_keywords`); None for another item."""
        if isinstance(node, (cst.ListComp, cst.GeneratorExp)):
            return self._constructions(node.elt, function)
        if isinstance(node, (cst.List, cst.Tuple, cst.Dict)):
            return [c for e in node.elements for c in self._constructions(e.value, function)]
        if isinstance(node, cst.Call) and not node.args and dotted_name(node.func) in ("list", "dict"):
            return []  # an empty container, filled later
        if isinstance(node, cst.Name) and function is not None:
            bound = [(target, value) for target, value in self._bindings(function)
                     if isinstance(target, cst.Name) and target.value == node.value]
            if not bound:
                return [None]
            return [given | self._assigned_after(node.value, function) if given is not None else None
                    for _, value in bound for given in self._constructions(value, None)]
        if isinstance(node, cst.Call) and self.model_class(node.func) is not None:
            return [{attname(a.keyword.value) for a in node.args if a.keyword is not None}]
        return [None]

    @staticmethod
    def _bindings(function: cst.FunctionDef) -> list[tuple[cst.BaseExpression, cst.BaseExpression]]:
        """(target, value) of every assignment in the function."""
        return [(t.target, n.value) for n in descendants(function.body) if isinstance(n, cst.Assign) for t in n.targets]

    @staticmethod
    def _assigned_after(name: str, function: cst.FunctionDef) -> set[str]:
        """Attributes of ``name`` that statements after its binding, in the binding's block, assign."""
        for block in (n for n in (function.body, *descendants(function.body)) if isinstance(n, cst.IndentedBlock)):
            lines = [line.body[0] if isinstance(line, cst.SimpleStatementLine) and len(line.body) == 1 else None
                     for line in block.body]
            binds = [i for i, stmt in enumerate(lines) if isinstance(stmt, cst.Assign)
                     and any(dotted_name(t.target) == name for t in stmt.targets)]
            if binds:
                return {attname(t.target.attr.value) for stmt in lines[binds[-1] + 1:] if isinstance(stmt, cst.Assign)
                        for t in stmt.targets if isinstance(t.target, cst.Attribute)
                        and dotted_name(t.target.value) == name}
        return set()

    def spread_keys(self, call: cst.Call, write: BulkWrite) -> tuple[str, ...] | None:
        """The attributes ``update(**updates)`` sets when the enclosing function builds ``updates`` only from
        dict literals with literal keys, ``updates["k"] = ...`` and ``updates.update({"k": ...})`` (or
        ``updates.update(k=...)``; nothing else changes it)."""
        spread = [a.value for a in call.args if a.star == "**"]
        function = self.enclosing(cst.FunctionDef)
        if write.sets != "arguments" or len(spread) != 1 or not isinstance(spread[0], cst.Name) or function is None \
                or any(a.star != "**" for a in call.args if a.keyword is None):
            return None
        name = spread[0].value
        keys = [a.keyword.value for a in call.args if a.keyword is not None]
        nodes = list(descendants(function.body))
        bound = [n.value for n in nodes if isinstance(n, cst.Assign) and len(n.targets) == 1
                 and dotted_name(n.targets[0].target) == name]
        items = [n.slice for n in nodes if isinstance(n, cst.Subscript) and dotted_name(n.value) == name]
        merged = [n for n in nodes if isinstance(n, cst.Call) and dotted_name(n.func) == f"{name}.update"]
        uses = sum(1 for n in nodes if isinstance(n, cst.Name) and n.value == name)
        if not bound or uses != len(bound) + len(items) + len(merged) + 1:
            return None  # a parameter, or handed on, updated, read otherwise: its keys are unknown
        for call_ in merged:
            positional = [a.value for a in call_.args if a.keyword is None]
            found = _dict_keys(positional[0]) if len(positional) == 1 and isinstance(positional[0], cst.Dict) else (
                [] if not positional else None)
            if found is None or any(a.star for a in call_.args):
                return None
            keys += found + [a.keyword.value for a in call_.args if a.keyword is not None]
        for value in bound:
            found = _dict_keys(value) if isinstance(value, cst.Dict) else None
            if found is None:
                return None
            keys += found
        for item in items:
            key = _string(item[0].slice.value) if len(item) == 1 and isinstance(item[0].slice, cst.Index) else None
            if key is None:
                return None
            keys.append(key)
        return tuple(keys)

    def track_append(self, name: str, value: cst.BaseExpression) -> None:
        """``objs.append(Model(...))`` makes ``objs`` a list of that model's objects."""
        scope = self.scopes[-1]
        if name in scope and scope[name] is None:
            scope[name] = self.objects_of(cst.List([cst.Element(value)]))

    def inside_private_helper(self, model: ClassFact) -> bool:
        """The write is in a private method (``_ensure_single_default``) of the model or one of its
        bases: a helper of the class's own save()/delete(), written knowing what they do."""
        lineage = {c.qualname for c in self.ctx.index.hooks.lineage(model)}
        module = self.ctx.module_name
        for i, node in enumerate(self.ancestors[2:], start=2):
            owner = self.ancestors[i - 2]
            if (isinstance(node, cst.FunctionDef) and node.name.value.startswith("_")
                    and isinstance(owner, cst.ClassDef)
                    and (f"{module}.{owner.name.value}" if module else owner.name.value) in lineage):
                return True
        return False

    def inside_mapper_event(self) -> bool:
        """In a mapper event handler (``mapper, connection, ...``) the session cannot be used:
        Core statements on the flush's connection are the supported way to write."""
        for node in self.ancestors:
            if isinstance(node, cst.FunctionDef):
                params = {p.name.value for p in node.params.params}
                if {"mapper", "connection"} <= params:
                    return True
        return False

    def called_in_function(self) -> set[str]:
        """Names of the functions the enclosing function calls (a queued task too), or hands to ``partial()`` or
        ``transaction.on_commit()`` to run later: a receiver called there runs its logic."""
        function = self.enclosing(cst.FunctionDef)
        if function is None:
            return set()
        if function not in self._called:
            calls = [n for n in descendants(function.body) if isinstance(n, cst.Call)]
            runs = [run_function(n) for n in calls] + [f for n in calls if (f := deferred_function(n)) is not None]
            self._called[function] = {(dotted_name(f) or "").rsplit(".", 1)[-1] for f in runs}
        return self._called[function]

    def sent_in_function(self, model: ClassFact) -> set[str]:
        """Signals that the enclosing module-level function, or functions it calls (or queues as a task:
        ``bulk_update_documents.delay(ids)``), send by hand for ``model``: their receivers still run."""
        function = self.enclosing(cst.FunctionDef)
        if function is None:
            return set()
        if function not in self._callees:
            own = f"{self.ctx.module_name}.{function.name.value}" if self.ctx.module_name else function.name.value
            names = {own} if function in self.ctx.module.body else set()
            for node in descendants(function.body):
                dotted = dotted_name(run_function(node)) if isinstance(node, cst.Call) else None
                if dotted is None:
                    continue
                names.add(self.ctx.imports.qualify_dotted(dotted) or (
                    f"{self.ctx.module_name}.{dotted}" if self.ctx.module_name else dotted))
            self._callees[function] = names
        hooks = self.ctx.index.hooks
        return {event for name in self._callees[function] for event in hooks.sent_by(name, model)}

    def enclosing_functions(self) -> set[str]:
        """Qualified names of the functions around the current node (``module.f``, ``module.Class.save``)."""
        prefix = f"{self.ctx.module_name}." if self.ctx.module_name else ""
        names: set[str] = set()
        owner = ""
        for node in self.ancestors:
            if isinstance(node, cst.ClassDef):
                owner = f"{node.name.value}." if node in self.ctx.module.body else ""
            elif isinstance(node, cst.FunctionDef):
                names.update((prefix + node.name.value, f"{prefix}{owner}{node.name.value}"))
        return names

    def inside_own_hook(self, origin: Origin, enclosing: set[str]) -> bool:
        """The write sits in a hook of the written model's family (a save() updating its own rows, a
        receiver avoiding recursion): the hook itself chose to bypass the hooks, and saving instead
        would re-enter it."""
        if not enclosing:
            return False
        every = self.ctx.index.hooks.hooks_for(origin.model, _HOOK_EVENTS, origin.orm)
        return any(h.handler in enclosing for h in every)

    def called_from_own_hook(self, origin: Origin, enclosing: set[str]) -> bool:
        """The write sits in a function that a hook of the written model calls, a few calls down (a
        ``post_save`` receiver fetching a preview that stores it with ``update()``; a receiver calling
        ``instance.render()``, whose ``update()`` stores the rendering): saving there instead would run
        the hook again, which calls the function again."""
        if not enclosing:
            return False
        handlers = {h.handler for h in self.ctx.index.hooks.hooks_for(origin.model, _HOOK_EVENTS, origin.orm)
                    if h.handler}
        return bool(handlers) and self.ctx.index.derived(CallGraph).reaches(handlers, enclosing,
                                                                             origin.model.qualname)

    def inside_family_hook(self, origin: Origin, enclosing: set[str]) -> bool:
        """The write sits in a save()/delete() override or receiver of a model related to the written one
        (a parent's save() propagating a denormalised value to its children, a child's receiver updating
        its parent's counter): the hook owns that propagation, and saving the rows one by one from there
        would run their hooks, which in such a family often write back to the model being saved."""
        if not enclosing:
            return False
        hooks = self.ctx.index.hooks
        owners = {hooks.resolve(h.model) for h in hooks.hooks
                  if h.handler in enclosing and h.kind in spec_of(origin.orm).hooks.kinds and h.model}
        return any(hooks.related(origin.model, owner) for owner in owners if owner is not None)

    def documented_bypass(self, node: cst.Call) -> bool:
        """A comment in the statement's paragraph (the lines above it, up to a blank line), or the docstring
        of a function or class around it, says that the write avoids save() or the signals on purpose
        ("use bulk_create instead of each .save")."""
        for scope in (a for a in self.ancestors if isinstance(a, (cst.FunctionDef, cst.ClassDef))):
            docstring = scope.get_docstring() or ""
            if _HOOK_WORDS.search(docstring) and _INTENT_WORDS.search(docstring):
                return True
        statement = next((a for a in reversed(self.ancestors) if isinstance(a, cst.SimpleStatementLine)), None)
        block = self.ancestors[self.ancestors.index(statement) - 1] if statement is not None else None
        if statement is None or not isinstance(block, (cst.IndentedBlock, cst.Module)):
            return False
        comments = [statement.trailing_whitespace.comment]
        body = list(block.body)
        for index in range(body.index(statement), -1, -1):
            lines = list(getattr(body[index], "leading_lines", ()))
            blanks = [i for i, line in enumerate(lines) if line.comment is None]
            comments += [line.comment for line in lines[blanks[-1] + 1 if blanks else 0:]]
            if blanks and (any(comments) or index == 0 or not _imports_only(body[index - 1])):
                break  # a blank line ends the paragraph (but imports alone do not head the write)
        text = " ".join(c.value for c in comments if c is not None)
        return bool(_HOOK_WORDS.search(text) and _INTENT_WORDS.search(text))
