"""ORM401 bulk-skips-hooks: bulk writes that bypass per-object hooks, across files and ORMs."""

from __future__ import annotations

import json

import pytest
from ormlint.rules.hooks.bulk_skips_hooks import BulkSkipsHooks

from ormlint.testing import lint_source

DJANGO_MODELS = """
from django.db import models


class Stamped(models.Model):
    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.slug = self.name.lower()
        super().save(*args, **kwargs)


class Product(Stamped):
    name = models.CharField(max_length=50)
    published = models.Manager()


class Tag(models.Model):
    label = models.CharField(max_length=50)


class Plain(models.Model):
    label = models.CharField(max_length=50)

    def save(self, *args, **kwargs):
        return super().save(*args, **kwargs)


class Locked(models.Model):
    def delete(self, *args, **kwargs):
        raise PermissionError("never deleted")
"""

DJANGO_SIGNALS = """
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from shop.models import Tag


@receiver(post_save, sender="shop.Tag")
def refresh_tag_cloud(sender, instance, **kwargs):
    tag_cloud.rebuild(instance)


@receiver(post_delete, sender=Tag)
def forget_tag(sender, instance, **kwargs):
    tag_cloud.forget(instance)
"""

DJANGO = {"shop/models.py": DJANGO_MODELS, "shop/signals.py": DJANGO_SIGNALS}


def _lint(code, files, path="shop/services.py"):
    return lint_source(code, BulkSkipsHooks, path=path, files=files)


def _lines(code, files, path="shop/services.py"):
    return [f.line for f in _lint(code, files, path)]


# -- Django ----------------------------------------------------------------------------------


def test_bulk_create_names_the_receiver_in_another_file_and_points_at_the_call():
    findings = _lint("""
        from shop.models import Tag

        def import_tags(labels):
            created = Tag.objects.bulk_create([Tag(label=x) for x in labels])
            return created
    """, DJANGO)
    assert [(f.line, f.column) for f in findings] == [(4, 15)]
    assert findings[0].message == (
        "Tag.objects.bulk_create() skips the post_save receiver refresh_tag_cloud (shop/signals.py:7); "
        "call save() per object or run that logic explicitly"
    )


@pytest.mark.parametrize("call", [
    "Product.objects.bulk_create(items)",
    "Product.objects.bulk_update(items, ['name'])",
    "Product.objects.filter(name='x').exclude(pk=1).update(name='y')",
    "Product.objects.update(name='y')",
    "Product.published.filter(name='x').update(name='y')",
    "Product._default_manager.all().update(name='y')",
])
def test_save_paths_skip_an_inherited_save_override(call):
    findings = _lint(f"""
        from shop.models import Product

        def run(items):
            {call}
    """, DJANGO)
    assert len(findings) == 1
    assert "Stamped.save() (shop/models.py:8)" in findings[0].message


def test_queryset_held_in_a_variable():
    assert _lines("""
        from shop import models

        def publish(ids):
            qs = models.Product.objects.filter(pk__in=ids)
            qs = qs.exclude(name="")
            qs.update(name="published")
    """, DJANGO) == [6]


def test_queryset_delete_skips_a_custom_delete_but_not_delete_signals():
    code = """
        from shop.models import Locked, Tag

        def purge():
            Locked.objects.filter(pk=1).delete()
            Tag.objects.all().delete()
    """
    findings = _lint(code, DJANGO)
    assert [f.line for f in findings] == [4]
    assert "Locked.delete() (shop/models.py:30)" in findings[0].message
    assert "signal" not in findings[0].message and "receiver" not in findings[0].message


def test_receivers_connected_in_app_config_ready_and_sender_less_receivers():
    files = {
        "shop/models.py": DJANGO_MODELS,
        "shop/apps.py": """
            from django.apps import AppConfig
            from django.db.models.signals import post_save, pre_save


            class ShopConfig(AppConfig):
                def ready(self):
                    from shop import handlers
                    from shop.models import Tag
                    pre_save.connect(handlers.normalise, sender=Tag)
                    post_save.connect(handlers.audit)
        """,
        "shop/handlers.py": """
            def normalise(sender, instance, **kwargs):
                instance.label = instance.label.strip()


            def audit(sender, instance, **kwargs):
                log_change(instance)
        """,
    }
    findings = _lint("""
        from shop.models import Tag

        Tag.objects.bulk_create([])
    """, files)
    assert len(findings) == 1
    assert "the pre_save receiver handlers.normalise (shop/apps.py:9)" in findings[0].message
    assert "the post_save receiver handlers.audit (every model, shop/apps.py:10)" in findings[0].message


def test_a_sender_less_receiver_that_asks_a_function_about_the_object_acts_on_models_not_known():
    """``ok = should_record(sender, instance)`` then ``if not ok: return``: which models the audit log records is
    decided by code the index does not read (an exclude list filled at start-up, a check of the current
    request), so the receiver is no hook of any model in particular; one that records every save still is."""
    files = {
        "shop/models.py": DJANGO_MODELS,
        "audit/handlers.py": """
            from django.db.models.signals import post_save
            from django.dispatch import receiver

            MODELS_NEED_RECORD = set()


            def should_record(sender, instance, created):
                return sender._meta.object_name in MODELS_NEED_RECORD


            @receiver(post_save)
            def on_saved(sender, instance=None, created=False, **kwargs):
                ok = should_record(sender, instance, created)
                if not ok:
                    return
                write_log(instance)
        """,
    }
    assert _lint("""
        from shop.models import Tag

        Tag.objects.filter(label="x").update(label="y")
    """, files) == []
    files["audit/handlers.py"] = files["audit/handlers.py"].replace(
        "ok = should_record(sender, instance, created)", "data = serialize(instance)").replace(
        "if not ok:\n                    return\n                ", "")
    assert len(_lint("""
        from shop.models import Tag

        Tag.objects.filter(label="x").update(label="y")
    """, files)) == 1


def test_a_helper_testing_the_sender_against_a_collection_it_looks_up_acts_on_models_not_known():
    """reviewboard: ``if created: _invalidate_cache_for_model(sender)``, whose helper looks the sidebar's action up
    (``action = registry.get_action(ID)``) and acts only ``if model in getattr(action, "_managed_models", [])``:
    which models is not written here. A helper computing something else first acts on every model."""
    handlers = """
        from django.db.models.signals import post_save
        from django.dispatch import receiver


        def _invalidate_cache_for_model(model):
            action = actions_registry.get_action("manage")
            if action is not None and model in getattr(action, "_managed_models", []):
                cache.delete("sidebar")


        @receiver(post_save)
        def _on_post_save(*, sender, created=False, **kwargs):
            if created:
                _invalidate_cache_for_model(sender)
    """
    code = """
        from shop.models import Tag

        Tag.objects.bulk_create([Tag(label="x")])
    """
    assert _lint(code, {"shop/models.py": DJANGO_MODELS, "admin/actions.py": handlers}) == []
    computed = handlers.replace('action = actions_registry.get_action("manage")', "action = rebuild_sidebar()")
    assert len(_lint(code, {"shop/models.py": DJANGO_MODELS, "admin/actions.py": computed})) == 1


def test_a_sender_less_receiver_handing_the_object_to_a_helper_acts_on_the_models_the_helper_admits():
    """``Util.refresh_if_need(instance)`` (a class's method of the module) whose first lines look the model up in
    a dict literal keyed by model classes (``fields = FIELDS.get(type(instance))``; ``if not fields: return``):
    the receiver acts on those models only. A helper with no such guard acts on every model, and so does one
    whose dict has a key that names no class (``model_for("tags")``)."""
    handlers = """
        from django.db.models.signals import post_save
        from django.dispatch import receiver
        from shop.models import Product

        FIELDS = {
            Product: ["products_amount"],
        }


        class Util:
            @classmethod
            def refresh_if_need(cls, instance):
                fields = FIELDS.get(type(instance))
                if not fields:
                    return
                expire(instance.org, fields)


        @receiver(post_save)
        def on_saved(sender, instance, created, **kwargs):
            if created:
                Util.refresh_if_need(instance)
    """
    code = """
        from shop.models import Product, Tag

        def run(rows):
            Tag.objects.bulk_create(rows)
            Product.objects.bulk_create(rows)
    """
    findings = _lint(code, {"shop/models.py": DJANGO_MODELS, "stats/handlers.py": handlers})
    assert [f.line for f in findings] == [5] and "on_saved" in findings[0].message
    unguarded = handlers.replace("fields = FIELDS.get(type(instance))", "fields = FIELDS.get(instance.kind)")
    assert [f.line for f in _lint(code, {"shop/models.py": DJANGO_MODELS, "stats/handlers.py": unguarded})] == [4, 5]
    computed_keys = handlers.replace("Product: [", 'model_for("tags"): [], Product: [')
    assert [f.line for f in _lint(code, {"shop/models.py": DJANGO_MODELS, "stats/handlers.py": computed_keys})] == [4, 5]


@pytest.mark.parametrize("code", [
    # a model without hooks
    "from shop.models import Tag\nTag.objects.filter(pk=1).delete()",
    # a save() override that only calls the parent's save
    "from shop.models import Plain\nPlain.objects.bulk_create([Plain(label='a')])",
    # one object at a time: the hooks run
    "from shop.models import Locked\nLocked.objects.get(pk=1).delete()",
    "from shop.models import Product\nProduct.objects.filter(pk=1).first().delete()",
    # not querysets
    "settings = {}\nsettings.update(debug=True)",
    "from shop.models import Product\nProduct.cache.update(a=1)",
    # an unknown model
    "from vendor.models import Product\nProduct.objects.bulk_create([])",
])
def test_django_negatives(code):
    assert _lint(code, DJANGO) == []


def test_receiver_for_another_model_does_not_count():
    files = {**DJANGO, "shop/signals.py": DJANGO_SIGNALS}
    assert _lint("from shop.models import Locked\nLocked.objects.bulk_create([])", files) == []


def test_a_write_inside_the_models_own_hook_is_left_alone():
    files = {
        "shop/models.py": DJANGO_MODELS + """

class Counter(models.Model):
    hits = models.IntegerField(default=0)

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        Counter.objects.filter(pk=self.pk).update(hits=models.F("hits") + 1)
""",
    }
    code = files["shop/models.py"]
    assert lint_source(code, BulkSkipsHooks, path="shop/models.py", files=files) == []


def test_test_and_migration_paths_are_skipped():
    code = "from shop.models import Tag\nTag.objects.bulk_create([])"
    assert _lines(code, DJANGO) == [2]
    assert _lines(code, DJANGO, path="shop/tests/test_tags.py") == []
    assert _lines(code, DJANGO, path="shop/migrations/0002_tags.py") == []


# -- SQLAlchemy ------------------------------------------------------------------------------

SA_MODELS = """
from sqlalchemy import event
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, validates


class Base(DeclarativeBase):
    pass


class Audited(Base):
    __abstract__ = True


class User(Audited):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str]
    name: Mapped[str]

    @validates("email")
    def normalise_email(self, key, value):
        return value.lower()


class Comment(Base):
    __tablename__ = "comments"
    id: Mapped[int] = mapped_column(primary_key=True)
"""

SA_EVENTS = """
from sqlalchemy import event
from blog.models import Audited


@event.listens_for(Audited, "before_delete", propagate=True)
def archive(mapper, connection, target):
    pass
"""

SA = {"blog/models.py": SA_MODELS, "blog/events.py": SA_EVENTS}


@pytest.mark.parametrize("call, hook", [
    ("session.bulk_insert_mappings(User, rows)", "the @validates method User.normalise_email (blog/models.py:20)"),
    ("session.bulk_update_mappings(User, rows)", "User.normalise_email"),
    ("session.execute(insert(User), rows)", "User.normalise_email"),
    ("session.execute(sa.insert(User).values(email=e))", "User.normalise_email"),
    ("session.execute(update(User).where(User.id == 1).values(email=e))", "User.normalise_email"),
    ("session.query(User).filter(User.id == 1).update({User.email: e})", "User.normalise_email"),
    ("session.query(User).filter_by(id=1).delete()", "the before_delete listener archive (blog/events.py:6)"),
    ("session.execute(delete(User).where(User.id == 1))", "archive"),
    ("User.query.filter_by(id=1).delete()", "archive"),
])
def test_sqlalchemy_bulk_paths(call, hook):
    findings = _lint(f"""
        import sqlalchemy as sa
        from sqlalchemy import delete, insert, update
        from blog.models import User

        def run(session, rows, e):
            {call}
    """, SA, path="blog/services.py")
    assert [f.line for f in findings] == [6]
    assert hook in findings[0].message


def test_statement_built_in_a_variable_is_reported_at_execute():
    findings = _lint("""
        from sqlalchemy import delete
        from blog.models import User

        async def purge(session):
            stmt = delete(User).where(User.id < 10)
            await session.execute(stmt)
    """, SA, path="blog/services.py")
    assert [f.line for f in findings] == [6]
    assert findings[0].message.startswith("session.execute() of delete(User) skips the before_delete listener")


@pytest.mark.parametrize("code", [
    # validators already ran when the objects were constructed
    "session.bulk_save_objects([User(email=e) for e in rows])",
    # the update does not touch the validated attribute
    "session.execute(update(User).where(User.id == 1).values(name='x'))",
    "session.query(User).filter(User.id == 1).update({'name': 'x'})",
    # the unit of work runs every hook
    "session.add_all([User(email=e) for e in rows])",
    "session.execute(select(User))",
    # a model without hooks
    "session.execute(insert(Comment), rows)",
])
def test_sqlalchemy_negatives(code):
    assert _lint(f"""
        from sqlalchemy import insert, select, update
        from blog.models import Comment, User

        def run(session, rows):
            {code}
    """, SA, path="blog/services.py") == []


def test_bulk_save_objects_skips_mapper_events_of_the_constructed_model():
    files = {**SA, "blog/events.py": SA_EVENTS + """

@event.listens_for(User, "before_insert")
def stamp(mapper, connection, target):
    pass
""".replace("from blog.models import Audited", "from blog.models import Audited, User")}
    findings = _lint("""
        from blog.models import User

        def run(session, rows):
            users = []
            for row in rows:
                users.append(User(**row))
            session.bulk_save_objects(users)
    """, files, path="blog/services.py")
    assert [f.line for f in findings] == [7]
    assert "the before_insert listener stamp" in findings[0].message
    assert "validates" not in findings[0].message


# -- Peewee and Tortoise ----------------------------------------------------------------------

PEEWEE = {"app/models.py": """
import peewee
from playhouse.signals import Model as SignalModel, post_save


class Account(peewee.Model):
    email = peewee.CharField()

    def save(self, *args, **kwargs):
        self.email = self.email.lower()
        return super().save(*args, **kwargs)


class Event(SignalModel):
    name = peewee.CharField()


class Plain(peewee.Model):
    name = peewee.CharField()


@post_save(sender=Event)
def notify(model_class, instance, created):
    publish(instance)


@post_save()
def log_everything(model_class, instance, created):
    audit(instance)
"""}


def test_peewee_bulk_paths():
    findings = _lint("""
        from app.models import Account, Event, Plain

        def run(rows):
            Account.insert_many(rows).execute()
            Event.update(name="x").where(Event.id == 1).execute()
            Plain.insert_many(rows).execute()
            Event.create(name="one at a time")
    """, PEEWEE, path="app/services.py")
    assert [f.line for f in findings] == [4, 5]
    assert "Account.save() (app/models.py:8)" in findings[0].message
    assert "the post_save signal handler notify" in findings[1].message
    assert "log_everything (every model" in findings[1].message


TORTOISE = {
    "app/models.py": """
        from tortoise import fields
        from tortoise.models import Model


        class User(Model):
            email = fields.CharField(max_length=100)


        class Team(Model):
            name = fields.CharField(max_length=100)

            async def delete(self, using_db=None):
                await archive(self)
                await super().delete(using_db=using_db)
    """,
    "app/signals.py": """
        from tortoise.signals import pre_save
        from app.models import User


        @pre_save(User)
        async def hash_password(sender, instance, using_db, update_fields):
            await rehash(instance)
    """,
}


def test_tortoise_bulk_paths():
    findings = _lint("""
        from app.models import Team, User

        async def run(users):
            await User.bulk_create(users)
            await User.filter(email="").update(email="x")
            await Team.filter(name="").delete()
            await User.filter(email="").delete()
            await (await Team.get(id=1)).delete()
    """, TORTOISE, path="app/services.py")
    assert [f.line for f in findings] == [4, 5, 6]
    assert "the pre_save signal handler hash_password (app/signals.py:6)" in findings[0].message
    assert "Team.delete() (app/models.py:12)" in findings[2].message


# -- end to end: the index pass over a whole project ------------------------------------------


def test_demo_projects_report_the_bulk_imports(cli, fixture_copy):
    shop = fixture_copy("django_shop")
    result = cli("check", "--no-cache", "--select", "ORM401", "--format", "json", ".", cwd=shop)
    findings = [(f["path"], f["line"]) for f in json.loads(result.output)]
    assert findings == [("shop/imports.py", 12)]

    blog = fixture_copy("flask_blog")
    result = cli("check", "--no-cache", "--select", "ORM401", "--format", "json", ".", cwd=blog)
    found = json.loads(result.output)
    assert [(f["path"], f["line"]) for f in found] == [("blog/importer.py", 14)]
    assert "hash_password (blog/events.py:9)" in found[0]["message"]


def test_signal_module_without_classes_or_receivers_is_indexed(cli, tmp_path):
    (tmp_path / "app").mkdir()
    (tmp_path / "app/models.py").write_text(
        "from tortoise import fields\nfrom tortoise.models import Model\n\n\n"
        "class User(Model):\n    email = fields.CharField(max_length=100)\n"
    )
    (tmp_path / "app/hooks.py").write_text(
        "from tortoise.signals import pre_save\nfrom app.models import User\n\n\n"
        "@pre_save(User)\nasync def hash_password(sender, instance, using_db, update_fields):\n    pass\n"
    )
    (tmp_path / "app/imports.py").write_text(
        "from app.models import User\n\n\nasync def load(users):\n    await User.bulk_create(users)\n"
    )
    result = cli("check", "--no-cache", "--select", "ORM401", "--format", "json", ".", cwd=tmp_path)
    assert [(f["path"], f["line"]) for f in json.loads(result.output)] == [("app/imports.py", 5)]


def test_creation_only_save_logic_matters_to_inserts_not_to_updates():
    files = {"shop/models.py": DJANGO_MODELS + """

class Ticket(models.Model):
    secret = models.CharField(max_length=32)

    def save(self, *args, **kwargs):
        \"\"\"Give new tickets a secret.\"\"\"
        if not self.pk and not self.secret:
            self.secret = make_secret()
        super().save(*args, **kwargs)
"""}
    findings = _lint("""
        from shop.models import Ticket

        def run(tickets):
            Ticket.objects.bulk_create(tickets)
            Ticket.objects.bulk_update(tickets, ["secret"])
            Ticket.objects.filter(pk=1).update(secret="")
    """, files)
    assert [f.line for f in findings] == [4]
    assert "Ticket.save() (shop/models.py:37)" in findings[0].message


def test_model_loaded_by_app_label_and_name():
    assert _lines("""
        from django.apps import apps

        Tag = apps.get_model("shop", "Tag")

        def run():
            Tag.objects.bulk_create([])
    """, DJANGO) == [6]


def test_core_write_inside_a_mapper_event_handler_is_the_supported_way():
    assert _lint("""
        from sqlalchemy import update
        from blog.models import User

        def sync_names(mapper, connection, target):
            connection.execute(update(User).where(User.id == target.id).values(email=target.email))
    """, SA, path="blog/services.py") == []


def test_a_custom_queryset_method_decides_what_the_bulk_call_does():
    files = {"shop/models.py": """
        from django.db import models
        from django.utils import timezone


        class SoftDeleteQuerySet(models.QuerySet):
            def delete(self):
                return self.update(deleted_at=timezone.now())


        class PlainQuerySet(models.QuerySet):
            def delete(self):
                return super().delete()


        class Note(models.Model):
            deleted_at = models.DateTimeField(null=True)
            objects = SoftDeleteQuerySet.as_manager()
            everything = models.Manager.from_queryset(PlainQuerySet)()

            def delete(self, *args, **kwargs):
                self.deleted_at = timezone.now()
                self.save()
    """}
    findings = _lint("""
        from shop.models import Note

        def purge(ids):
            Note.objects.filter(pk__in=ids).delete()
            Note.everything.filter(pk__in=ids).delete()
    """, files)
    assert [f.line for f in findings] == [5]
    assert "Note.delete()" in findings[0].message


def test_a_manager_whose_get_queryset_builds_a_custom_queryset_runs_its_methods():
    """``objects = ArchivingManager()`` whose ``get_queryset()`` returns ``ArchivingQuerySet(...)``:
    ``Report.objects.filter(...).delete()`` runs that queryset's own ``delete()``, the project's bulk
    path; a manager whose queryset does not define the method still skips ``Report.delete()``."""
    files = {"shop/models.py": """
        from django.db import models
        from django.utils import timezone


        class ArchivingQuerySet(models.QuerySet):
            def delete(self):
                return self.update(archived_at=timezone.now())


        class ArchivingManager(models.Manager):
            def get_queryset(self):
                return ArchivingQuerySet(self.model, using=self._db).filter(archived_at=None)


        class VisibleManager(models.Manager):
            def get_queryset(self):
                return super().get_queryset().filter(hidden=False)


        class Report(models.Model):
            archived_at = models.DateTimeField(null=True)
            hidden = models.BooleanField(default=False)
            objects = ArchivingManager()
            visible = VisibleManager()

            def delete(self, *args, **kwargs):
                self.archived_at = timezone.now()
                self.save()
    """}
    findings = _lint("""
        from shop.models import Report

        def purge(ids):
            Report.objects.filter(pk__in=ids).delete()
            Report.visible.filter(pk__in=ids).delete()
    """, files)
    assert [f.line for f in findings] == [5]
    assert "Report.delete()" in findings[0].message


def test_a_save_that_remakes_a_value_from_itself_is_lost_even_for_objects_built_with_it():
    """``self.pin = make_password(self.pin)``, ``self.email = self.email.lower()``, ``self.visits += 1``: the
    value the object was built with is what save() changes, so building it with that attribute gives nothing
    of the override; ``self.name = self.name or "anonymous"`` only fills a missing value."""
    files = {"crm/models.py": """
        from django.contrib.auth.hashers import make_password
        from django.db import models


        class Customer(models.Model):
            email = models.EmailField(unique=True)
            pin = models.CharField(max_length=128)

            def save(self, *args, **kwargs):
                self.email = self.email.strip().lower()
                self.pin = make_password(self.pin)
                super().save(*args, **kwargs)


        class Counter(models.Model):
            visits = models.IntegerField(default=0)

            def save(self, *args, **kwargs):
                self.visits += 1
                super().save(*args, **kwargs)


        class Guest(models.Model):
            name = models.CharField(max_length=50)

            def save(self, *args, **kwargs):
                self.name = self.name or "anonymous"
                super().save(*args, **kwargs)
    """}
    findings = _lint("""
        from crm.models import Counter, Customer, Guest

        def load(rows):
            Customer.objects.bulk_create([Customer(email=r["email"], pin=r["pin"]) for r in rows])
            Counter.objects.bulk_create([Counter(visits=r["visits"]) for r in rows])
            Guest.objects.bulk_create([Guest(name=r["name"]) for r in rows])
    """, files, path="crm/services.py")
    assert [f.line for f in findings] == [4, 5]


def test_bulk_create_of_objects_built_with_the_fields_save_fills_loses_nothing():
    """A save() whose whole logic fills unset fields (``if not self.created_by_id: ...``) does nothing for
    objects constructed with all of them; objects built without one of them still lose that fill, and a
    save() that also does something else still counts."""
    files = {"shop/models.py": """
        from django.db import models


        class Entry(models.Model):
            workspace = models.ForeignKey("Workspace", on_delete=models.CASCADE)
            created_by = models.ForeignKey("User", on_delete=models.CASCADE)

            def save(self, *args, **kwargs):
                if not self.workspace_id:
                    self.workspace_id = current_workspace()
                if not self.created_by_id:
                    self.created_by_id = current_user()
                super().save(*args, **kwargs)


        class Event(models.Model):
            code = models.CharField(max_length=9)

            def save(self, *args, **kwargs):
                if not self.code:
                    self.code = new_code()
                notify(self)
                super().save(*args, **kwargs)
    """}
    findings = _lint("""
        from shop.models import Entry, Event

        def copy(rows, workspace, user):
            Entry.objects.bulk_create([Entry(workspace_id=workspace.id, created_by=user) for row in rows])
            entries = []
            for row in rows:
                entries.append(Entry(workspace=workspace, created_by_id=user.id))
            Entry.objects.bulk_create(entries)
            Entry.objects.bulk_create([Entry(workspace=workspace) for row in rows])
            Event.objects.bulk_create([Event(code=row) for row in rows])
            extended = []
            for row in rows:
                extended.extend([Entry(workspace=workspace, created_by=user), Entry(workspace=row, created_by=user)])
            Entry.objects.bulk_create(extended)
    """, files)
    assert [f.line for f in findings] == [9, 10]
    assert "Entry.save()" in findings[0].message and "Event.save()" in findings[1].message


def test_model_classmethod_import_is_reported_but_a_private_save_helper_is_not():
    files = {"accounts/models.py": """
        from django.contrib.auth.hashers import make_password
        from django.db import models


        class Member(models.Model):
            password = models.CharField(max_length=128)
            is_primary = models.BooleanField(default=False)

            def save(self, *args, **kwargs):
                self.password = make_password(self.password)
                self._single_primary()
                super().save(*args, **kwargs)

            def _single_primary(self):
                if self.is_primary:
                    Member.objects.filter(is_primary=True).update(is_primary=False)

            @classmethod
            def import_rows(cls, rows):
                cls.objects.bulk_create([cls(**row) for row in rows])
    """}
    findings = lint_source(files["accounts/models.py"], BulkSkipsHooks, path="accounts/models.py", files=files)
    assert [f.line for f in findings] == [20]
    assert findings[0].message.startswith("cls.objects.bulk_create() on Member skips Member.save() (accounts/models.py:9)")


# -- what the hooks are for, and who writes ------------------------------------------------------

SHOP_MODELS = """
from django.db import models


class Order(models.Model):
    total = models.IntegerField(default=0)


class Line(models.Model):
    order = models.ForeignKey(Order, related_name="lines", on_delete=models.CASCADE)
    price = models.IntegerField()
"""


GUARDED_RECEIVERS = """
from django.db.models.signals import post_save
from django.dispatch import receiver
from shop.models import Line, Order


@receiver(post_save)
def by_kind(sender, instance, **kwargs):
    if isinstance(instance, Order):
        refresh_totals(instance)
    elif isinstance(instance, Line):
        refresh_totals(instance.order)


@receiver(post_save)
def by_name(sender, instance, **kwargs):
    if sender.__name__ == "Order":
        notify(instance)


@receiver(post_save)
def by_identity(sender, **kwargs):
    if sender is not Order:
        return
    notify(kwargs["instance"])


@receiver(post_save)
def by_argument(sender, **kwargs):
    saved = kwargs["instance"]
    if not isinstance(saved, Order):
        return
    notify(saved)


@receiver(post_save)
def audit(sender, instance, **kwargs):
    AuditEntry.record(sender, instance)


@receiver(post_save)
def by_fields(sender, instance, **kwargs):
    fields = kwargs.get("update_fields")
    if fields and "label" in fields:
        AuditEntry.relabelled(instance)


@receiver(post_save)
def by_creation(sender, instance, created, **kwargs):
    if created:
        AuditEntry.created(instance)
    else:
        AuditEntry.changed(instance)
"""


def test_a_senderless_receiver_guarded_by_the_model_acts_only_on_the_models_it_admits():
    """A receiver connected for every model whose effect runs only for some models (``if isinstance(instance,
    A): ... elif isinstance(instance, B): ...``, ``if sender.__name__ == "A"``, an early ``return`` unless
    ``sender is A`` after reading ``kwargs``) is a hook of those models only; an unguarded one (an audit
    log of every save, an ``if created: ... else: ...`` or a test of ``update_fields`` on every save) is
    a hook of every model."""
    files = {"shop/models.py": SHOP_MODELS + "\n\nclass Tag(models.Model):\n    label = models.CharField(max_length=9)\n",
             "shop/signals.py": GUARDED_RECEIVERS}
    findings = _lint("""
        from shop.models import Line, Order, Tag

        def run(tags, lines):
            Tag.objects.bulk_create(tags)
            Line.objects.bulk_create(lines)
            Order.objects.update(total=0)
    """, files)
    assert [f.line for f in findings] == [4, 5, 6]
    tag, line, order = (f.message for f in findings)
    guarded = ("by_kind", "by_name", "by_identity", "by_argument")
    assert all(name in tag for name in ("audit", "by_creation", "by_fields"))
    assert not any(name in tag for name in guarded)
    assert "by_kind" in line and not any(name in line for name in guarded[1:])
    assert all(name in order for name in guarded)


def test_historical_models_of_a_migration_function_have_no_hooks():
    """``apps`` of a RunPython function is the historical registry: its models have no custom
    methods, and receivers connected to the real class do not fire for them."""
    files = {"shop/models.py": DJANGO_MODELS}
    code = """
        from django.db import migrations

        def forwards(apps, schema_editor):
            Product = apps.get_model("shop", "Product")
            Product.objects.filter(name="").update(name="unnamed")
            apps.get_model("shop", "Product").objects.bulk_create([])
            _normalise(Product)

        def _normalise(Product):
            Product.objects.filter(name=" ").update(name="")

        class Migration(migrations.Migration):
            operations = [migrations.RunPython(forwards)]
    """
    assert lint_source(code, BulkSkipsHooks, path="shop/db_migrations/0002_names.py", files=files) == []
    # the global registry hands out the real model: its save() is skipped
    assert _lines("""
        from django.apps import apps

        def rename():
            apps.get_model("shop", "Product").objects.update(name="x")
    """, files) == [4]


def test_post_save_receiver_acting_on_created_rows_only_is_not_skipped_by_updates():
    """Leading guards returning for rows not just created (``if not created: return``, also as one side of
    an ``or``: ``if not created or kwargs.get("raw"): return``) make a receiver creation-only: updates skip
    nothing of it; bulk_create() does."""
    files = {
        "shop/models.py": SHOP_MODELS,
        "shop/signals.py": """
            from django.db.models.signals import post_save, pre_save
            from django.dispatch import receiver
            from shop.models import Line, Order

            @receiver(post_save, sender=Order)
            def welcome(sender, instance, created, raw=False, **kwargs):
                if raw:
                    return
                if not created:
                    return
                send_mail(instance)

            @receiver(post_save, sender=Order)
            def count_storage(instance, created, **kwargs):
                'Counts the new order storage.'
                from shop.counters import add_storage

                if not created:
                    return
                add_storage(instance.pk)

            @receiver(post_save, sender=Order, dispatch_uid="broadcast_order_added")
            def broadcast(instance, created=False, **kwargs):
                if not created or kwargs.get("raw", False):
                    return
                notify_room(instance.pk)

            @receiver(post_save, sender=Line)
            def count(sender, instance, **kwargs):
                if kwargs.get("created"):
                    instance.order.total += 1

            @receiver(pre_save, sender=Line)
            def revision(**kwargs):
                instance = kwargs["instance"]
                if instance._state.adding:
                    make_revision(instance.order)
        """,
    }
    findings = _lint("""
        from shop.models import Line, Order

        def run(orders, lines):
            Order.objects.filter(total=0).update(total=1)
            Order.objects.bulk_update(orders, ["total"])
            Line.objects.filter(price=0).delete()
            Line.objects.update(price=1)
            Order.objects.bulk_create(orders)
            Line.objects.bulk_create(lines)
    """, files)
    assert [f.line for f in findings] == [8, 9]
    assert "welcome (shop/signals.py:6)" in findings[0].message
    assert "count_storage" in findings[0].message and "broadcast" in findings[0].message


def test_a_receiver_connected_by_name_from_another_module_under_a_source_root_is_read_there():
    """Nitrate: ``post_save.connect(run_watchers.post_case_run_saved, sender=TestCaseRun)`` in models.py, the
    function in signals.py acting on created rows only; the files live under ``src/``, the import names
    ``tcms.testruns.signals``. An update creates no row: the receiver is not skipped; an insert skips it."""
    files = {
        "src/tcms/testruns/models.py": """
            from django.db import models
            from django.db.models.signals import post_save
            from tcms.testruns import signals as run_watchers

            class TestCaseRun(models.Model):
                status = models.IntegerField(default=0)

            def _run_listen():
                post_save.connect(run_watchers.post_case_run_saved, sender=TestCaseRun)

            _run_listen()
        """,
        "src/tcms/testruns/signals.py": """
            def post_case_run_saved(sender, *args, **kwargs):
                instance = kwargs["instance"]
                if kwargs.get("created"):
                    instance.run.update_completion_status()
        """,
    }
    findings = _lint("""
        from tcms.testruns.models import TestCaseRun

        def update(runs, ids):
            TestCaseRun.objects.bulk_update(runs, ["status"])
            TestCaseRun.objects.filter(pk__in=ids).update(status=1)
            TestCaseRun.objects.bulk_create(runs)
    """, files)
    assert [f.line for f in findings] == [6]
    assert "post_case_run_saved" in findings[0].message


def test_save_acting_on_existing_rows_only_is_not_skipped_by_inserts():
    """``if self._state.adding: return super().save(...)``: creating a row runs nothing else."""
    files = {"shop/models.py": """
        from django.db import models

        class Attachment(models.Model):
            path = models.CharField(max_length=200)

            def save(self, *args, **kwargs):
                update_fields = kwargs.get("update_fields")
                if self._state.adding or (update_fields and "path" not in update_fields):
                    return super().save(*args, **kwargs)
                forget_old_file(self)
                return super().save(*args, **kwargs)

        class Code(models.Model):
            code = models.CharField(max_length=8)

            def save(self, *args, **kwargs):
                if self.pk:
                    return super().save(*args, **kwargs)
                self.code = new_code()
                return super().save(*args, **kwargs)
    """}
    findings = _lint("""
        from shop.models import Attachment, Code

        def run(items, codes):
            Attachment.objects.bulk_create(items)
            Attachment.objects.bulk_create(items, update_conflicts=True, unique_fields=["id"], update_fields=["path"])
            Attachment.objects.filter(pk__in=[1]).update(path="")
            Code.objects.bulk_create(codes)
            Code.objects.bulk_update(codes, ["code"])
    """, files)
    assert [f.line for f in findings] == [5, 6, 7]
    assert "Attachment.save()" in findings[0].message and "Code.save()" in findings[2].message


HANDLER_APPS = """
from django.apps import AppConfig
from django.db.models.signals import post_save


class ShopConfig(AppConfig):
    def ready(self):
        from shop import handlers
        from shop.models import Order
        post_save.connect(handlers.on_any_save)
        post_save.connect(handlers.on_order_created, sender=Order)
        post_save.connect(handlers.on_unknown)
"""

HANDLERS = """
from shop.models import Line, Order


def on_any_save(sender, instance, **kwargs):
    if not isinstance(instance, Line):
        return
    reindex(instance)


def on_order_created(sender, instance, created, **kwargs):
    if created:
        notify(instance)


def on_unknown(sender, instance, **kwargs):
    if not hasattr(instance, "project_id"):
        return
    emit(instance)
"""


def test_a_receiver_connected_by_name_is_read_where_it_is_defined():
    """The guards of a handler defined in another module decide which models it acts on, and
    whether it acts on created rows only; a guard that names no model makes it act on none."""
    files = {"shop/models.py": SHOP_MODELS, "shop/apps.py": HANDLER_APPS, "shop/handlers.py": HANDLERS}
    findings = _lint("""
        from shop.models import Line, Order

        def run(orders, lines):
            Line.objects.bulk_create(lines)
            Order.objects.update(total=0)
            Order.objects.bulk_create(orders)
    """, files)
    assert [f.line for f in findings] == [4, 6]
    assert "handlers.on_any_save (every model" not in findings[0].message
    assert "the post_save receiver handlers.on_any_save (shop/apps.py:9)" in findings[0].message
    assert "on_order_created" in findings[1].message and "on_unknown" not in findings[1].message


def test_a_receiver_writing_its_own_model_avoids_recursion_and_is_left_alone():
    """A post_save receiver (connected in another file) updating rows of its own model: saving them
    would re-enter the receiver. Writes on an unrelated model from a hook are reported, without advising
    to save them one by one from inside the hook."""
    files = {
        "shop/models.py": SHOP_MODELS + """

class Coupon(models.Model):
    uses = models.IntegerField(default=0)

    def save(self, *args, **kwargs):
        notify_marketing(self)
        super().save(*args, **kwargs)
""",
        "shop/apps.py": """
            from django.apps import AppConfig
            from django.db.models.signals import post_save

            class ShopConfig(AppConfig):
                def ready(self):
                    from shop import handlers
                    post_save.connect(handlers.reorder, sender="shop.Order")
                    post_save.connect(handlers.line_saved, sender="shop.Line")
        """,
    }
    code = """
        from django.db.models import F
        from shop.models import Coupon, Line, Order

        def reorder(sender, instance, **kwargs):
            Order.objects.exclude(pk=instance.pk).update(total=F("total") + instance.total)

        def line_saved(sender, instance, **kwargs):
            Coupon.objects.filter(pk=instance.price).update(uses=instance.quantity)
    """
    findings = lint_source(code, BulkSkipsHooks, path="shop/handlers.py", files=files)
    assert [f.line for f in findings] == [8]
    assert "skips Coupon.save()" in findings[0].message
    assert "call save() per object" not in findings[0].message
    assert "run the skipped logic explicitly" in findings[0].message


def test_a_hook_propagating_to_a_related_model_is_left_alone():
    """A child's receiver updating its parent's denormalised total, and a parent's save() pushing a value
    down to its children: the hook owns that propagation on purpose (saving each row there would run the
    other model's hooks, which write back). The same write outside a hook is reported."""
    files = {
        "shop/models.py": """
from django.db import models


class Order(models.Model):
    total = models.IntegerField(default=0)
    currency = models.CharField(max_length=3)

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        Line.objects.filter(order=self).update(currency=self.currency)


class Line(models.Model):
    order = models.ForeignKey(Order, related_name="lines", on_delete=models.CASCADE)
    price = models.IntegerField()
    currency = models.CharField(max_length=3)

    def save(self, *args, **kwargs):
        self.currency = self.order.currency
        super().save(*args, **kwargs)
        Order.objects.filter(pk=self.order_id).update(total=models.F("total") + self.price)
""",
        "shop/signals.py": """
from django.db.models.signals import post_save
from django.dispatch import receiver
from shop.models import Line, Order


@receiver(post_save, sender=Line)
def line_saved(sender, instance, **kwargs):
    Order.objects.filter(pk=instance.order_id).update(total=instance.price)


def recount(order_id, total):
    Order.objects.filter(pk=order_id).update(total=total)
""",
    }
    assert lint_source(files["shop/models.py"], BulkSkipsHooks, path="shop/models.py", files=files) == []
    findings = lint_source(files["shop/signals.py"], BulkSkipsHooks, path="shop/signals.py", files=files)
    assert [f.line for f in findings] == [12]
    assert "Order.save()" in findings[0].message


def test_an_object_saved_earlier_in_the_function_then_updated_by_primary_key():
    """``obj = M.objects.create(...)`` (or ``obj.save()``) ran the hooks; the update of that row
    afterwards sets what save() would overwrite. An object not saved here is still reported."""
    files = {"shop/models.py": DJANGO_MODELS}
    findings = _lint("""
        from shop.models import Product

        def import_one(row):
            product = Product.objects.create(name=row["name"])
            Product.objects.filter(id=product.id).update(name=row["original"])
            other, _ = Product.objects.get_or_create(name=row["other"])
            Product.objects.filter(pk=other.pk).update(name="x")

        def touch(product):
            product.save()
            Product.objects.filter(pk=product.pk).update(name="y")

        def rename(product):
            Product.objects.filter(pk=product.pk).update(name="z")
    """, files)
    assert [f.line for f in findings] == [14]


def test_a_comment_that_says_the_write_avoids_the_hooks_documents_the_bypass():
    files = {"shop/models.py": DJANGO_MODELS}
    findings = _lint("""
        from shop.models import Product

        def disable(product):
            # Avoid triggering signals by using `update`,
            # but still update the in-memory instance.
            product.name = ""
            Product.objects.filter(pk=product.pk).update(name="")

        def refresh(product):
            Product.objects.filter(pk=product.pk).update(name="")  # without calling save(): no slug change

        def import_names(rows):
            # the slug computed by save() is not set for these rows
            Product.objects.bulk_create(rows)

        def later(rows):
            # We don't call save() here.

            Product.objects.bulk_create(rows)

        def purge(rows):
            # a bulk operation: it bypasses the overridden method and really deletes
            Product.objects.filter(pk__in=rows).update(name="")

        class ProductListSerializer:
            '''Bulk updates: use bulk_create instead of each .save'''

            def update(self, rows):
                Product.objects.bulk_create(rows)

        def restock(rows):
            # rows are validated, so we're free to use bulk operations instead of serializer.save
            Product.objects.bulk_create(rows)

        def rename(rows):
            # names are kept in the serializer.save of each form
            Product.objects.bulk_create(rows)
    """, files)
    assert [f.line for f in findings] == [14, 19, 37]  # "names are kept in the serializer.save": no intent


# -- admin actions and related managers ------------------------------------------------------------

ADMIN_MODELS = """
from django.db import models


class Article(models.Model):
    title = models.CharField(max_length=100)
    slug = models.SlugField()
    status = models.CharField(max_length=1)

    def save(self, *args, **kwargs):
        self.slug = slugify(self.title)
        super().save(*args, **kwargs)
        search_index.update(self)


class Comment(models.Model):
    article = models.ForeignKey(Article, related_name="comments", on_delete=models.CASCADE)
    body = models.TextField()

    def delete(self, *args, **kwargs):
        self.article.comment_count -= 1
        super().delete(*args, **kwargs)


class Tag(models.Model):
    label = models.CharField(max_length=50)
"""


def test_admin_actions_write_the_admins_model():
    """The queryset an admin action receives holds rows of the model the admin is registered for."""
    files = {"blog/models.py": ADMIN_MODELS}
    code = """
        from django.contrib import admin
        from blog.models import Article, Comment, Tag


        def archive(modeladmin, request, queryset):
            queryset.update(status="a")


        @admin.register(Article)
        class ArticleAdmin(admin.ModelAdmin):
            actions = ["publish", archive]

            @admin.action(description="Publish")
            def publish(self, request, queryset):
                queryset.update(status="p")

            def delete_queryset(self, request, queryset):
                queryset.delete()  # Article has no delete() override


        class CommentAdmin(admin.ModelAdmin):
            def purge(self, request, queryset):
                queryset.filter(body="").delete()


        class TagAdmin(admin.ModelAdmin):
            def rename(self, request, queryset):
                queryset.update(label="x")


        admin.site.register(Comment, CommentAdmin)
        admin.site.register(Tag, TagAdmin)
    """
    findings = lint_source(code, BulkSkipsHooks, path="blog/admin.py", files=files)
    assert [f.line for f in findings] == [6, 15, 23]
    assert findings[0].message.startswith("queryset.update() on Article skips Article.save()")
    assert "Comment.delete()" in findings[2].message


def test_an_unregistered_admin_or_a_plain_queryset_parameter_is_unknown():
    files = {"blog/models.py": ADMIN_MODELS}
    assert lint_source("""
        from django.contrib import admin

        class ArticleAdmin(admin.ModelAdmin):
            def publish(self, request, queryset):
                queryset.update(status="p")

        def helper(queryset):
            queryset.update(status="p")
    """, BulkSkipsHooks, path="blog/admin.py", files=files) == []


def test_related_managers_write_the_related_model():
    files = {"blog/models.py": ADMIN_MODELS}
    findings = lint_source("""
        from django.shortcuts import get_object_or_404
        from blog.models import Article, Comment


        def clear(article: Article):
            article.comments.all().delete()


        def moderate(pk):
            article = Article.objects.get(pk=pk)
            article.comments.filter(body="").delete()
            for comment in Comment.objects.filter(body=""):
                comment.article.title = "x"
            draft, _ = Article.objects.get_or_create(title="draft")
            draft.comments.update(body="")


        def publish_all():
            for article in Article.objects.filter(status="d"):
                article.comments.all().delete()


        def close(request, pk):
            get_object_or_404(Article, pk=pk).comments.all().delete()
    """, BulkSkipsHooks, path="blog/services.py", files=files)
    assert [f.line for f in findings] == [6, 11, 20, 24]
    assert findings[0].message.startswith("article.comments.all().delete() on Comment skips Comment.delete()")


def test_related_manager_inside_the_model_and_negatives():
    files = {"blog/models.py": ADMIN_MODELS + """

class Author(models.Model):
    name = models.CharField(max_length=50)

    def retire(self):
        self.articles.update(status="r")

    def forget(self):
        self.notes.update(body="")


class Note(models.Model):
    author = models.ForeignKey(Author, related_name="notes", on_delete=models.CASCADE)
    body = models.TextField()


class Post(Article):
    author = models.ForeignKey(Author, related_name="articles", on_delete=models.CASCADE)
"""}
    findings = lint_source(files["blog/models.py"], BulkSkipsHooks, path="blog/models.py", files=files)
    assert [(f.line, "Article.save()" in f.message) for f in findings] == [(32, True)]
    # a to-one relation is an object, not a manager; an unknown attribute is nothing
    assert lint_source("""
        from blog.models import Comment

        def run(comment: Comment):
            comment.article.update(status="x")
            comment.replies.update(body="")
    """, BulkSkipsHooks, path="blog/services.py", files=files) == []


def test_a_receiver_the_function_calls_itself_is_not_skipped():
    """``qs.update(...)`` then the receiver's function called for each row: its logic runs."""
    files = {
        "shop/models.py": SHOP_MODELS,
        "shop/signals.py": """
            from django.db.models.signals import post_save
            from django.dispatch import receiver
            from shop.models import Line

            @receiver(post_save, sender=Line)
            def move_files(sender, instance, **kwargs):
                relocate(instance)
        """,
    }
    findings = _lint("""
        from shop.models import Line, Order
        from shop.signals import move_files

        def reprice(order: Order):
            order.lines.exclude(price=0).update(price=0)
            for line in order.lines.all():
                move_files(Line, line)

        def clear(order: Order):
            order.lines.update(price=0)
    """, files)
    assert [f.line for f in findings] == [10]


def test_a_receiver_connected_only_while_a_function_runs_is_not_a_hook():
    """connect() and disconnect() of the same receiver in one function (a context manager that
    makes log writes fail, a temporary listener): the hook is gone when the function returns."""
    temporary = """
        from contextlib import contextmanager
        from django.db.models.signals import post_save
        from shop.models import Plain

        @contextmanager
        def failing_writes():
            def explode(sender, **kwargs):
                raise RuntimeError("write failed")

            post_save.connect(explode, sender=Plain)
            try:
                yield
            finally:
                post_save.disconnect(explode, sender=Plain)

        def start_listening():
            post_save.connect(audit, sender=Plain)

        def audit(sender, instance, **kwargs):
            pass
    """
    files = {**DJANGO, "shop/tools.py": temporary}
    findings = _lint("""
        from shop.models import Plain

        def run(rows):
            Plain.objects.bulk_create(rows)
    """, files)
    assert [f.line for f in findings] == [4]
    assert "audit" in findings[0].message and "explode" not in findings[0].message


def test_save_logic_filling_a_missing_value_matters_to_inserts_not_to_updates():
    """A save() that fills a value rows lack (a code, a slug) does it when they are created; rows
    updated in bulk already have it. Logic that runs for rows having the value still counts."""
    files = {"shop/models.py": DJANGO_MODELS + """

class GenerateCode:
    code_property = "code"

    def assign_code(self):
        setattr(self, self.code_property, make_code())

    def save(self, *args, **kwargs):
        if getattr(self, self.code_property, None):
            return super().save(*args, **kwargs)
        self.assign_code()
        return super().save(*args, **kwargs)


class Coupon(GenerateCode, models.Model):
    code = models.CharField(max_length=16)


class Page(models.Model):
    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.title)
        super().save(*args, **kwargs)


class Published(models.Model):
    def save(self, *args, **kwargs):
        if self.published:
            return super().save(*args, **kwargs)
        self.notify_editors()
        return super().save(*args, **kwargs)


class Draft(models.Model):
    def save(self, *args, **kwargs):
        if not self.title:
            self.title = "untitled"
        self.revision += 1
        super().save(*args, **kwargs)


class Ordered(models.Model):
    def save(self, *args, **kwargs):
        if self.order is None:
            self._save_with_next_order(*args, **kwargs)
        else:
            super().save(*args, **kwargs)

    def _save_with_next_order(self, *args, **kwargs):
        self.order = Ordered.objects.count()
        super().save(*args, **kwargs)


class Numbered(models.Model):
    def save(self, *args, **kwargs):
        if self.number is None:
            self.number = 1
        else:
            self.bump()
        super().save(*args, **kwargs)
"""}
    findings = _lint("""
        from shop.models import Coupon, Draft, Numbered, Ordered, Page, Published

        def run(rows):
            Coupon.objects.bulk_create(rows)
            Coupon.objects.filter(used=True).update(used=False)
            Coupon.objects.bulk_update(rows, ["used"])
            Page.objects.bulk_create(rows)
            Page.objects.update(title="x")
            Published.objects.update(title="x")
            Draft.objects.update(title="x")
            Ordered.objects.filter(order=1).update(title="x")
            Ordered.objects.bulk_create(rows)
            Numbered.objects.update(title="x")
    """, files)
    assert [f.line for f in findings] == [4, 7, 9, 10, 12, 13]
    assert "Ordered.save()" in findings[4].message and "Numbered.save()" in findings[5].message


def test_save_logic_run_on_changes_of_some_fields_is_skipped_only_by_writes_of_those():
    """A save() that compares fields with the stored row (``orig = Agent.objects.get(pk=self.pk)``) or asks a
    tracker (``self.tracker.has_changed("site")``) and acts only when one changed: a bulk update of other
    fields changes none of them, so it skips nothing; one of a compared field skips the logic. A save()
    doing anything else besides, or comparing something other than the stored row, still counts."""
    files = {"shop/models.py": DJANGO_MODELS + """

class Agent(models.Model):
    def save(self, *args, **kwargs):
        if not hasattr(self, "_processing"):
            self._processing = False
        if self.pk and not self._processing:
            orig = Agent.objects.get(pk=self.pk)
            site_changed = self.site_id != orig.site_id
            policy_changed = orig.policy != self.policy
            if site_changed or policy_changed:
                self._processing = True
                self.set_alert_template()
                self._processing = False
        super().save(*args, **kwargs)


class Tracked(models.Model):
    def save(self, *args, **kwargs):
        if self.tracker.has_changed("status"):
            notify(self)
        super().save(*args, **kwargs)


class Busy(models.Model):
    def save(self, *args, **kwargs):
        orig = Busy.objects.get(pk=self.pk)
        if self.site_id != orig.site_id:
            self.move()
        self.touch()
        super().save(*args, **kwargs)


class Compared(models.Model):
    def save(self, *args, **kwargs):
        if self.site_id != self.default_site_id:
            self.move()
        super().save(*args, **kwargs)
"""}
    findings = _lint("""
        from shop.models import Agent, Busy, Compared, Tracked

        def run(ids, site):
            Agent.objects.filter(pk__in=ids).update(maintenance_mode=True)
            Agent.objects.filter(pk__in=ids).update(site=site)
            Agent.objects.filter(pk__in=ids).update(policy=None)
            Tracked.objects.update(title="x")
            Tracked.objects.update(status="done")
            Busy.objects.update(title="x")
            Compared.objects.update(title="x")
    """, files)
    assert [f.line for f in findings] == [5, 6, 8, 9, 10]
    assert "Agent.save()" in findings[0].message and "Tracked.save()" in findings[2].message


def test_save_logic_for_new_rows_and_for_changes_to_some_values_is_skipped_only_by_writes_that_reach_it():
    """A save() whose logic runs for new rows (``if adding:``) or when a field changes (``if
    self.has_changed("status") and self.status == self.DONE:``, ``if adding or self.hidden !=
    self._hidden_orig:``) besides deriving fields: an update of existing rows setting other fields skips
    nothing, nor one setting the changed field to a value its test refuses (``status=Job.CANCELLED``,
    ``is_verified=False``). One setting a value the test accepts, or an unknown one, skips it; so does
    one of a field the derived logic reads, and a bulk_create (new rows run the ``if adding:`` blocks)."""
    files = {"shop/models.py": DJANGO_MODELS + """

class Job(models.Model):
    DONE = "done"
    CANCELLED = "cancelled"

    def save(self, *args, **kwargs):
        adding = self._state.adding
        if adding:
            self.init_groups()
        super().save(*args, **kwargs)
        if adding or self.hidden != self._hidden_orig:
            self.update_viewers()
        if self.has_changed("status") and self.status == self.DONE:
            on_commit(record_duration)


class Verification(models.Model):
    def save(self, *args, **kwargs):
        adding = self._state.adding
        if adding and self.email_known():
            self.email_is_verified = True
        super().save(*args, **kwargs)
        if self.has_changed("is_verified") and self.is_verified:
            self.accept_pending()
        if adding and not self.email_is_verified:
            self.send_verification_email()


class DocPage(models.Model):
    def save(self, *args, **kwargs):
        if not self.id:
            self.order = DocPage.objects.count() + 1
        self.content_plain = strip_tags(self.content)
        super().save(*args, **kwargs)
        DocPage.objects.filter(pk=self.pk).update(search_vector=SearchVector("title", "content_plain"))
"""}
    findings = _lint("""
        from shop.models import DocPage, Job, Verification

        def run(ids, status, rows):
            Job.objects.filter(pk__in=ids).update(repo_name="")
            Job.objects.filter(pk__in=ids).update(status=Job.CANCELLED)
            Job.objects.filter(pk__in=ids).update(status=Job.DONE)
            Job.objects.filter(pk__in=ids).update(status=status)
            Job.objects.filter(pk__in=ids).update(hidden=True)
            Verification.objects.filter(pk__in=ids).update(is_verified=False, verified_at=None)
            Verification.objects.filter(pk__in=ids).update(is_verified=True)
            DocPage.objects.bulk_update(rows, ["order"])
            DocPage.objects.filter(pk__in=ids).update(order=1)
            DocPage.objects.filter(pk__in=ids).update(title="x")
            DocPage.objects.bulk_create(rows)
            Job.objects.bulk_create(rows)
    """, files)
    assert [f.line for f in findings] == [6, 7, 8, 10, 13, 14, 15]
    assert "Job.save()" in findings[0].message and "Verification.save()" in findings[3].message


def test_a_receiver_acting_only_for_saves_told_to_write_a_field_is_skipped_only_by_writes_of_it():
    """``if update_fields and "is_archived" in update_fields:`` is the receiver's whole logic: a plain save()
    does not run it either, so a bulk update of other fields (named, or in a dict the function builds and
    spreads: ``update(**updates)``, also merged in by ``updates.update({...})``) skips nothing; an update of
    ``is_archived`` skips it, and so does an update whose keys are unknown (a dict merged in from elsewhere)."""
    files = {"judge/models.py": """
        from django.db import models
        from django.db.models.signals import post_save
        from django.dispatch import receiver

        class Submission(models.Model):
            status = models.CharField(max_length=2)
            is_archived = models.BooleanField(default=False)

        @receiver(post_save, sender=Submission)
        def submission_update(sender, instance, update_fields, **kwargs):
            if update_fields and "is_archived" in update_fields:
                instance.user.calculate_points()
    """}
    code = """
        from judge.models import Submission

        def rejudge(pk, data):
            Submission.objects.filter(pk=pk).update(status="QU")
            updates = {"status": "QU", "time": None}
            updates["points"] = 0
            Submission.objects.filter(pk=pk).update(**updates)

        def archive(pk):
            Submission.objects.filter(pk=pk).update(is_archived=True)

        def change(pk, data):
            Submission.objects.filter(pk=pk).update(**data)

        def nothing(pk):
            Submission.objects.filter(pk=pk).update()

        def merged(pk, user, extra):
            updates = {"status": "QU"}
            if user:
                updates.update({"time": None}, points=0)
            Submission.objects.filter(pk=pk).update(**updates)
            archived = {"status": "QU"}
            archived.update(extra)
            Submission.objects.filter(pk=pk).update(**archived)
    """
    findings = _lint(code, files, path="judge/api.py")
    assert [f.line for f in findings] == [10, 13, 25] and all("submission_update" in f.message for f in findings)


CHECKED_MODELS = DJANGO_MODELS + """

class Checked(models.Model):
    class Meta:
        abstract = True

    def save(self, *args, skip_validation=None, **kwargs):
        \"\"\"Validate every save.\"\"\"
        if skip_validation is None:
            skip_validation = not settings.STRICT
        self.pre_save_logic()
        if not skip_validation:
            try:
                self.full_clean()
            except Exception:
                self.print_all_fields()
                raise
        self.post_save_logic()
        super().save(*args, **kwargs)

    def pre_save_logic(self):
        \"\"\"For subclasses.\"\"\"

    def post_save_logic(self):
        pass

    def print_all_fields(self):
        logger.debug(self.__dict__)


class Reference(Checked):
    status = models.CharField(max_length=10)


class Labelled(Checked):
    label = models.CharField(max_length=10)

    def clean(self):
        if not self.label:
            raise ValidationError("a label is required")


class Normalised(Checked):
    label = models.CharField(max_length=10)

    def clean(self):
        self.label = self.label.strip()


class Located(Checked):
    def pre_save_logic(self):
        self.location = Location.objects.create(value=self.value)


class Refusing(models.Model):
    def save(self, *args, **kwargs):
        self.full_clean()
"""


def test_a_save_that_only_validates_loses_nothing_in_bulk():
    """save() running full_clean() (whose clean() only raises) and empty template methods before
    super().save(): rows written in bulk lose no behaviour. A clean() that changes the object, a
    template method the model fills in, or a save() that never saves still count."""
    findings = _lint("""
        from shop.models import Labelled, Located, Normalised, Reference, Refusing

        def close(ids):
            Reference.objects.filter(id__in=ids).update(status="closed")
            Labelled.objects.filter(id__in=ids).update(label="x")
            Normalised.objects.filter(id__in=ids).update(label=" x ")
            Located.objects.filter(id__in=ids).update(value="y")
            Refusing.objects.filter(id__in=ids).update(value="z")
    """, {"shop/models.py": CHECKED_MODELS})
    assert [f.line for f in findings] == [6, 7, 8]
    assert all("Checked.save()" in f.message for f in findings[:2])
    assert "Refusing.save()" in findings[2].message


def _purge(models_source, *models):
    """Findings of ``M.objects.filter(id__in=ids).delete()`` for each model, one per line from line 4."""
    deletes = "".join(f"    {model}.objects.filter(id__in=ids).delete()\n" for model in models)
    code = f"from shop.models import {', '.join(sorted(models))}\n\ndef purge(ids):\n{deletes}"
    return _lint(code, {"shop/models.py": models_source})


LOGGED_MODELS = DJANGO_MODELS + """

class LogMixin:
    log_prefix = None
    log_parent = None

    def delete(self, *args, skip_log=False, **kwargs):
        parent = self.log_parent
        result = super().delete(*args, **kwargs)
        if not skip_log and parent and self.log_prefix:
            parent.log_action(f"{self.log_prefix}.delete")
        return result


class FileCleanup:
    def delete(self, *args, **kwargs):
        self.delete_files()
        return super().delete(*args, **kwargs)


class Slot(LogMixin, models.Model):
    pass


class Talk(LogMixin, models.Model):
    log_prefix = "talk"

    @property
    def log_parent(self):
        return self.event


class Untitled(Talk):
    log_prefix = ""


class Speaker(LogMixin, models.Model):
    log_prefix = _("speaker")

    @property
    def log_parent(self):
        return self.event


class Token(LogMixin, models.Model):
    log_prefix = "token"


class Room(LogMixin, FileCleanup, models.Model):
    pass
"""


def test_a_hook_conditional_on_a_class_attribute_the_model_leaves_unset_does_nothing():
    """A delete() whose logging runs only when ``self.log_prefix`` and the parent (read into a local
    name) are set does nothing for a model leaving either None or empty; the parent's delete() it
    hands on to still counts (Room)."""
    findings = _purge(LOGGED_MODELS, "Slot", "Talk", "Untitled", "Speaker", "Room", "Token")
    assert [f.line for f in findings] == [5, 7, 8]
    assert "LogMixin.delete()" in findings[0].message and "LogMixin.delete()" in findings[1].message
    assert "FileCleanup.delete()" in findings[2].message and "LogMixin" not in findings[2].message


def test_receivers_of_a_signal_the_code_then_sends_for_the_rows_still_run():
    """update() followed by a task (queued or called) that sends post_save for each row by hand, or sending
    it itself (a module-level function): the post_save receivers run. A task sending it for another model,
    or no task, does not (nor a method sending it: the index knows only module-level functions' sends)."""
    files = {**DJANGO, "shop/tasks.py": """
        from celery import shared_task
        from django.db.models.signals import post_save
        from shop.models import Plain, Tag

        @shared_task
        def reindex_tags(ids):
            for tag in Tag.objects.filter(id__in=ids):
                post_save.send(Tag, instance=tag, created=False)

        def reindex_plain(ids):
            for row in Plain.objects.filter(id__in=ids):
                post_save.send(sender=Plain, instance=row, created=False)
    """}
    findings = _lint("""
        from django.db.models.signals import post_save
        from shop.models import Tag
        from shop.tasks import reindex_plain, reindex_tags

        def relabel(ids):
            Tag.objects.filter(id__in=ids).update(label="x")
            reindex_tags.delay(ids)

        def relabel_now(ids):
            Tag.objects.filter(id__in=ids).update(label="x")
            reindex_tags(ids)

        def relabel_other(ids):
            Tag.objects.filter(id__in=ids).update(label="x")
            reindex_plain(ids)

        def relabel_quietly(ids):
            Tag.objects.filter(id__in=ids).update(label="x")

        def relabel_one(tag):
            if Tag.objects.filter(pk=tag.pk).update(label="x"):
                post_save.send(sender=Tag, instance=tag, created=False)

        class Relabeller:
            def relabel(self, tag):
                Tag.objects.filter(pk=tag.pk).update(label="x")
                post_save.send(sender=Tag, instance=tag, created=False)
    """, files)
    assert [f.line for f in findings] == [14, 18, 26]
    assert all("refresh_tag_cloud" in f.message for f in findings)


def test_an_update_that_only_touches_a_timestamp_is_not_reported():
    """``update(modified=timezone.now())`` marks rows changed without content for hooks to act on;
    setting any other value too, or a timestamp that is not the current time, still counts."""
    findings = _lint("""
        from django.db.models.functions import Now
        from django.utils import timezone
        from shop.models import Tag

        def touch(ids, when, tag):
            Tag.objects.filter(id__in=ids).update(modified=timezone.now())
            Tag.objects.filter(id__in=ids).update(modified=Now(), seen=timezone.now())
            Tag.objects.filter(id__in=ids).update(modified=timezone.now(), label="x")
            Tag.objects.filter(id__in=ids).update(modified=when)
            tag.modified = timezone.now()
            Tag.objects.filter(pk=tag.pk).update(modified=tag.modified)
            tag.modified = when
            Tag.objects.filter(pk=tag.pk).update(modified=tag.modified)
    """, DJANGO)
    assert [f.line for f in findings] == [8, 9, 13]


FILE_MODELS = """
from django.db import models
from django.utils.functional import cached_property
from thumbnails.fields import ThumbnailerImageField


class FileCleanupMixin:
    @cached_property
    def _file_fields(self):
        return [field.name for field in self._meta.fields if isinstance(field, models.FileField)]

    def delete_files(self):
        \"\"\"Schedule removal of every uploaded file.\"\"\"
        for field in self._file_fields:
            value = getattr(self, field, None)
            if value:
                schedule_cleanup(value.path)

    def delete(self, *args, **kwargs):
        self.delete_files()
        return super().delete(*args, **kwargs)


class Slot(FileCleanupMixin, models.Model):
    start = models.DateTimeField()


class Upload(FileCleanupMixin, models.Model):
    file = models.FileField()


class Avatar(FileCleanupMixin, models.Model):
    image = models.ImageField()


class Photo(FileCleanupMixin, models.Model):
    picture = ThumbnailerImageField()


class Document(FileCleanupMixin, models.Model):
    scan = ScanField()


class ScanField(models.FileField):
    pass


class Named(FileCleanupMixin, models.Model):
    title = models.CharField(max_length=10)

    def delete_files(self):
        remove_directory(self.title)
"""


def test_a_hook_working_on_the_models_file_fields_does_nothing_for_a_model_without_one():
    """A delete() whose work loops over the model's FileFields (a property picking them by
    ``isinstance``) does nothing for a model without one; ImageField, a project's FileField subclass,
    another library's image field, and an override of the helper still count."""
    findings = _purge(FILE_MODELS, "Slot", "Upload", "Avatar", "Photo", "Document", "Named")
    assert [f.line for f in findings] == [5, 6, 7, 8, 9]
    assert all("FileCleanupMixin.delete()" in f.message for f in findings)


DERIVED_MODELS = {
    "work/models.py": """
        from django.db import models
        from django.utils import timezone


        class Task(models.Model):
            project = models.ForeignKey("work.Project", on_delete=models.CASCADE)
            status = models.CharField(max_length=10, null=True)
            milestone = models.CharField(max_length=10)
            tags = models.JSONField(default=list)
            modified = models.DateTimeField()

            def save(self, *args, **kwargs):
                self.modified = timezone.now()
                if not self.status:
                    self.status = self.project.default_status
                return super().save(*args, **kwargs)


        class Notified(models.Model):
            class Meta:
                abstract = True

            def save(self, *args, **kwargs):
                super().save(*args, **kwargs)
                notify_watchers(self)


        class Issue(Notified):
            status = models.CharField(max_length=10)
            milestone = models.CharField(max_length=10)

            def save(self, *args, **kwargs):
                if not self.status:
                    self.status = "new"
                super().save(*args, **kwargs)
    """,
    "work/apps.py": """
        from django.apps import AppConfig
        from django.db.models.signals import post_save, pre_save

        class WorkConfig(AppConfig):
            def ready(self):
                from work import handlers
                pre_save.connect(handlers.normalise_tags, sender="work.Task")
    """,
    "work/handlers.py": """
        def normalise_tags(sender, instance, **kwargs):
            if isinstance(instance.tags, (list, tuple)):
                instance.tags = [tag.lower() for tag in instance.tags]
    """,
}


def test_a_derived_field_hook_that_reads_and_sets_none_of_the_updated_keys_is_not_reported():
    """save() and receivers that only set attributes of the object from its attributes (a timestamp, a
    default status, normalised tags) do for a row after update(milestone=...) what they did before: the
    write skips nothing. An update of a key such a hook reads or sets (``project_id`` is ``project``),
    and a parent's save() with an effect of its own that the derived-field override hands on to, are
    reported."""
    findings = lint_source("""
        from work.models import Issue, Task

        def plan(ids, tasks):
            Task.objects.filter(id__in=ids).update(milestone="m2")
            Task.objects.bulk_update(tasks, ["milestone"])
            Task.objects.filter(id__in=ids).update(status=None)
            Task.objects.bulk_update(tasks, fields=["status", "milestone"])
            Task.objects.filter(id__in=ids).update(tags=["x"])
            Task.objects.filter(id__in=ids).update(project_id=3)
            Issue.objects.filter(id__in=ids).update(milestone="m2")
    """, BulkSkipsHooks, path="work/services.py", files=DERIVED_MODELS)
    assert [f.line for f in findings] == [6, 7, 8, 9, 10]
    assert "Task.save()" in findings[0].message and "normalise_tags" not in findings[0].message
    assert "normalise_tags" in findings[2].message and "Task.save()" not in findings[2].message
    assert "Notified.save()" in findings[4].message and "Issue.save()" not in findings[4].message


def test_a_save_that_only_logs_under_a_condition_is_a_derived_field_hook():
    """A branch that only writes to the log (``if self.has_usable_password(): logger.warning(...)``) does
    nothing to the row whatever its test calls: a save() otherwise deriving ``email`` from itself skips
    nothing for update(is_active=...), but does for an update of ``email``. A branch doing more still counts."""
    models = {"accounts/models.py": """
        import logging
        from django.db import models

        logger = logging.getLogger(__name__)

        class Profile(models.Model):
            email = models.EmailField()
            password = models.CharField(max_length=128)
            is_active = models.BooleanField(default=True)

            def has_usable_password(self):
                return bool(self.password)

            def save(self, *args, **kwargs):
                if self.has_usable_password():
                    logger.warning("Profile %s has a usable password", self)
                self.email = self.email.strip().lower()
                super().save(*args, **kwargs)
    """}
    code = """
        from accounts.models import Profile

        def activate(ids, email):
            Profile.objects.filter(pk__in=ids).update(is_active=True)
            Profile.objects.filter(pk__in=ids).update(email=email)
    """
    assert [f.line for f in lint_source(code, BulkSkipsHooks, path="accounts/views.py", files=models)] == [5]
    acting = {path: text.replace("logger.warning(", "self.password = ''; logger.warning(")
              for path, text in models.items()}
    assert [f.line for f in lint_source(code, BulkSkipsHooks, path="accounts/views.py", files=acting)] == [4, 5]


FORM_MODELS = {"forms/models.py": """
    import re
    from django.db import models

    TITLE = re.compile(r"<title>(.*)</title>")

    class Form(models.Model):
        xml = models.TextField()
        title = models.CharField(max_length=80)
        encrypted = models.BooleanField(default=False)
        pending = models.BooleanField(default=False)
        submissions = models.IntegerField(default=0)

        def save(self, *args, **kwargs):
            self._set_title()
            self._set_encrypted()
            if not re.search(r"^[\\w -]+$", self.title):
                raise ValueError("bad title")
            super().save(*args, **kwargs)

        def _set_title(self):
            matches = TITLE.findall(self.xml)
            if len(matches) != 1:
                raise ValueError("one title")
            if self.title and matches[0] != self.title:
                self.xml = TITLE.sub(f"<title>{self.title}</title>", self.xml)
            self.title = self._clean(matches[0])

        def _clean(self, text):
            return text.strip()

        def _set_encrypted(self):
            self.encrypted = "public_key" in self.xml

    class Notified(models.Model):
        xml = models.TextField()
        pending = models.BooleanField(default=False)

        def save(self, *args, **kwargs):
            self._announce()
            super().save(*args, **kwargs)

        def _announce(self):
            notify(self.pk)

    class Recursive(models.Model):
        xml = models.TextField()
        pending = models.BooleanField(default=False)

        def save(self, *args, **kwargs):
            self._normalise()
            super().save(*args, **kwargs)

        def _normalise(self):
            self.xml = self.xml.strip()
            self._normalise()
            self._persist()

        def _persist(self):
            self.save(update_fields=["xml"])
"""}


def test_helper_methods_of_a_derived_field_save_are_read_as_part_of_it():
    """A save() whose helpers (``self._set_title()``) only derive attributes from the object's attributes
    and validate them is a derived-field hook: an update of other keys (a counter, a flag) skips nothing;
    one of a key a helper reads or sets (``title``: the override would rewrite the XML) is reported. A
    helper that calls something for its effect, or that saves the object again, makes it a hook like any
    other (reported whatever the keys); a helper calling itself is read once."""
    findings = lint_source("""
        from django.db.models import F
        from forms.models import Form, Notified, Recursive

        def count(pk):
            Form.objects.filter(pk=pk).update(submissions=F("submissions") + 1, pending=False)
            Form.objects.filter(pk=pk).update(title="Renamed")
            Form.objects.filter(pk=pk).update(xml="<title>x</title>")
            Notified.objects.filter(pk=pk).update(pending=True)
            Recursive.objects.filter(pk=pk).update(pending=True)
    """, BulkSkipsHooks, path="forms/services.py", files=FORM_MODELS)
    assert [f.line for f in findings] == [6, 7, 8, 9]
    assert "Form.save()" in findings[0].message and "Notified.save()" in findings[2].message


def test_a_write_that_sets_what_a_stamping_save_would_has_skipped_nothing():
    """A save() that stamps attributes from nothing of the object (``date_modified = now()``, also when
    only ``update_fields`` naming it) is done by an update that sets them itself and none of what the
    override reads. An attribute derived from the object (``slug`` from ``title``) is no stamp: an update
    setting it breaks what the override keeps, and one of a field the override reads is reported."""
    files = {"notes/models.py": """
        from django.db import models
        from django.utils import timezone
        from django.utils.text import slugify

        class Stamped(models.Model):
            status = models.CharField(max_length=10)
            date_modified = models.DateTimeField()

            def save(self, *args, **kwargs):
                update_fields = kwargs.get("update_fields", None)
                if update_fields is None or "date_modified" in update_fields:
                    self.date_modified = timezone.now()
                super().save(*args, **kwargs)

        class Note(Stamped):
            title = models.CharField(max_length=80)
            slug = models.SlugField()

            def save(self, *args, **kwargs):
                self.slug = slugify(self.title)
                self.edited = timezone.now()
                super().save(*args, **kwargs)
    """}
    findings = lint_source("""
        from django.utils import timezone
        from notes.models import Note, Stamped

        def close(ids):
            Stamped.objects.filter(id__in=ids).update(status="closed", date_modified=timezone.now())
            Note.objects.filter(id__in=ids).update(slug="fixed", edited=timezone.now())
            Note.objects.filter(id__in=ids).update(title="New", slug="new", edited=timezone.now())
    """, BulkSkipsHooks, path="notes/services.py", files=files)
    assert [f.line for f in findings] == [6, 7]
    assert all("Note.save()" in f.message for f in findings)


def test_fields_a_stamping_save_adds_to_update_fields_are_written_not_read():
    """``update_fields = {"last_modified"}.union(update_fields)`` names a field the save writes: the override
    still reads nothing of the object, so an update setting ``last_modified`` itself has done its work,
    and one that does not is still reported."""
    files = {"jobs/models.py": """
        import datetime
        from django.db import models

        class Job(models.Model):
            state = models.CharField(max_length=10)
            last_modified = models.DateTimeField()

            def save(self, *args, update_fields=None, **kwargs):
                self.last_modified = datetime.datetime.now()
                if update_fields is not None:
                    update_fields = {"last_modified"}.union(update_fields)
                super().save(*args, update_fields=update_fields, **kwargs)

        class Run(models.Model):
            state = models.CharField(max_length=10)
            last_modified = models.DateTimeField()

            def save(self, *args, **kwargs):
                if "update_fields" in kwargs:
                    kwargs["update_fields"] = [*kwargs["update_fields"], "last_modified"]
                self.last_modified = self.state and datetime.datetime.now()
                super().save(*args, **kwargs)
    """}
    findings = lint_source("""
        from datetime import datetime
        from jobs.models import Job, Run

        def finish(ids):
            Job.objects.filter(id__in=ids).update(state="done", last_modified=datetime.now())
            Run.objects.filter(id__in=ids).update(state="done", last_modified=datetime.now())
    """, BulkSkipsHooks, path="jobs/services.py", files=files)
    assert [(f.line, "Run.save()" in f.message) for f in findings] == [(6, True)]  # Run's stamp reads state


def test_a_management_command_changing_existing_rows_is_not_reported_but_one_creating_rows_is():
    """A management command updating or deleting existing rows in bulk does so on purpose (a backfill, a
    clean-up) and runs what it needs itself; new rows it creates (an import) still lack what save() gives
    them. Elsewhere both are reported."""
    code = """
        from shop.models import Locked, Product

        def mark(ids, rows):
            Product.objects.filter(id__in=ids).update(name="done")
            Locked.objects.filter(id__in=ids).delete()
            Product.objects.bulk_create(Product(name=r) for r in rows)
    """
    assert _lines(code, DJANGO, path="shop/services.py") == [4, 5, 6]
    assert _lines(code, DJANGO, path="shop/management/commands/backfill_names.py") == [6]


def test_a_receiver_with_an_effect_of_its_own_still_counts_whatever_the_keys():
    """A receiver that calls something for its effect (a cache reset keyed by the primary key, a
    webhook) acts on every save, not on the attributes it reads: an update of other keys skips it."""
    files = {**DERIVED_MODELS, "work/handlers.py": """
        def normalise_tags(sender, instance, **kwargs):
            cache.delete(f"task-{instance.pk}")
    """}
    findings = lint_source("""
        from work.models import Task

        def plan(ids):
            Task.objects.filter(id__in=ids).update(milestone="m2")
    """, BulkSkipsHooks, path="work/services.py", files=files)
    assert [f.line for f in findings] == [4]
    assert "normalise_tags" in findings[0].message and "Task.save()" not in findings[0].message


def test_a_docstring_that_says_the_function_bypasses_the_hooks_documents_the_bypass():
    """The function's docstring names the skipped hooks and the intent; a docstring that only says what
    the function does is no such note."""
    findings = _lint('''
        from shop.models import Product

        def mark_done(ids):
            """Mark the rows done with update(): it fires no signals, so the post_save receiver does not
            queue this job again."""
            Product.objects.filter(id__in=ids).update(name="done")

        def rename(ids):
            """Rename the products in one query."""
            Product.objects.filter(id__in=ids).update(name="renamed")
    ''', DJANGO)
    assert [f.line for f in findings] == [10]


def test_a_hook_whose_logic_the_function_runs_itself_is_not_skipped():
    """A receiver (or save()) whose whole logic is calling a function, here a cache reset and a queued
    task, loses nothing when the function making the bulk write calls them too. A hook doing more than
    the function calls, or a function calling nothing, is still reported."""
    files = {
        "docs/models.py": """
            from django.db import models

            class Document(models.Model):
                content = models.TextField()

            class Note(models.Model):
                text = models.TextField()

                def save(self, *args, **kwargs):
                    super().save(*args, **kwargs)
                    refresh_note_index.delay(self.pk)
        """,
        "docs/signals.py": """
            from django.db.models.signals import post_save
            from django.dispatch import receiver
            from docs.caching import invalidate_suggestions, notify_owner
            from docs.models import Document

            @receiver(post_save, sender=Document)
            def reset_suggestions(sender, instance, **kwargs):
                invalidate_suggestions(instance.pk)

            @receiver(post_save, sender=Document)
            async def tell_owner(sender, instance, **kwargs):
                invalidate_suggestions(instance.pk)
                await notify_owner(instance.pk)
        """,
    }
    findings = lint_source("""
        from docs import caching
        from docs.models import Document, Note
        from docs.tasks import refresh_note_index

        def set_content(doc, text):
            Document.objects.filter(pk=doc.pk).update(content=text)
            caching.invalidate_suggestions(doc.pk)

        def set_text(ids):
            Note.objects.filter(id__in=ids).update(text="")
            for pk in ids:
                refresh_note_index.delay(pk)

        def set_text_quietly(ids):
            Note.objects.filter(id__in=ids).update(text="")
    """, BulkSkipsHooks, path="docs/services.py", files=files)
    assert [f.line for f in findings] == [6, 15]
    assert "tell_owner" in findings[0].message and "reset_suggestions" not in findings[0].message
    assert "Note.save()" in findings[1].message


def test_a_hook_that_logs_and_queues_a_task_the_function_queues_after_commit_is_not_skipped():
    """The receiver logs a line (reading what it likes of the object) and queues a task; the function
    queues the same task once the transaction commits (``on_commit(partial(task.apply_async, ...))``):
    nothing is lost. Without it the receiver's task is skipped."""
    files = {"logs/models.py": """
        import logging
        from django.db import models
        from django.db.models.signals import post_save
        from django.dispatch import receiver
        from logs.tasks import send_report

        logger = logging.getLogger(__name__)

        class Record(models.Model):
            kind = models.IntegerField()

        @receiver(post_save, sender=Record)
        def report(sender, instance, created, *args, **kwargs):
            group = instance.group_id
            if instance.kind != 3:
                logger.debug(f"report for {group}: {instance.get_kind_display()}")
                send_report.apply_async(kwargs={"group": group}, countdown=10)
    """}
    code = """
        from functools import partial
        from django.db import transaction
        from logs.models import Record
        from logs.tasks import send_report

        def bundle(records, groups):
            Record.objects.bulk_create(records)
            for group in groups:
                transaction.on_commit(partial(send_report.apply_async, (None, group)))

        def bundle_quietly(records):
            Record.objects.bulk_create(records)
    """
    findings = lint_source(code, BulkSkipsHooks, path="logs/services.py", files=files)
    assert [f.line for f in findings] == [12] and "report" in findings[0].message


def test_super_of_a_named_base_passes_over_that_bases_method():
    """``super(Ordered, self).delete()`` calls the method after ``Ordered`` in the bases: Ordered.delete()
    does not run for Slide, whose override only hands on; Page, using plain super(), runs it."""
    files = {"deck/models.py": """
        from django.db import models

        class Ordered(models.Model):
            position = models.IntegerField()

            class Meta:
                abstract = True

            def delete(self, *args, **kwargs):
                close_gap(self)
                return super().delete(*args, **kwargs)

        class Slide(Ordered):
            def delete(self, *args, **kwargs):
                return super(Ordered, self).delete(*args, **kwargs)

        class Page(Ordered):
            def delete(self, *args, **kwargs):
                return super().delete(*args, **kwargs)
    """}
    findings = lint_source("""
        from deck.models import Page, Slide

        def purge():
            Slide.objects.filter(position=0).delete()
            Page.objects.filter(position=0).delete()
    """, BulkSkipsHooks, path="deck/services.py", files=files)
    assert [f.line for f in findings] == [5]
    assert "Ordered.delete()" in findings[0].message


def test_a_status_update_from_the_job_the_skipped_receiver_queues_is_not_reported():
    """A post_save receiver queues the build job; the job's own status update skips it on purpose (saving
    would queue the running job again). The same update from another function is reported."""
    files = {
        "ci/models.py": """
            from django.db import models

            class Build(models.Model):
                state = models.CharField(max_length=20)
        """,
        "ci/signals.py": """
            from django.db.models.signals import post_save
            from django.dispatch import receiver
            from ci.models import Build
            from ci.tasks import run_build

            @receiver(post_save, sender=Build)
            def queue_build(sender, instance, **kwargs):
                run_build.delay(instance.pk)
        """,
    }
    findings = lint_source("""
        from ci.models import Build

        def run_build(pk):
            Build.objects.filter(pk=pk).update(state="finished")

        def cancel(pk):
            Build.objects.filter(pk=pk).update(state="cancelled")
    """, BulkSkipsHooks, path="ci/tasks.py", files=files)
    assert [f.line for f in findings] == [7]
    assert "queue_build" in findings[0].message


def test_a_sender_less_registration_of_a_handler_never_read_is_a_hook_of_no_known_model():
    """A receiver connected without a sender acts on the models its body admits; when that body cannot be
    read (a callable object, a bound method, a function of a module outside the project), which models
    it acts on is unknown: it is not taken as a hook of every model. A sender-less function that is read
    and guards nothing still is."""
    files = {
        "shop/models.py": DJANGO_MODELS,
        "shop/apps.py": """
            from django.apps import AppConfig
            from django.db.models.signals import post_save


            class ShopConfig(AppConfig):
                def ready(self):
                    from vendor.sync import Connector
                    handler = Connector()
                    post_save.connect(handler)
                    post_save.connect(self.on_any_save)
                    post_save.connect(vendor_hook)

                def on_any_save(self, sender, instance, **kwargs):
                    pass
        """,
    }
    code = """
        from shop.models import Tag

        Tag.objects.bulk_create([])
    """
    assert _lint(code, files) == []
    files["shop/apps.py"] = files["shop/apps.py"].replace("post_save.connect(vendor_hook)", "post_save.connect(audit)")
    files["shop/apps.py"] += """

            def audit(sender, instance, **kwargs):
                log_change(instance)
    """
    findings = _lint(code, files)
    assert len(findings) == 1 and "the post_save receiver audit (every model" in findings[0].message


def test_a_receiver_that_only_counts_or_logs_saves_is_no_hook():
    """A receiver of every model whose whole body increments a metric (a Prometheus counter labelled by the
    sender, a statsd counter) or logs counts saves: a bulk write changes no behaviour it has. One that also
    does something with the object (an audit row) is a hook of every model."""
    files = {
        "shop/models.py": DJANGO_MODELS,
        "shop/signals.py": """
            import logging

            from django.db.models.signals import post_save
            from django.dispatch import receiver
            from prometheus_client import Counter

            logger = logging.getLogger(__name__)
            model_save_count = Counter("django_model_save_total", "saves", ["model"])


            @receiver(post_save)
            def increment_model_save_count(sender, **kwargs):
                model_save_count.labels(model=sender.__name__).inc()
                logger.debug("saved a %s", sender.__name__)


            def count_saves(sender, instance, **kwargs):
                statsd.incr("saves")


            post_save.connect(count_saves)
        """,
    }
    code = """
        from shop.models import Tag

        Tag.objects.bulk_create([])
    """
    assert _lint(code, files) == []
    files["shop/signals.py"] = files["shop/signals.py"].replace(
        'statsd.incr("saves")', 'statsd.incr("saves")\n                AuditRow.objects.create(target=instance)')
    findings = _lint(code, files)
    assert len(findings) == 1 and "the post_save receiver count_saves (every model" in findings[0].message


SOFT_DELETE_MODELS = """
from django.db import models
from django.utils import timezone


class SoftDeleteModel(models.Model):
    deleted_at = models.DateTimeField(null=True)
    all_objects = models.Manager()

    class Meta:
        abstract = True

    def delete(self, using=None, soft=True, *args, **kwargs):
        if soft:
            self.deleted_at = timezone.now()
            self.save(using=using)
            cascade_soft_delete.delay(self.pk)
        else:
            return super().delete(using=using, *args, **kwargs)


class Workspace(SoftDeleteModel):
    slug = models.SlugField()

    def delete(self, using=None, soft=True, *args, **kwargs):
        result = super().delete(using=using, soft=soft, *args, **kwargs)
        if soft and self.deleted_at:
            self.slug = f"{self.slug}__{int(self.deleted_at.timestamp())}"
            self.save(update_fields=["slug"])
        return result


class Archive(SoftDeleteModel):
    def delete(self, using=None, soft=True, *args, **kwargs):
        release_storage(self)
        return super().delete(using=using, soft=soft, *args, **kwargs)


class Attachment(models.Model):
    upload = models.FileField()

    def delete(self, *args, keep_file=False, **kwargs):
        if not keep_file:
            self.upload.delete(save=False)
        return super().delete(*args, **kwargs)
"""


def test_a_bulk_delete_is_the_hard_path_a_soft_delete_override_leaves_to_its_parent():
    """``delete(soft=True)`` that marks the row by default and only calls the parent's delete() given
    ``soft=False``: a queryset delete() is that hard delete, and skips nothing of the override (nor of a
    subclass override whose own logic runs only for soft deletes). An override doing something on the
    hard path too, or a flag that only switches extra work off (``keep_file=False``), still counts."""
    findings = _lint("""
        from shop.models import Archive, Attachment, SoftDeleteModel, Workspace

        def purge(cutoff):
            Workspace.all_objects.filter(deleted_at__lt=cutoff).delete()
            Archive.all_objects.filter(deleted_at__lt=cutoff).delete()
            Attachment.objects.filter(pk__in=[1, 2]).delete()
    """, {"shop/models.py": SOFT_DELETE_MODELS})
    assert [f.line for f in findings] == [5, 6]
    assert "Archive.delete()" in findings[0].message and "Attachment.delete()" in findings[1].message


STAMPING_MODELS = """
from django.db import models


class BaseModel(models.Model):
    created_by = models.ForeignKey("auth.User", null=True, on_delete=models.SET_NULL, related_name="+")
    updated_by = models.ForeignKey("auth.User", null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        abstract = True

    def save(self, *args, created_by_id=None, **kwargs):
        if created_by_id:
            self.created_by_id = created_by_id
        else:
            user = get_current_user()
            if user is None:
                self.created_by = None
            elif self._state.adding:
                self.created_by = user
            else:
                self.updated_by = user
        super().save(*args, **kwargs)


class ProjectBaseModel(BaseModel):
    project = models.ForeignKey("Project", on_delete=models.CASCADE)
    workspace = models.ForeignKey("Workspace", on_delete=models.CASCADE)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.workspace = self.project.workspace
        super().save(*args, **kwargs)


class Label(ProjectBaseModel):
    name = models.CharField(max_length=50)
    sort_order = models.FloatField(default=65535)

    def save(self, *args, **kwargs):
        if self._state.adding:
            last = Label.objects.filter(project=self.project).aggregate(m=models.Max("sort_order"))["m"]
            if last is not None:
                self.sort_order = last + 10000
        super().save(*args, **kwargs)


class Member(ProjectBaseModel):
    role = models.IntegerField()
"""


def test_bulk_create_of_objects_given_every_attribute_the_save_chain_sets_loses_nothing():
    """save() overrides that only set attributes of the object (derived from its relations, stamped from
    the current user, computed from a query) give objects constructed with those attributes nothing; the
    next override up the chain still counts for what it sets and they lack."""
    findings = _lint("""
        from shop.models import Label, Member

        def copy(rows, project, user):
            Member.objects.bulk_create([Member(project=project, workspace_id=project.workspace_id, created_by=user,
                                               updated_by_id=user.id, role=row) for row in rows])
            Member.objects.bulk_create([Member(project=project, workspace=project.workspace, role=r) for r in rows])
            Member.objects.bulk_create([Member(project=project, created_by=user, updated_by=user, role=r) for r in rows])
            Label.objects.bulk_create([Label(project=project, workspace=project.workspace, created_by=user,
                                             updated_by=user, name=name, sort_order=i) for i, name in enumerate(rows)])
            Label.objects.bulk_create([Label(project=project, workspace=project.workspace, created_by=user,
                                             updated_by=user, name=name) for name in rows])
    """, {"shop/models.py": STAMPING_MODELS})
    assert [f.line for f in findings] == [6, 7, 10]
    assert "BaseModel.save()" in findings[0].message and "ProjectBaseModel" not in findings[0].message
    assert "ProjectBaseModel.save()" in findings[1].message
    assert "Label.save()" in findings[2].message


def test_a_receiver_storing_columns_derived_from_others_counts_only_for_writes_of_those_others():
    """A post_save receiver that recomputes derived columns from fields it names in expressions
    (``SearchVector("name__unaccent")``) and stores them with ``instance.save()`` does, after an update of
    other fields, what it did before; an update of a field it names, and new rows, still lose it. A
    receiver that saves another object still counts for every write."""
    files = {
        "shop/models.py": """
            from django.db import models


            class Recipe(models.Model):
                name = models.CharField(max_length=50)
                servings = models.IntegerField()
                name_search = models.TextField()


            class Step(models.Model):
                recipe = models.ForeignKey(Recipe, on_delete=models.CASCADE)
                minutes = models.IntegerField()
        """,
        "shop/signals.py": """
            from django.contrib.postgres.search import SearchVector
            from django.db.models.signals import post_save
            from django.dispatch import receiver
            from shop.models import Recipe, Step


            @receiver(post_save, sender=Recipe)
            def update_search(sender, instance=None, **kwargs):
                instance.name_search = SearchVector("name__unaccent", config="simple")
                try:
                    instance.skip_signal = True
                    instance.save()
                finally:
                    del instance.skip_signal


            @receiver(post_save, sender=Step)
            def touch_recipe(sender, instance=None, **kwargs):
                instance.total = instance.minutes * 2
                instance.recipe.save()
        """,
    }
    findings = _lint("""
        from shop.models import Recipe, Step

        def rescale(ids, rows):
            Recipe.objects.filter(id__in=ids).update(servings=4)
            Recipe.objects.filter(id__in=ids).update(name="x")
            Recipe.objects.bulk_create([Recipe(name=row) for row in rows])
            Step.objects.filter(recipe_id__in=ids).update(minutes=5)
    """, files)
    assert [f.line for f in findings] == [5, 6, 7]
    assert "touch_recipe" in findings[2].message


def test_a_receiver_of_another_module_taking_the_sender_in_its_keyword_arguments_is_read_there():
    """Django passes ``sender`` by keyword: ``def audit(instance, **kwargs)`` is a receiver too. Connected
    without a sender from another file, it is read where it is defined: unguarded, every model; guarded
    by ``isinstance``, the models it admits."""
    files = {
        "shop/models.py": DJANGO_MODELS,
        "shop/apps.py": """
            from django.apps import AppConfig
            from django.db.models.signals import post_save


            class ShopConfig(AppConfig):
                def ready(self):
                    from shop import handlers
                    post_save.connect(handlers.audit)
                    post_save.connect(handlers.reindex_products)
        """,
        "shop/handlers.py": """
            from shop.models import Product


            def audit(instance, **kwargs):
                log_change(instance)


            def reindex_products(instance, **kwargs):
                if not isinstance(instance, Product):
                    return
                search.index(instance)
        """,
    }
    findings = _lint("""
        from shop.models import Tag

        Tag.objects.bulk_create([])
    """, files)
    assert len(findings) == 1
    assert "handlers.audit (every model" in findings[0].message and "reindex_products" not in findings[0].message


def test_a_save_that_only_forgets_cached_properties_of_the_object_loses_nothing_for_an_update():
    """``self.__dict__.pop(key, None)`` for each cached property: state of the object in memory, which a
    queryset update never loads. A save() that also writes a related row still counts."""
    files = {"shop/models.py": """
        from django.db import models


        class CachedModel(models.Model):
            cached = ("total",)

            class Meta:
                abstract = True

            def save(self, *args, **kwargs):
                for key in self.cached:
                    self.__dict__.pop(key, None)
                super().save(*args, **kwargs)


        class Order(CachedModel):
            status = models.CharField(max_length=9)


        class Invoice(CachedModel):
            status = models.CharField(max_length=9)

            def save(self, *args, **kwargs):
                for key in self.cached:
                    self.__dict__.pop(key, None)
                super().save(*args, **kwargs)
                self.order.save()
    """}
    findings = _lint("""
        from shop.models import Invoice, Order

        def close(ids):
            Order.objects.filter(id__in=ids).update(status="closed")
            Invoice.objects.filter(id__in=ids).update(status="closed")
    """, files)
    assert [f.line for f in findings] == [5]


LIFECYCLE_MODELS = """
from django.db import models
from django_lifecycle import AFTER_CREATE, AFTER_UPDATE, BEFORE_CREATE, BEFORE_DELETE, LifecycleModel, hook


class Feature(LifecycleModel):
    name = models.CharField(max_length=50)
    enabled = models.BooleanField(default=False)
    note = models.TextField(blank=True)

    @hook(AFTER_CREATE)
    def create_default_states(self):
        FeatureState.objects.create(feature=self)

    @hook(AFTER_UPDATE, when="enabled", has_changed=True)
    def notify_toggle(self):
        send_webhook(self.pk, self.enabled)

    @hook("before_delete")
    def archive(self):
        Archive.objects.create(name=self.name)

    @hook(BEFORE_CREATE)
    def check_unique(self):
        self.validate_unique()
"""


def test_django_lifecycle_hooks_are_skipped_by_the_bulk_paths_that_skip_save_and_delete():
    """django-lifecycle runs ``@hook`` methods from the model's own save()/delete(): bulk_create skips
    the creation hooks, an update() of the watched field skips the update hook (of another field: it
    would not fire), a queryset delete() skips the delete hooks. A hook that only validates is not counted."""
    findings = _lint("""
        from shop.models import Feature

        def sync(names, ids):
            Feature.objects.bulk_create([Feature(name=n) for n in names])
            Feature.objects.filter(id__in=ids).update(enabled=True)
            Feature.objects.filter(id__in=ids).update(note="")
            Feature.objects.filter(id__in=ids).delete()
    """, {"shop/models.py": LIFECYCLE_MODELS})
    assert [f.line for f in findings] == [4, 5, 7]
    assert "the lifecycle @hook method Feature.create_default_states()" in findings[0].message
    assert "notify_toggle" in findings[1].message and "create_default_states" not in findings[1].message
    assert "check_unique" not in findings[0].message  # it only validates
    assert "Feature.archive()" in findings[2].message


def test_a_lifecycle_hook_whose_calls_the_function_makes_itself_is_not_skipped():
    """A ``@hook(AFTER_DELETE)`` method that only calls ``self.update_cache()`` (log lines aside) does nothing
    a queryset delete() misses when the function deleting calls ``cls.update_cache()`` itself."""
    models = """
        from django.db import models
        from django_lifecycle import AFTER_DELETE, LifecycleModel, hook


        class Setting(LifecycleModel):
            key = models.CharField(max_length=50)

            @classmethod
            def update_cache(cls):
                cache.set("settings", list(cls.objects.values()))

            @hook(AFTER_DELETE, on_commit=True)
            def _hook_delete_cache(self):
                self.update_cache()
                logger.debug("Settings cache updated - delete - %s", self.key)

            @classmethod
            def delete_all_versions(cls, key):
                result = cls.objects.filter(key=key).delete()
                cls.update_cache()
                return result

            @classmethod
            def forget(cls, key):
                return cls.objects.filter(key=key).delete()
    """
    findings = _lint(models, {}, path="shop/models.py")
    assert [f.line for f in findings] == [25]
    assert "Setting._hook_delete_cache()" in findings[0].message


def test_django_softdelete_querysets_delete_row_by_row():
    """django-softdelete's ``SoftDeleteObject``: its manager's ``QuerySet.delete()`` calls ``delete()`` on
    each row, so the model's own delete logic runs; a plain model's queryset delete skips it."""
    files = {"shop/models.py": """
        from django.db import models
        from softdelete.models import SoftDeleteObject


        class Org(SoftDeleteObject, models.Model):
            name = models.CharField(max_length=50)

            def delete(self, *args, **kwargs):
                notify_removed(self.pk)
                return super().delete(*args, **kwargs)


        class Team(models.Model):
            name = models.CharField(max_length=50)

            def delete(self, *args, **kwargs):
                notify_removed(self.pk)
                return super().delete(*args, **kwargs)
    """}
    findings = _lint("""
        from shop.models import Org, Team

        def purge(ids):
            Org.objects.filter(id__in=ids).delete()
            Team.objects.filter(id__in=ids).delete()
    """, files)
    assert [f.line for f in findings] == [5]


def test_a_lifecycle_hook_gated_by_a_class_attribute_the_model_leaves_unset_does_nothing_for_it():
    """The measure for overrides holds for django-lifecycle hooks: logic under ``if self.channel:`` does
    nothing for a model that leaves ``channel = None``, and still counts for one that sets it."""
    files = {"shop/models.py": """
        from django.db import models
        from django_lifecycle import AFTER_CREATE, LifecycleModel, hook


        class Announced(LifecycleModel):
            channel = None

            class Meta:
                abstract = True

            @hook(AFTER_CREATE)
            def announce(self):
                if self.channel:
                    post_message(self.channel, self.pk)


        class Quiet(Announced):
            name = models.CharField(max_length=50)


        class Loud(Announced):
            channel = "#releases"
            name = models.CharField(max_length=50)
    """}
    findings = _lint("""
        from shop.models import Loud, Quiet

        def seed(names):
            Quiet.objects.bulk_create([Quiet(name=n) for n in names])
            Loud.objects.bulk_create([Loud(name=n) for n in names])
    """, files)
    assert [f.line for f in findings] == [5]
    assert "Announced.announce()" in findings[0].message


def test_an_override_calling_a_base_method_by_name_passes_over_the_classes_between():
    """``models.Model.save(self)`` runs Django's own save(): the mixin's save() the override passes over
    never runs for the model, bulk or not; ``Mixin.save(self)`` runs the mixin's, which still counts."""
    files = {"shop/models.py": """
        from pathlib import Path
        from django.db import models


        class WithDir(models.Model):
            class Meta:
                abstract = True

            def save(self, *args, **kwargs):
                super().save(*args, **kwargs)
                notify_disk(self.pk)


        class Result(WithDir):
            status = models.CharField(max_length=10)

            def save(self, *args, **kwargs):
                # skip WithDir.save()
                models.Model.save(self, *args, **kwargs)


        class Other(WithDir):
            status = models.CharField(max_length=10)

            def save(self, *args, **kwargs):
                WithDir.save(self, *args, **kwargs)
    """}
    findings = _lint("""
        from shop.models import Other, Result

        def retry():
            Result.objects.filter(status="failed").update(status="queued")
            Other.objects.filter(status="failed").update(status="queued")
    """, files)
    assert [f.line for f in findings] == [5]
    assert "WithDir.save()" in findings[0].message


CRAWLS = """
    from pathlib import Path
    from django.db import models


    class WithDir(models.Model):
        class Meta:
            abstract = True

        def save(self, *args, **kwargs):
            super().save(*args, **kwargs)
            Path(self.output_dir).mkdir(parents=True, exist_ok=True)


    class Crawl(WithDir):
        status = models.CharField(max_length=10)
        urls = models.TextField()
        max_urls = models.IntegerField()
        config = models.JSONField()

        def save(self, *args, **kwargs):
            config = dict(self.config or {})
            if self.max_urls > 0:
                config["MAX_URLS"] = self.max_urls
            else:
                config.pop("MAX_URLS", None)
            if config != (self.config or {}):
                self.config = config
                update_fields = kwargs.get("update_fields")
                if update_fields is not None:
                    kwargs["update_fields"] = tuple(dict.fromkeys([*update_fields, "config"]))
            super().save(*args, **kwargs)

        @property
        def output_dir(self):
            first = self.urls.splitlines()[0] if self.urls else "unknown"
            return Path("/data") / first / str(self.id)
"""


def test_a_save_filling_local_containers_and_ensuring_a_directory_loses_nothing_for_fields_it_does_not_read():
    """Crawl.save() derives ``config`` from ``max_urls`` (filling a local dict and the update_fields it hands
    on); its parent only makes sure the output directory exists, a path the ``output_dir`` property derives
    from ``urls``: an update of ``status`` loses nothing, one of ``urls`` skips the directory for the new
    path, one of ``max_urls`` the config sync."""
    findings = _lint("""
        from shop.models import Crawl

        def requeue():
            Crawl.objects.filter(status="failed").update(status="queued")
            Crawl.objects.filter(status="failed").update(urls="https://example.com")
            Crawl.objects.filter(status="failed").update(max_urls=3)
    """, {"shop/models.py": CRAWLS})
    assert [(f.line, "WithDir.save()" in f.message) for f in findings] == [(5, True), (6, False)]
    assert "Crawl.save()" in findings[1].message


def test_a_directory_made_without_exist_ok_or_through_an_unknown_property_still_counts():
    """``mkdir()`` without ``exist_ok=True`` fails or acts anew; a property calling the object's methods
    may read any field."""
    files = {"shop/models.py": """
        from pathlib import Path
        from django.db import models


        class Crawl(models.Model):
            status = models.CharField(max_length=10)

            def save(self, *args, **kwargs):
                super().save(*args, **kwargs)
                Path(self.output_dir).mkdir(exist_ok=True)

            @property
            def output_dir(self):
                return self.storage_path()


        class Snapshot(models.Model):
            status = models.CharField(max_length=10)

            def save(self, *args, **kwargs):
                super().save(*args, **kwargs)
                Path(str(self.pk)).mkdir()
    """}
    findings = _lint("""
        from shop.models import Crawl, Snapshot

        def requeue():
            Crawl.objects.filter(status="failed").update(status="queued")
            Snapshot.objects.filter(status="failed").update(status="queued")
    """, files)
    assert [f.line for f in findings] == [4, 5]


STAMPED = """
    from django.db import models
    from django.utils.timezone import now


    class Stamped(models.Model):
        created = models.DateTimeField()
        modified = models.DateTimeField()

        class Meta:
            abstract = True

        def save(self, *args, **kwargs):
            update_fields = list(kwargs.get("update_fields", []))
            if not self.pk and not self.created:
                self.created = now()
                if "created" not in update_fields:
                    update_fields.append("created")
            if "modified" not in update_fields or not self.modified:
                self.modified = now()
                update_fields.append("modified")
            super(Stamped, self).save(*args, **kwargs)


    class Summary(Stamped):
        host_name = models.CharField(max_length=10)
        failed = models.BooleanField()
        dark = models.IntegerField()

        def save(self, *args, **kwargs):
            if self.host is not None:
                self.host_name = self.host.name
            update_fields = kwargs.get("update_fields", [])
            self.failed = bool(self.dark)
            update_fields.append("failed")
            super(Summary, self).save(*args, **kwargs)
"""


def test_objects_given_every_attribute_save_sets_after_construction_lose_nothing():
    """The caller sets what both save() overrides set (handing on update_fields they fill): in the
    constructor or by assignments right after it, for objects stored in a dict or appended by name; an
    assignment under a condition, or a constructor missing ``created``/``modified``, leaves some unset."""
    findings = _lint("""
        from django.utils.timezone import now
        from shop.models import Summary

        def record(hosts, stats):
            summaries = dict()
            for host in hosts:
                summary = Summary(created=now(), modified=now(), host_name=host, **stats)
                summary.failed = bool(summary.dark)
                summaries[host] = summary
            Summary.objects.bulk_create(summaries.values())

        def record_sometimes(hosts, stats):
            summaries = {}
            for host in hosts:
                summary = Summary(created=now(), modified=now(), host_name=host, **stats)
                if host:
                    summary.failed = bool(summary.dark)
                summaries[host] = summary
            Summary.objects.bulk_create(summaries.values())

        def nodes(hosts):
            objs = []
            for host in hosts:
                node = Summary(created=now(), modified=now(), host_name=host, failed=False)
                objs.append(node)
            Summary.objects.bulk_create(objs)

        def nodes_unstamped(hosts):
            objs = []
            for host in hosts:
                node = Summary(host_name=host, failed=False)
                objs.append(node)
            Summary.objects.bulk_create(objs)
    """, {"shop/models.py": STAMPED})
    assert [(f.line, f.message.split(" skips ")[1].split(" (")[0]) for f in findings] == [
        (19, "Summary.save()"), (33, "Stamped.save()")]


def test_a_receiver_returning_at_once_for_objects_without_an_attribute_skips_models_that_lack_it():
    """``if not hasattr(instance, "to_objectchange"): return`` (after a constant local): the receiver acts
    on models whose classes define it, not on a plain model; a model with a base outside the project may
    have it."""
    files = {
        "shop/models.py": """
            from django.db import models
            from library.models import Tracked


            class Logged(models.Model):
                class Meta:
                    abstract = True

                def to_objectchange(self, action):
                    return action


            class Source(Logged):
                name = models.CharField(max_length=10)


            class File(models.Model):
                name = models.CharField(max_length=10)


            class Mirror(Tracked, models.Model):
                name = models.CharField(max_length=10)
        """,
        "shop/signals.py": """
            from django.db.models.signals import post_save
            from django.dispatch import receiver


            @receiver(post_save)
            def handle_changed_object(sender, instance, **kwargs):
                changed = False
                if not hasattr(instance, "to_objectchange"):
                    return
                record(instance.to_objectchange("update"), changed)
        """,
    }
    findings = _lint("""
        from shop.models import File, Mirror, Source

        def rename():
            Source.objects.filter(name="a").update(name="b")
            File.objects.filter(name="a").update(name="b")
            Mirror.objects.filter(name="a").update(name="b")
    """, files)
    assert [f.line for f in findings] == [4, 6]


def test_a_receiver_returning_at_once_for_objects_without_a_mark_a_model_constant_names_skips_nothing():
    """``if not hasattr(instance, Message.SAVE_LABELS_ATTR): return`` (after a local import), the constant
    holding ``"__data__labels"``: a mark the code sets on objects it builds, which rows an update writes do
    not carry. A constant naming a field of the model (``Note.TRACKED = "title"``) admits every row."""
    files = {
        "shop/models.py": """
            from django.db import models


            class Message(models.Model):
                SAVE_LABELS_ATTR = "__data__labels"
                text = models.CharField(max_length=10)

                def __init__(self, *args, **kwargs):
                    if self.SAVE_LABELS_ATTR in kwargs:
                        setattr(self, self.SAVE_LABELS_ATTR, kwargs.pop(self.SAVE_LABELS_ATTR))
                    super().__init__(*args, **kwargs)


            class Note(models.Model):
                TRACKED = "title"
                title = models.CharField(max_length=10)
        """,
        "shop/signals.py": """
            from django.db.models.signals import post_save
            from django.dispatch import receiver

            from .models import Message, Note


            @receiver(post_save, sender=Message)
            def update_message_labels(sender, instance, created, **kwargs):
                from shop.labels import apply

                if not hasattr(instance, Message.SAVE_LABELS_ATTR):
                    return
                apply(instance, getattr(instance, Message.SAVE_LABELS_ATTR))


            @receiver(post_save, sender=Note)
            def index_note(sender, instance, **kwargs):
                if not hasattr(instance, Note.TRACKED):
                    return
                reindex(instance)
        """,
    }
    findings = _lint("""
        from shop.models import Message, Note

        def archive(ids):
            Message.objects.filter(pk__in=ids).update(text="")
            Note.objects.filter(pk__in=ids).update(title="")
    """, files)
    assert [f.line for f in findings] == [5]
    assert "index_note" in findings[0].message


def test_a_bypass_comment_above_an_import_paragraph_still_heads_the_write():
    """``# Use queryset update to avoid triggering save() hooks`` over a local import, then a blank line and the
    write: imports alone do nothing, so the comment is about the write; a blank line after real code ends it."""
    files = {"shop/models.py": DJANGO_MODELS}
    assert _lines("""
        def attach(product, crawl):
            # Use queryset update to avoid triggering save() hooks
            from shop.models import Product

            Product.objects.filter(pk=product.pk).update(name=crawl)

        def attach_later(product, crawl):
            # Use queryset update to avoid triggering save() hooks
            from shop.models import Product
            product.refresh_from_db()

            Product.objects.filter(pk=product.pk).update(name=crawl)
    """, files) == [12]


def test_a_receiver_a_test_case_connects_again_is_no_hook_of_the_project():
    """``tearDown`` reconnecting what ``setUp`` disconnected, or a fixture connecting a receiver, lasts for
    the tests' run: the project's own registration (here created-only) decides what an update skips."""
    files = {"votes/models.py": """
        from django.db import models
        from django.db.models.signals import post_save

        class Vote(models.Model):
            value = models.IntegerField()

        def send_vote_update(**kwargs):
            from votes.tasks import recount
            if kwargs.get("created"):
                recount.delay(kwargs.get("instance").pk)

        post_save.connect(send_vote_update, sender=Vote)
    """, "votes/tests/test_votes.py": """
        import pytest
        from django.db.models.signals import post_save
        from django.test import TestCase
        from votes.models import Vote, send_vote_update
        from votes.search import reindex

        class VoteTestCase(TestCase):
            def setUp(self):
                post_save.disconnect(send_vote_update, sender=Vote)

            def tearDown(self):
                post_save.connect(send_vote_update, sender=Vote)

        @pytest.fixture
        def indexed():
            post_save.connect(reindex, sender=Vote)
    """, "votes/search.py": """
        def reindex(sender, instance, **kwargs):
            print(instance.value)
    """}
    findings = lint_source("""
        from votes.models import Vote

        def reset(ids):
            Vote.objects.filter(id__in=ids).update(value=0)
    """, BulkSkipsHooks, path="votes/services.py", files=files)
    assert findings == []
    files["votes/apps.py"] = """
        from django.db.models.signals import post_save
        from votes.models import Vote
        from votes.search import reindex

        post_save.connect(reindex, sender=Vote)
    """
    findings = lint_source("""
        from votes.models import Vote

        def reset(ids):
            Vote.objects.filter(id__in=ids).update(value=0)
    """, BulkSkipsHooks, path="votes/services.py", files=files)
    assert len(findings) == 1 and "reindex" in findings[0].message


def test_an_update_moving_foreign_keys_off_the_object_it_filtered_by_is_what_on_delete_does():
    """``filter(creator=user).update(creator=bot)`` (or ``=None``, or by ``creator__in``/``creator_id``)
    re-points references as Django's ``on_delete=SET(...)``/``SET_NULL`` does, without save() or signals;
    setting anything else too, or a key the filter did not pick by, is still reported."""
    files = {"wiki/models.py": """
        from django.conf import settings
        from django.db import models
        from django.utils import timezone

        class Revision(models.Model):
            creator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
            reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                         related_name="+")
            based_on = models.ForeignKey("self", null=True, on_delete=models.SET_NULL)
            comment = models.CharField(max_length=80)
            updated = models.DateTimeField()

            def save(self, *args, **kwargs):
                self.updated = timezone.now()
                notify_watchers(self)
                super().save(*args, **kwargs)
    """}
    findings = lint_source("""
        from wiki.models import Revision

        def on_user_deletion(user, bot, doomed):
            Revision.objects.filter(creator=user, comment="").update(creator=bot)
            Revision.objects.filter(reviewer_id=user.id).update(reviewer=None)
            Revision.objects.filter(based_on__in=doomed).update(based_on=None)
            Revision.objects.filter(creator=user).update(creator=bot, comment="moved")
            Revision.objects.filter(comment="").update(reviewer=bot)
    """, BulkSkipsHooks, path="wiki/handlers.py", files=files)
    assert [f.line for f in findings] == [7, 8]


def test_a_save_forgetting_an_in_memory_cache_and_a_receiver_acting_only_on_creation_skip_nothing_for_updates():
    """``if hasattr(self, "_template_cache"): delattr(self, "_template_cache")`` forgets what one object keeps
    in memory (an updated row was never loaded); ``if created and instance.page.urls:`` runs only for new rows.
    Neither matters for an update of existing rows; a receiver acting on any save still does."""
    files = {"cms/models.py": """
        from django.db import models
        from django.db.models.signals import post_save
        from django.dispatch import receiver

        class PageContent(models.Model):
            title = models.CharField(max_length=80)
            in_navigation = models.BooleanField(default=False)

            def save(self, **kwargs):
                if hasattr(self, "_template_cache"):
                    delattr(self, "_template_cache")
                super().save(**kwargs)

        @receiver(post_save, sender=PageContent)
        def reload_urls(sender, instance, created, **kwargs):
            \"\"\"New language variants need their URLs.\"\"\"
            if created and instance.title:
                reload_url_conf()
    """}
    code = """
        from cms.models import PageContent

        def hide(ids):
            PageContent.objects.filter(id__in=ids).update(in_navigation=False)
    """
    assert lint_source(code, BulkSkipsHooks, path="cms/services.py", files=files) == []
    files["cms/models.py"] = files["cms/models.py"].replace("if created and instance.title:", "if instance.title:")
    (finding,) = lint_source(code, BulkSkipsHooks, path="cms/services.py", files=files)
    assert "reload_urls" in finding.message and "PageContent.save()" not in finding.message


def test_a_save_touching_only_what_the_object_keeps_in_memory_skips_nothing_whatever_an_update_sets():
    """``update(**data)`` names no field, but a save() that only forgets an in-memory cache
    (``delattr(self, "_template_cache")``) touches no stored field: nothing is skipped. One that also
    reads a field, or a private-named field, still counts."""
    files = {"cms/models.py": """
        from django.db import models

        class PageContent(models.Model):
            title = models.CharField(max_length=80)
            _order = models.IntegerField(default=0)

            def save(self, **kwargs):
                if hasattr(self, "_template_cache"):
                    delattr(self, "_template_cache")
                super().save(**kwargs)

        class Slugged(models.Model):
            title = models.CharField(max_length=80)
            _order = models.IntegerField(default=0)

            def save(self, **kwargs):
                self._order = len(self.title)
                super().save(**kwargs)
    """}
    findings = lint_source("""
        from cms.models import PageContent, Slugged

        def change(ids, data):
            PageContent.objects.filter(id__in=ids).update(**data)
            Slugged.objects.filter(id__in=ids).update(**data)
    """, BulkSkipsHooks, path="cms/services.py", files=files)
    assert [f.line for f in findings] == [5] and "Slugged.save()" in findings[0].message


PREVIEW_MODELS = """
from django.db import models


class Post(models.Model):
    text = models.TextField()
    preview = models.TextField(default="")
    rendered = models.TextField(default="")

    def render(self):
        Post.objects.filter(id=self.id).update(rendered=self.text.upper())
"""
PREVIEW_SIGNALS = """
from django.db.models.signals import post_save
from django.dispatch import receiver
from shop.models import Post
from shop.previews import fetch_preview


@receiver(post_save, sender=Post)
def post_saved(sender, instance, **kwargs):
    refresh(instance)
    render_post(instance)


def refresh(post):
    fetch_preview(post)


def render_post(post):
    post.render()
"""


def test_a_write_in_a_function_the_models_own_hook_calls_is_the_hooks_bypass():
    """A ``post_save`` receiver calls, a few calls down, a function that stores a preview with ``update()``,
    and calls the object's ``render()`` that stores its rendering the same way: saving there would run the
    receiver again, which calls them again. The same writes in a function no hook reaches are reported."""
    previews = """
        from shop.models import Post

        def fetch_preview(post):
            Post.objects.filter(id=post.id).update(preview=post.text[:10])

        def backfill_previews():
            for post in Post.objects.filter(preview=""):
                Post.objects.filter(id=post.id).update(preview=post.text[:10])
    """
    files = {"shop/models.py": PREVIEW_MODELS, "shop/signals.py": PREVIEW_SIGNALS}
    assert _lines(previews, files, path="shop/previews.py") == [8]
    assert _lines(PREVIEW_MODELS, {"shop/signals.py": PREVIEW_SIGNALS, "shop/previews.py": previews},
                  path="shop/models.py") == []
    unreached = PREVIEW_SIGNALS.replace("    refresh(instance)\n    render_post(instance)\n",
                                        "    audit_log.append((instance.text, instance.preview))\n")
    assert _lines(previews, {"shop/models.py": PREVIEW_MODELS, "shop/signals.py": unreached},
                  path="shop/previews.py") == [4, 8]
    assert _lines(PREVIEW_MODELS, {"shop/signals.py": unreached, "shop/previews.py": previews},
                  path="shop/models.py") == [10]


def test_a_receiver_calling_a_derived_field_method_of_its_object_touches_what_the_method_does():
    """``pre_save`` receiver ``instance.clean()`` where ``Domain.clean`` only lower-cases ``name``: an update of
    other fields skips nothing; one of ``name`` does. A method that does more (calls out) keeps every write
    reported, and a bulk_create still skips the normalisation."""
    files = {
        "shop/models.py": """
            from django.db import models

            class Domain(models.Model):
                name = models.CharField(max_length=100)
                reset_dns = models.BooleanField(default=False)

                def clean(self, *args, **kwargs):
                    self.name = self.name.lower().replace(" ", "")
                    super().clean(*args, **kwargs)

            class Server(models.Model):
                name = models.CharField(max_length=100)
                active = models.BooleanField(default=True)

                def clean(self):
                    self.name = self.name.lower()
                    notify(self.name)
        """,
        "shop/signals.py": """
            from django.db.models.signals import pre_save
            from django.dispatch import receiver
            from shop.models import Domain, Server

            @receiver(pre_save, sender=Domain)
            def clean_domain(sender, instance, **kwargs):
                instance.clean()

            @receiver(pre_save, sender=Server)
            def clean_server(sender, instance, **kwargs):
                instance.clean()
        """,
    }
    code = """
        from shop.models import Domain, Server

        def run(domains, servers):
            Domain.objects.filter(name="x").update(reset_dns=True)
            Domain.objects.filter(reset_dns=True).update(name="y")
            Server.objects.filter(name="x").update(active=False)
            Domain.objects.bulk_create(domains)
    """
    assert _lines(code, files) == [5, 6, 7]


def test_a_save_calling_a_derived_field_method_of_a_base_in_another_module_touches_what_it_does():
    """``Page.save()`` derives ``slug`` and calls ``self.normalise()``, defined by a base class of another
    module that only strips ``title``: an update of ``position`` skips nothing; one of ``title`` does; a base
    method that does more (hands ``self`` on) keeps every write reported."""
    files = {
        "core/models.py": """
            from django.db import models

            class Titled(models.Model):
                title = models.CharField(max_length=100)

                class Meta:
                    abstract = True

                def normalise(self):
                    self.title = self.title.strip()

                def publish(self):
                    self.title = self.title.strip()
                    notify(self)
        """,
        "pages/models.py": """
            from django.db import models
            from core.models import Titled

            class Page(Titled):
                position = models.IntegerField(default=0)
                slug = models.CharField(max_length=100)

                def save(self, *args, **kwargs):
                    self.normalise()
                    self.slug = self.title.lower()
                    super().save(*args, **kwargs)

            class Post(Titled):
                position = models.IntegerField(default=0)

                def save(self, *args, **kwargs):
                    self.publish()
                    super().save(*args, **kwargs)
        """,
    }
    code = """
        from pages.models import Page, Post

        def run():
            Page.objects.filter(position=1).update(position=2)
            Page.objects.filter(position=1).update(title="x")
            Post.objects.filter(position=1).update(position=2)
    """
    assert _lines(code, files) == [5, 6]


def test_a_queryset_delete_of_an_annotated_manager_built_from_the_querysets_class_is_the_projects():
    """open-forms: ``objects: ClassVar[M] = M.from_queryset(QS)()`` where ``QS`` inherits a mixin whose
    ``delete()`` removes the files: a queryset ``delete()`` runs it, so nothing is skipped."""
    files = {
        "shop/files.py": """
            class DeleteFilesQuerySetMixin:
                def delete(self):
                    for row in self:
                        row.content.delete(save=False)
                    return super().delete()
        """,
        "shop/models.py": """
            from typing import ClassVar
            from django.db import models
            from shop.files import DeleteFilesQuerySetMixin

            class AttachmentQuerySet(DeleteFilesQuerySetMixin, models.QuerySet):
                pass

            class AttachmentManager(models.Manager):
                pass

            class Attachment(models.Model):
                content = models.FileField()
                objects: ClassVar[AttachmentManager] = AttachmentManager.from_queryset(AttachmentQuerySet)()

                def delete(self, *args, **kwargs):
                    self.content.delete(save=False)
                    return super().delete(*args, **kwargs)
        """,
    }
    assert _lines("""
        from shop.models import Attachment

        def purge(ids):
            Attachment.objects.filter(pk__in=ids).delete()
    """, files) == []
    plain = {**files, "shop/models.py": files["shop/models.py"].replace(
        "objects: ClassVar[AttachmentManager] = AttachmentManager.from_queryset(AttachmentQuerySet)()",
        "objects = models.Manager()")}
    assert _lines("""
        from shop.models import Attachment

        def purge(ids):
            Attachment.objects.filter(pk__in=ids).delete()
    """, plain) == [4]


def test_djangos_async_bulk_methods_skip_the_hooks_like_their_twins():
    """``abulk_create``, ``abulk_update``, ``aupdate``, ``adelete`` (Django 4.1+) run the same bulk paths."""
    files = {"media/models.py": """
        from django.db import models


        class Clip(models.Model):
            title = models.CharField(max_length=100)

            def save(self, *args, **kwargs):
                self.title = self.title.strip()
                super().save(*args, **kwargs)

            def delete(self, *args, **kwargs):
                remove_file(self)
                super().delete(*args, **kwargs)
    """}
    findings = _lint("""
        from media.models import Clip

        async def sync(clips, ids):
            await Clip.objects.abulk_create(clips)
            await Clip.objects.abulk_update(clips, ["title"])
            await Clip.objects.filter(pk__in=ids).aupdate(title="x")
            await Clip.objects.filter(pk__in=ids).adelete()
            await Clip.objects.filter(pk__in=ids).acount()
    """, files, path="media/services.py")
    assert [f.line for f in findings] == [4, 5, 6, 7]
    assert "abulk_create() skips Clip.save()" in findings[0].message
    assert "adelete() skips Clip.delete()" in findings[3].message


def test_a_bulk_write_on_self_in_a_managers_method_is_on_the_model_it_manages():
    """``self.bulk_create(...)`` in ``CityManager.import_rows()``, ``self.filter(...).update(name=...)`` in a QuerySet
    method, where ``City.objects`` runs those classes: City's bulk writes. Not in the class's own bulk method
    (a soft delete's ``delete()`` running ``self.update(...)``), nor for a class no model's manager runs."""
    files = {"geo/models.py": """
        from django.db import models


        class CityQuerySet(models.QuerySet):
            def rename(self, old, new):
                return self.filter(name=old).update(name=new)

            def delete(self):
                return self.update(removed=True)


        class CityManager(models.Manager):
            def import_rows(self, rows):
                return self.bulk_create([self.model(name=r["name"]) for r in rows], batch_size=1000)


        class LooseManager(models.Manager):
            def import_rows(self, rows):
                return self.bulk_create(rows)


        class City(models.Model):
            name = models.CharField(max_length=100)
            country = models.CharField(max_length=2)
            removed = models.BooleanField(default=False)
            search_name = models.CharField(max_length=100)

            objects = CityManager()
            places = CityQuerySet.as_manager()

            def save(self, *args, **kwargs):
                self.search_name = self.name.casefold()
                super().save(*args, **kwargs)
    """}
    findings = lint_source(files["geo/models.py"], BulkSkipsHooks, path="geo/models.py", files=files)
    assert [f.line for f in findings] == [6, 14]
    assert all("City.save()" in f.message for f in findings)


def test_a_counter_moved_by_the_database_is_the_atomic_update_not_a_bypass():
    """``update(views=F("views") + 1)`` is the race-free increment ORM304 advises: a save() per row would read,
    add and write back, losing concurrent increments. A write of other values, or of a value computed from
    another column, still skips the hooks."""
    files = {"forum/models.py": """
        from django.db import models


        class Post(models.Model):
            title = models.CharField(max_length=100)
            views = models.IntegerField(default=0)
            score = models.IntegerField(default=0)

            def save(self, *args, **kwargs):
                notify_subscribers(self)
                super().save(*args, **kwargs)
    """}
    findings = _lint("""
        from django.db.models import F
        from forum.models import Post

        def seen(pk, votes):
            Post.objects.filter(pk=pk).update(views=F("views") + 1)
            Post.objects.filter(pk=pk).update(views=F("views") + 1, score=F("score") + votes)
            Post.objects.filter(pk=pk).update(score=F("views") * 2)
            Post.objects.filter(pk=pk).update(views=F("views") + 1, title="x")
    """, files, path="forum/views.py")
    assert [f.line for f in findings] == [7, 8]


def test_a_save_that_only_fills_missing_values_with_or_is_for_new_rows():
    """``self.uid = self.uid or new_uid()`` is ``if not self.uid: self.uid = new_uid()``: an update of existing
    rows loses nothing of it; a bulk_create of rows built without uid does."""
    files = {"accounts/models.py": """
        from django.db import models


        class Profile(models.Model):
            uid = models.CharField(max_length=8)
            name = models.CharField(max_length=50)
            score = models.IntegerField(default=0)

            def save(self, *args, **kwargs):
                self.uid = self.uid or new_uid()
                self.name = self.name or self.uid or "anonymous"
                super().save(*args, **kwargs)
    """}
    findings = _lint("""
        from accounts.models import Profile

        def bump(pk, rows):
            Profile.objects.filter(pk=pk).update(score=10)
            Profile.objects.bulk_create([Profile(name=r) for r in rows])
    """, files, path="accounts/views.py")
    assert [f.line for f in findings] == [5]


def _lines_of_an_update(app: str, model: str, models: str) -> list[int]:
    """The lines reported for ``<model>.objects.filter(pk__in=ids).update(status=2)`` in ``<app>/services.py``."""
    code = f"""
from {app}.models import {model}

def finish(ids):
    {model}.objects.filter(pk__in=ids).update(status=2)
"""
    return _lines(code, {f"{app}/models.py": models}, f"{app}/services.py")


def test_receiver_for_new_rows_and_rows_still_lacking_what_it_fills():
    """``if created or not instance.anon_id:`` filling ``instance.anon_id``: existing rows got it when they were
    created, so an update of existing rows skips nothing; the same test around other work still counts."""
    models = """
from django.db import models
from django.db.models.signals import post_save


class Enrollment(models.Model):
    anon_id = models.CharField(max_length=16, blank=True)
    status = models.IntegerField(default=0)


def create_anon_id(sender, instance, created, **kwargs):
    if created or not instance.anon_id:
        def new_code():
            return choice(COLOURS) + " " + choice(ANIMALS)

        code = new_code()
        while Enrollment.objects.filter(anon_id=code).exists():
            code = new_code()
        instance.anon_id = code
        instance.save(update_fields=["anon_id"])


post_save.connect(create_anon_id, sender=Enrollment)
"""
    notifying = models.replace("instance.anon_id = code", "notify_staff(instance, code)")
    assert _lines_of_an_update("school", "Enrollment", models) == []
    assert _lines_of_an_update("school", "Enrollment", notifying) == [4]


def test_save_whose_logic_runs_under_a_local_bound_to_adding():
    """``adding = self._state.adding`` then ``if adding: ...`` after the parent's save(): logic for new rows
    only, which an update of existing rows does not skip; an unguarded block still counts."""
    models = """
from django.db import models


class Upload(models.Model):
    status = models.IntegerField(default=0)
    public = models.BooleanField(default=False)

    def save(self, *args, **kwargs):
        adding = self._state.adding
        super().save(*args, **kwargs)
        if adding:
            assign_perm("view_upload", self.creator, self)
"""
    unguarded = models.replace("        if adding:\n            assign_perm", "        if self.public:\n            assign_perm")
    assert _lines_of_an_update("media", "Upload", models) == []
    assert _lines_of_an_update("media", "Upload", unguarded) == [4]


def test_bulk_write_in_the_task_the_models_save_schedules_in_a_source_directory():
    """``Evaluation.save()`` schedules ``calculate_ranks`` (``.signature(...).apply_async`` or ``.delay()``), which
    stores the ranks with ``bulk_update()``: saving there instead would schedule it again. The project lives
    under ``app/`` and imports itself as ``grandchallenge``: the call graph follows it all the same."""
    models = """
from django.db import models
from django.db.transaction import on_commit

from grandchallenge.evaluation.tasks import calculate_ranks


class Evaluation(models.Model):
    rank = models.IntegerField(default=0)

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        on_commit(calculate_ranks.signature(kwargs={"phase_pk": self.pk}).apply_async)
"""
    tasks = """
from celery import shared_task
from grandchallenge.evaluation.models import Evaluation


@shared_task
def calculate_ranks(*, phase_pk):
    evaluations = list(Evaluation.objects.filter(phase_id=phase_pk))
    for rank, evaluation in enumerate(evaluations):
        evaluation.rank = rank
    Evaluation.objects.bulk_update(evaluations, ["rank"])
"""
    files = {"app/grandchallenge/__init__.py": "", "app/grandchallenge/evaluation/__init__.py": "",
             "app/grandchallenge/evaluation/models.py": models}
    path = "app/grandchallenge/evaluation/tasks.py"
    assert _lines(tasks, files, path) == []
    delayed = models.replace('calculate_ranks.signature(kwargs={"phase_pk": self.pk}).apply_async',
                             "calculate_ranks.delay")
    assert _lines(tasks, {**files, "app/grandchallenge/evaluation/models.py": delayed}, path) == []
    unrelated = models.replace('on_commit(calculate_ranks.signature(kwargs={"phase_pk": self.pk}).apply_async)',
                               "notify(self)")
    assert _lines(tasks, {**files, "app/grandchallenge/evaluation/models.py": unrelated}, path) == [10]


def test_receiver_acting_only_when_another_field_changed():
    """``if not created and is_model_field_changed(instance, field_name):`` with ``field_name = "end_date"``, or
    ``instance.tracker.has_changed("end_date")``: an update that writes another field skips nothing there; one
    that writes ``end_date`` does, and so does a receiver that also acts outside such a test."""
    models = """
from django.db import models
from django.db.models.signals import post_save
from django.dispatch import receiver


class Challenge(models.Model):
    status = models.IntegerField(default=0)
    end_date = models.DateTimeField(null=True)


@receiver(post_save, sender=Challenge)
def reschedule(sender, instance, created, **kwargs):
    field_name = "end_date"
    import challenges.scheduling as scheduling

    if not created and is_model_field_changed(instance, field_name):
        scheduling.reschedule.delay(instance.pk)


@receiver(post_save, sender=Challenge)
def close(sender, instance, created, **kwargs):
    if created:
        return
    if instance.tracker.has_changed("end_date"):
        scheduling.close_later(instance.pk)
"""
    assert _lines_of_an_update("challenges", "Challenge", models) == []
    writes_end_date = _lines(
        "from challenges.models import Challenge\n\ndef extend(ids, when):\n"
        "    Challenge.objects.filter(pk__in=ids).update(end_date=when)\n",
        {"challenges/models.py": models}, "challenges/services.py")
    assert writes_end_date == [4]
    also_always = models.replace("        scheduling.reschedule.delay(instance.pk)\n",
                                 "        scheduling.reschedule.delay(instance.pk)\n    audit(instance)\n")
    assert _lines_of_an_update("challenges", "Challenge", also_always) == [4]


def test_a_pre_save_receiver_comparing_a_field_with_the_stored_row_acts_on_that_change_only():
    """After guards that only return (fixtures, a setting of a related row) and a block for new rows only, a
    receiver acting when ``instance.effort != Report.objects.get(id=instance.id).effort`` skips nothing for an
    update of another field; one writing ``effort`` skips it."""
    models = """
from django.db import models
from django.db.models.signals import pre_save
from django.dispatch import receiver


class Report(models.Model):
    effort = models.IntegerField(default=0)
    billed = models.BooleanField(default=False)


@receiver(pre_save, sender=Report)
def update_effort(sender, instance, **kwargs):
    if kwargs.get("raw", False):
        return
    if instance.task.project.tracking is not True:
        return
    if not instance.pk:
        recompute(instance)
        return
    if instance.effort != Report.objects.get(id=instance.id).effort:
        recompute(instance)
"""
    assert _lines_of_an_update("tracking", "Report", models) == []
    writes_effort = _lines(
        "from tracking.models import Report\n\ndef reset(ids):\n"
        "    Report.objects.filter(pk__in=ids).update(effort=0)\n",
        {"tracking/models.py": models}, "tracking/services.py")
    assert writes_effort == [4]
    always = models + "    audit(instance)\n"  # acts on every save too
    assert _lines_of_an_update("tracking", "Report", always) == [4]


def test_a_models_own_method_updating_its_row_is_no_hook_for_the_advice():
    """``normalize_owner()`` updating its own row by ``pk`` only sets fields of the object (the index describes such
    methods for the hooks' conditions); a bulk write in it is advised as any other, not as one inside a hook."""
    files = {"mem/models.py": DJANGO_MODELS + """

class Scope(models.Model):
    pass


class Memory(models.Model):
    owner = models.CharField(max_length=10)

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        Scope.objects.create_for(self)

    def normalize_owner(self):
        Memory.objects.filter(pk=self.pk).update(owner="")
        self.owner = ""
"""}
    found = _lint(files["mem/models.py"], files, path="mem/models.py")
    assert len(found) == 1 and "call save() per object" in found[0].message


def test_a_literal_and_a_constants_name_are_not_compared():
    """``self.status == "done"`` asked of an update setting ``status=Job.CANCELLED``: whether the constant holds
    ``"done"`` is not written here, so the update may reach the logic; one setting ``"cancelled"`` does not."""
    files = {"shop/models.py": DJANGO_MODELS + """

class Job(models.Model):
    CANCELLED = "done"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        if self.has_changed("status") and self.status == "done":
            on_commit(record_duration)
"""}
    found = _lint("""
        from shop.models import Job

        def run(ids):
            Job.objects.filter(pk__in=ids).update(status=Job.CANCELLED)
            Job.objects.filter(pk__in=ids).update(status="cancelled")
    """, files)
    assert [f.line for f in found] == [4]


def test_a_save_refusing_values_is_skipped_only_by_writes_that_may_set_them():
    """A save() that only refuses values (``if self.is_active and not self._loaded["is_active"]: raise``, for
    existing rows under ``if not self._state.adding:``; a limit counted for new rows) does nothing a write
    of existing rows skips unless the write sets what a refusal reads to a value it may refuse: not
    ``is_active=False`` nor ``name="x"``, but ``is_active=True``, an unknown value, or ``quantity`` (read
    by a refusal asking no value of it). A bulk_create skips the limit for new rows. A block that does
    more than refuse (``self.notify_owner()`` before raising) is no refusal: any write may skip it."""
    files = {"shop/models.py": DJANGO_MODELS + """

class InviteKey(models.Model):
    def save(self, *args, **kwargs):
        if self._state.adding:
            total = InviteKey.objects.filter(customer=self.customer).count()
            if total >= 100:
                raise ValueError("Cannot create more than 100 invite keys per customer.")
        if not self._state.adding:
            if self.is_active and not self._loaded_values["is_active"]:
                message = f"Cannot reactivate invite key {self.pk}."
                logger.error(message)
                raise ValueError(message)
        if self.quantity < 0 or self.quantity > self.limit:
            raise ValueError("bad quantity")
        super().save(*args, **kwargs)


class Refusing(models.Model):
    def save(self, *args, **kwargs):
        if self.is_active and not self._loaded_values["is_active"]:
            self.notify_owner()
            raise ValueError("Cannot reactivate.")
        super().save(*args, **kwargs)
"""}
    findings = _lint("""
        from shop.models import InviteKey, Refusing

        def run(ids, active, rows):
            InviteKey.objects.filter(pk__in=ids).update(is_active=False)
            InviteKey.objects.filter(pk__in=ids).update(name="x")
            InviteKey.objects.filter(pk__in=ids).update(is_active=True)
            InviteKey.objects.filter(pk__in=ids).update(is_active=active)
            InviteKey.objects.filter(pk__in=ids).update(quantity=0)
            InviteKey.objects.bulk_create(rows)
            Refusing.objects.filter(pk__in=ids).update(name="x")
    """, files)
    assert [f.line for f in findings] == [6, 7, 8, 9, 10]
    assert all("InviteKey.save()" in f.message for f in findings[:4])
    assert "Refusing.save()" in findings[4].message


def test_a_save_validating_through_its_own_clean_reads_what_the_clean_refuses():
    """``save()`` calling ``self.clean()``, which imports locally (against an import cycle) and refuses
    values of ``object_id``: an update of other fields skips nothing; one of ``object_id`` may skip a
    refusal."""
    files = {"shop/models.py": DJANGO_MODELS + """

class Listing(models.Model):
    object_id = models.IntegerField(null=True)
    is_active = models.BooleanField(default=True)

    def clean(self):
        super().clean()
        from shop.other import Allowed

        if self.object_id and not isinstance(self.object_id, Allowed):
            raise ValidationError("Object Id is invalid.")

    def save(self, *args, **kwargs):
        self.clean()
        super().save(*args, **kwargs)
"""}
    findings = _lint("""
        from shop.models import Listing

        def run(ids, target):
            Listing.objects.filter(pk__in=ids).update(is_active=False)
            Listing.objects.filter(pk__in=ids).update(object_id=target)
    """, files)
    assert [f.line for f in findings] == [5]
    assert "Listing.save()" in findings[0].message


def test_a_receiver_filling_a_value_new_rows_lack_acts_on_new_rows_only():
    """``pre_save`` receivers naming the instance from ``kwargs`` after a ``raw`` guard and filling a value it
    lacks (``if instance and not instance.slug: instance.slug = ...``, ``isinstance(instance, Topic)`` asking
    its class, ``if instance.position is None: ...``) only derive fields: an update of other fields skips
    nothing; a bulk_create of new rows skips the filling."""
    files = {"shop/models.py": DJANGO_MODELS + """

class Topic(models.Model):
    title = models.CharField(max_length=10)
    slug = models.CharField(max_length=10)
    position = models.IntegerField(null=True)
    views = models.IntegerField(default=0)
""", "shop/signals.py": """
from django.db.models.signals import pre_save
from django.dispatch import receiver

from shop.models import Topic


@receiver(pre_save, sender=Topic)
def slugify_topic(sender, **kwargs):
    if kwargs['raw']:
        return
    instance = kwargs.get('instance')
    if instance and not instance.slug:
        if isinstance(instance, Topic):
            instance.slug = slugify(instance.title)


@receiver(pre_save, sender=Topic)
def number_topic(sender, **kwargs):
    instance = kwargs.get('instance')
    if instance.position is None:
        instance.position = next_position()
"""}
    findings = _lint("""
        from shop.models import Topic

        def run(ids, rows):
            Topic.objects.filter(pk__in=ids).update(views=0)
            Topic.objects.bulk_create(rows)
    """, files)
    assert [f.line for f in findings] == [5]
    assert "slugify_topic" in findings[0].message and "number_topic" in findings[0].message


def test_a_save_reading_a_trigger_value_back_acts_in_memory_only():
    """``super().save()`` then ``self.refresh_from_db(fields=["code"])`` while the object is new or has no code (a
    database trigger fills it): an update of other fields leaves nothing undone; objects a bulk_create builds
    keep no code in memory, which the code using them after may need."""
    files = {"shop/models.py": DJANGO_MODELS + """

class Coded(models.Model):
    code = models.CharField(max_length=10, null=True)
    name = models.CharField(max_length=10)

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        if self._state.adding or self.code is None:
            self.refresh_from_db(fields=["code"])
"""}
    findings = _lint("""
        from shop.models import Coded

        def run(ids, rows):
            Coded.objects.filter(pk__in=ids).update(name="x")
            Coded.objects.bulk_create(rows)
    """, files)
    assert [f.line for f in findings] == [5]


def test_an_override_that_only_sets_a_keyword_argument_for_its_parent_is_no_hook_of_its_own():
    """``kwargs["soft"] = False`` (or ``kwargs.setdefault("soft", False)``) then the parent's delete(): what
    runs is the parent's (here a library's soft-deleting base, no hook of the project's), so a queryset delete
    skips nothing of the project's. A keyword set from a method of the object is logic of its own."""
    files = {"shop/models.py": DJANGO_MODELS + """

class Group(models.Model):
    def delete(self, *args, **kwargs):
        \"\"\"Always hard delete.\"\"\"
        kwargs["soft"] = False
        super().delete(*args, **kwargs)


class Team(models.Model):
    def delete(self, *args, **kwargs):
        kwargs.setdefault("soft", False)
        return super().delete(*args, **kwargs)


class Squad(models.Model):
    def delete(self, *args, **kwargs):
        kwargs["soft"] = self.keeps_history()
        super().delete(*args, **kwargs)
"""}
    findings = _lint("""
        from shop.models import Group, Squad, Team

        def purge(ids):
            Group.objects.filter(pk__in=ids).delete()
            Team.objects.filter(pk__in=ids).delete()
            Squad.objects.filter(pk__in=ids).delete()
    """, files)
    assert [f.line for f in findings] == [6]
    assert "Squad.delete()" in findings[0].message


def test_hooks_reading_their_stored_file_or_asking_whether_there_is_an_object_only_derive_fields():
    """A save() filling a file's hash (``self.media_file.seek(0)``, ``read()``) and a receiver filling a missing
    expiry (``if instance and not instance.expires:``) only derive fields from others: an update of other
    fields skips nothing, one of a field they read or set does. A file method that writes
    (``self.media_file.delete(save=False)``) is logic of its own."""
    files = {"shop/models.py": DJANGO_MODELS + """

class Attachment(models.Model):
    def save(self, *args, **kwargs):
        if self.media_file and not self.file_hash:
            self.media_file.seek(0)
            content = self.media_file.read()
            self.file_hash = hashlib.md5(content).hexdigest()
            self.media_file.seek(0)
        super().save(*args, **kwargs)


class Upload(models.Model):
    def save(self, *args, **kwargs):
        if self.replaced:
            self.media_file.delete(save=False)
        super().save(*args, **kwargs)


class Token(models.Model):
    pass


from django.db.models.signals import post_save


def set_expiry(sender, instance=None, **kwargs):
    if instance and not instance.expires:
        instance.expires = instance.created + timedelta(days=30)
        instance.save()


post_save.connect(set_expiry, sender=Token)
"""}
    findings = _lint("""
        from shop.models import Attachment, Token, Upload

        def run(ids, when):
            Attachment.objects.filter(pk__in=ids).update(deleted_at=when)
            Attachment.objects.filter(pk__in=ids).update(file_hash="")
            Token.objects.filter(pk__in=ids).update(status="revoked")
            Token.objects.filter(pk__in=ids).update(expires=None)
            Upload.objects.filter(pk__in=ids).update(deleted_at=when)
    """, files)
    assert [f.line for f in findings] == [5, 7, 8]
    assert "Attachment.save()" in findings[0].message and "set_expiry" in findings[1].message


def test_a_save_whose_helper_acts_only_for_new_rows_is_skipped_only_by_bulk_creates():
    """``self._ensure_content_type_is_set()`` whose whole body is under ``if not self.id:``: the save() acts for new
    rows only, as if the block were its own; an update or bulk_update of existing rows skips nothing, a
    bulk_create does. A helper acting for every row keeps the updates reported."""
    files = {"shop/models.py": DJANGO_MODELS + """

class Polymorphic(models.Model):
    def save(self, *args, **kwargs):
        self._ensure_content_type_is_set()
        super().save(*args, **kwargs)

    def _ensure_content_type_is_set(self):
        if not self.id:
            if not self.content_type_id:
                self.content_type = ContentType.objects.get_for_model(self)


class Stamping(models.Model):
    def save(self, *args, **kwargs):
        self._notify()
        super().save(*args, **kwargs)

    def _notify(self):
        notify_owner(self.owner_id)
"""}
    findings = _lint("""
        from shop.models import Polymorphic, Stamping

        def run(ids, rows):
            Polymorphic.objects.filter(pk__in=ids).update(order=1)
            Polymorphic.objects.bulk_update(rows, ["order"])
            Polymorphic.objects.bulk_create(rows)
            Stamping.objects.filter(pk__in=ids).update(order=1)
    """, files)
    assert [f.line for f in findings] == [6, 7]
    assert "Polymorphic.save()" in findings[0].message and "Stamping.save()" in findings[1].message


def test_a_save_acting_only_while_its_creation_stamp_is_unset_acts_for_new_rows():
    """fecfile: ``create_action = self.created is None`` of an ``auto_now_add`` field (None until the first save),
    then, inside ``with transaction.atomic():`` after a local import, ``if create_action and ...:``: the save()
    acts for new rows only; an update of existing rows skips nothing, a bulk_create does. A field set some other
    way (``reviewed = DateTimeField(null=True)``) says nothing of the row being new."""
    models = """

class Report(models.Model):
    created = models.DateTimeField(auto_now_add=True)
    reviewed = models.DateTimeField(null=True)

    def save(self, *args, **kwargs):
        from shop.loans import carry_forward

        create_action = self.created is None
        with transaction.atomic():
            super().save(*args, **kwargs)
            if create_action and self.coverage_through_date:
                carry_forward(self)
"""
    code = """
        from shop.models import Report

        def run(ids, rows):
            Report.objects.filter(pk__in=ids).update(order=1)
            Report.objects.bulk_create(rows)
    """
    header = DJANGO_MODELS.replace("from django.db import models", "from django.db import models, transaction")
    found = _lint(code, {"shop/models.py": header + models})
    assert [f.line for f in found] == [5] and "Report.save()" in found[0].message
    reviewed = models.replace("self.created is None", "self.reviewed is None")
    assert [f.line for f in _lint(code, {"shop/models.py": header + reviewed})] == [4, 5]
