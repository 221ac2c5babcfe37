"""Hook extraction and the hook registry, on their own (no rule involved)."""

from __future__ import annotations

from ormlint.testing import build_index

DJANGO_MODELS = """
from django.db import models


class Stamped(models.Model):
    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.touched = True
        super().save(*args, **kwargs)


class AuditMixin:
    def delete(self, *args, **kwargs):
        log(self)
        return super().delete(*args, **kwargs)


class Product(AuditMixin, Stamped):
    name = models.CharField(max_length=10)


class Tag(models.Model):
    label = models.CharField(max_length=10)

    def save(self, *args, **kwargs):
        \"\"\"Nothing but the parent's save.\"\"\"
        return super(Tag, self).save(*args, **kwargs)


class Locked(models.Model):
    def delete(self, *args, **kwargs):
        raise PermissionError("locked rows are never deleted")
"""


def _hooks(index, ref, *events, orm=None):
    model = index.hooks.resolve(ref)
    assert model is not None, ref
    return sorted((h.kind, h.event, h.function, h.path, h.line) for h in index.hooks.hooks_for(model, events, orm))


def test_method_overrides_are_recorded_with_their_def_line():
    index = build_index({"shop/models.py": DJANGO_MODELS})
    methods = {(h.model, h.event): h.line for h in index.hooks.hooks if h.kind == "method"}
    assert methods == {
        ("shop.models.Stamped", "save"): 8,
        ("shop.models.AuditMixin", "delete"): 14,
        ("shop.models.Locked", "delete"): 32,
    }


def test_def_lines_of_a_file_only_a_newer_python_compiles_are_those_of_each_model():
    """Python 3.12 f-strings reuse their quotes; where Python's own parser refuses them, the source text gives
    each hook's line: the second model's save() is the second ``def save`` of the file, not the first."""
    code = DJANGO_MODELS + '''

class Comment(models.Model):
    def __str__(self):
        return f"'{self.name}' for '{self.user.username if self.user else ""}'"

    def save(self, *args, **kwargs):
        notify(self)
        super().save(*args, **kwargs)
'''
    index = build_index({"shop/models.py": code})
    methods = {(h.model, h.event): h.line for h in index.hooks.hooks if h.kind == "method"}
    assert methods[("shop.models.Stamped", "save")] == 8
    lines = code.lstrip("\n").splitlines()
    last_save = max(i for i, line in enumerate(lines, 1) if line.startswith("    def save("))
    assert methods[("shop.models.Comment", "save")] == last_save > 8


def test_pass_through_override_is_not_a_hook_but_a_raising_one_is():
    index = build_index({"shop/models.py": DJANGO_MODELS})
    assert _hooks(index, "shop.models.Tag", "save") == []
    assert [h[2] for h in _hooks(index, "shop.models.Locked", "delete")] == ["Locked.delete"]


def test_an_override_that_only_logs_before_handing_on_is_no_hook():
    """``logger.debug(...)`` then ``super().delete()``: a line of the log is no behaviour a bulk delete skips;
    a call of anything else still is."""
    models = {"shop/models.py": """
        import logging
        from django.db import models

        logger = logging.getLogger(__name__)

        class Record(models.Model):
            def delete(self):
                logger.debug(f"record {self.pk} deleted")
                super().delete()

        class Noted(models.Model):
            def delete(self):
                notify(self.pk)
                super().delete()
    """}
    index = build_index(models)
    assert _hooks(index, "shop.models.Record", "delete") == []
    assert [h[2] for h in _hooks(index, "shop.models.Noted", "delete")] == ["Noted.delete"]


def test_overrides_are_inherited_from_abstract_bases_and_mixins():
    index = build_index({"shop/models.py": DJANGO_MODELS})
    assert [h[2] for h in _hooks(index, "shop.models.Product", "save")] == ["Stamped.save"]
    assert [h[2] for h in _hooks(index, "shop.models.Product", "delete")] == ["AuditMixin.delete"]


def test_django_receivers_by_decorator_connect_and_lazy_sender_across_files():
    index = build_index({
        "shop/models.py": DJANGO_MODELS,
        "shop/signals.py": """
            from django.db.models.signals import post_save, pre_delete, pre_save
            from django.dispatch import receiver
            from .models import Product

            @receiver(post_save, sender=Product)
            def reindex(sender, instance, **kwargs):
                pass

            @receiver([pre_save, pre_delete], sender="shop.Tag")
            def audit(sender, instance, **kwargs):
                pass
        """,
        "shop/apps.py": """
            from django.apps import AppConfig, apps
            from django.db.models import signals


            class ShopConfig(AppConfig):
                def ready(self):
                    from . import handlers
                    from .models import Product
                    signals.pre_save.connect(handlers.fill, sender=Product)
                    signals.post_save.connect(handlers.tagged, apps.get_model("shop", "Tag"))
        """,
    })
    assert _hooks(index, "shop.models.Product", "pre_save", "post_save") == [
        ("signal", "post_save", "reindex", "shop/signals.py", 6),
        ("signal", "pre_save", "handlers.fill", "shop/apps.py", 9),
    ]
    assert _hooks(index, "shop.models.Tag", "pre_save", "post_save", "pre_delete") == [
        ("signal", "post_save", "handlers.tagged", "shop/apps.py", 10),
        ("signal", "pre_delete", "audit", "shop/signals.py", 10),
        ("signal", "pre_save", "audit", "shop/signals.py", 10),
    ]


def test_sender_less_receiver_applies_to_every_model_but_an_unknown_sender_to_none():
    index = build_index({
        "shop/models.py": DJANGO_MODELS,
        "shop/signals.py": """
            from django.conf import settings
            from django.db.models.signals import post_save
            from django.dispatch import receiver

            @receiver(post_save)
            def touch_anything(sender, instance, **kwargs):
                pass

            @receiver(post_save, sender=settings.AUTH_USER_MODEL)
            def welcome(sender, instance, **kwargs):
                pass
        """,
    })
    for ref in ("shop.models.Product", "shop.models.Tag"):
        assert [h[2] for h in _hooks(index, ref, "post_save")] == ["touch_anything"]


def test_receiver_for_another_model_does_not_apply():
    index = build_index({
        "shop/models.py": DJANGO_MODELS,
        "shop/signals.py": """
            from django.db.models.signals import post_save
            from shop.models import Tag

            def tagged(sender, instance, **kwargs):
                pass

            post_save.connect(tagged, sender=Tag)
        """,
    })
    assert _hooks(index, "shop.models.Product", "post_save") == []
    assert _hooks(index, "shop.models.Tag", "post_save") == [("signal", "post_save", "tagged", "shop/signals.py", 4)]


def test_third_party_namesake_is_not_a_project_model():
    index = build_index({
        "accounts/models.py": """
            from django.contrib.auth.models import AbstractUser

            class User(AbstractUser):
                pass
        """,
        "accounts/signals.py": """
            from django.contrib.auth.models import User
            from django.db.models.signals import post_save

            def greet(sender, instance, **kwargs):
                pass

            post_save.connect(greet, sender=User)
        """,
    })
    assert index.hooks.resolve("django.contrib.auth.models.User") is None
    assert _hooks(index, "accounts.models.User", "post_save", orm="django") == []


SQLALCHEMY_MODELS = """
from sqlalchemy import event
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, validates


class Base(DeclarativeBase):
    pass


class Stamped(Base):
    __abstract__ = True


class User(Stamped):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str]

    @validates("email")
    def check_email(self, key, value):
        return value.lower()


class Post(Stamped):
    __tablename__ = "posts"
    id: Mapped[int] = mapped_column(primary_key=True)


@event.listens_for(Stamped, "before_update", propagate=True)
def touch(mapper, connection, target):
    pass


@event.listens_for(Base, "before_insert")
def not_propagated(mapper, connection, target):
    pass
"""


def test_sqlalchemy_listeners_validates_and_propagation():
    index = build_index({
        "blog/models.py": SQLALCHEMY_MODELS,
        "blog/events.py": """
            import sqlalchemy as sa
            from sqlalchemy.orm import Mapper
            from blog.models import Post

            def stamp(mapper, connection, target):
                pass

            sa.event.listen(Post, "before_insert", stamp)
            sa.event.listen(Mapper, "after_delete", stamp)
        """,
    })
    assert _hooks(index, "blog.models.User", "before_insert", "before_update", "validates") == [
        ("mapper_event", "before_update", "touch", "blog/models.py", 29),
        ("validates", "validates", "User.check_email", "blog/models.py", 19),
    ]
    assert _hooks(index, "blog.models.Post", "before_insert", "after_delete") == [
        ("mapper_event", "after_delete", "stamp", "blog/events.py", 5),
        ("mapper_event", "before_insert", "stamp", "blog/events.py", 5),
    ]
    validator = next(h for h in index.hooks.hooks if h.kind == "validates")
    assert validator.attributes == ("email",)


def test_peewee_signals_fire_only_for_playhouse_models():
    index = build_index({
        "app/models.py": """
            import peewee
            from playhouse.signals import Model as SignalModel, post_save, pre_delete

            class Plain(peewee.Model):
                pass

            class Noisy(SignalModel):
                def delete_instance(self, *args, **kwargs):
                    archive(self)
                    return super().delete_instance(*args, **kwargs)

            @post_save(sender=Noisy)
            def on_save(model_class, instance, created):
                pass

            @pre_delete()
            def on_any_delete(model_class, instance):
                pass
        """,
    })
    assert _hooks(index, "app.models.Noisy", "save", "pre_save", "post_save", orm="peewee") == [
        ("peewee_signal", "post_save", "on_save", "app/models.py", 13),
    ]
    assert [h[:2] for h in _hooks(index, "app.models.Noisy", "delete_instance", "pre_delete", orm="peewee")] == [
        ("method", "delete_instance"), ("peewee_signal", "pre_delete"),
    ]
    assert _hooks(index, "app.models.Plain", "pre_delete", "post_save", orm="peewee") == []


def test_tortoise_signal_decorators_and_register_listener():
    index = build_index({
        "app/models.py": """
            from tortoise import fields
            from tortoise.models import Model

            class User(Model):
                email = fields.CharField(max_length=100)

            class Team(Model):
                name = fields.CharField(max_length=100)
        """,
        "app/signals.py": """
            from tortoise.signals import Signals, post_save, pre_delete
            from app.models import Team, User

            @post_save(User, Team)
            async def audit(sender, instance, created, using_db, update_fields):
                pass

            @pre_delete()
            async def registered_nowhere(sender, instance, using_db):
                pass

            async def cleanup(sender, instance, using_db):
                pass

            User.register_listener(Signals.pre_delete, cleanup)
        """,
    })
    assert _hooks(index, "app.models.User", "post_save", "pre_delete", orm="tortoise") == [
        ("tortoise_signal", "post_save", "audit", "app/signals.py", 5),
        ("tortoise_signal", "pre_delete", "cleanup", "app/signals.py", 12),
    ]
    assert [h[2] for h in _hooks(index, "app.models.Team", "post_save", "pre_delete", orm="tortoise")] == ["audit"]


def test_connect_in_a_loop_over_models_registers_each():
    index = build_index({
        "shop/models.py": DJANGO_MODELS,
        "shop/apps.py": """
            from django.db.models.signals import post_save
            from shop.models import Product, Tag

            for model in (Product, Tag):
                post_save.connect(invalidate, sender=model)
        """,
    })
    assert [h[3:] for h in _hooks(index, "shop.models.Tag", "post_save")] == [("shop/apps.py", 5)]
    assert [h[3:] for h in _hooks(index, "shop.models.Product", "post_save")] == [("shop/apps.py", 5)]


def test_line_numbers_survive_syntax_the_ast_fallback_handles():
    index = build_index({
        "shop/models.py": """
            from django.db import models

            class Product(models.Model):
                x = 1 if a() else b()

                def save(self, *args, **kwargs):
                    try:
                        pass
                    except ValueError:
                        pass
                    else:
                        pass
                    super().save(*args, **kwargs)
        """,
    })
    assert [h.line for h in index.hooks.hooks] == [6]


def test_sender_less_receiver_guards_narrow_the_models():
    index = build_index({
        "shop/models.py": DJANGO_MODELS,
        "shop/signals.py": """
            from django.db.models.signals import post_save, pre_save
            from django.dispatch import receiver
            from shop.models import AuditMixin, Tag

            @receiver(pre_save)
            def audited_only(sender, instance, **kwargs):
                \"\"\"Only models with the audit mixin.\"\"\"
                if kwargs["raw"]:
                    return
                if not isinstance(instance, AuditMixin):
                    return
                instance.audited = True

            @receiver(post_save)
            def tags_only(sender, instance, **kwargs):
                if sender not in (Tag,):
                    return
                refresh(instance)

            @receiver(post_save)
            def opaque(sender, instance, **kwargs):
                if not getattr(instance, "indexed", False):
                    return
                reindex(instance)
        """,
    })
    assert [h[2] for h in _hooks(index, "shop.models.Product", "pre_save", "post_save")] == ["audited_only"]
    assert [h[2] for h in _hooks(index, "shop.models.Tag", "pre_save", "post_save")] == ["tags_only"]
    assert _hooks(index, "shop.models.Locked", "pre_save", "post_save") == []


def test_line_numbers_of_syntax_newer_than_the_running_python():
    index = build_index({
        "shop/models.py": """
            from django.db import models

            type Label = str

            class Product[T](models.Model):
                def save(self, *args, **kwargs):
                    self.name = self.name.strip()
                    super().save(*args, **kwargs)
        """,
    })
    assert [(h.function, h.line) for h in index.hooks.hooks] == [("Product.save", 6)]


def test_manager_attributes_link_models_to_their_queryset_overrides():
    index = build_index({
        "notes/querysets.py": """
            from django.db import models

            class ArchiveQuerySet(models.QuerySet):
                def update(self, **kwargs):
                    kwargs.setdefault("archived", True)
                    return super().update(**kwargs)
        """,
        "notes/models.py": """
            from django.db import models
            from notes.querysets import ArchiveQuerySet

            class Base(models.Model):
                objects = ArchiveQuerySet.as_manager()

                class Meta:
                    abstract = True

            class Note(Base):
                plain = models.Manager()
        """,
    })
    note = index.hooks.resolve("notes.models.Note")
    found = index.hooks.custom_bulk_method(note, "_default_manager", "update")
    assert (found.function, found.path, found.line) == ("ArchiveQuerySet.update", "notes/querysets.py", 4)
    assert index.hooks.custom_bulk_method(note, "plain", "update") is None
    assert index.hooks.custom_bulk_method(note, "objects", "delete") is None


def test_signals_sent_by_hand_are_found_by_the_name_an_import_gives_the_function():
    """A module-level function sending ``post_save`` for a model, named by another module without
    the source root (``shop.tasks.reindex`` for ``app.shop.tasks.reindex``); another function or
    model sends nothing."""
    index = build_index({
        "app/shop/__init__.py": "",
        "app/shop/models.py": DJANGO_MODELS,
        "app/shop/tasks.py": """
            from django.db.models.signals import post_save
            from shop.models import Tag

            def reindex(tags):
                for tag in tags:
                    post_save.send(sender=Tag, instance=tag, created=False)

            def other(tags):
                return tags
        """,
    })
    tag, product = index.hooks.resolve("shop.models.Tag"), index.hooks.resolve("shop.models.Product")
    sender = next(h.handler for h in index.hooks.hooks if h.kind == "sends")
    assert sender.endswith("shop.tasks.reindex")
    assert index.hooks.sent_by("shop.tasks.reindex", tag) == {"post_save"}
    assert index.hooks.sent_by(sender, tag) == {"post_save"}
    assert index.hooks.sent_by("shop.tasks.reindex", product) == set()
    assert index.hooks.sent_by("shop.tasks.other", tag) == set()
    assert index.hooks.sent_by("tasks.reindex_all", tag) == set()


def test_what_a_save_override_needs_of_the_model_to_act():
    """``needs`` of an override that hands on to its parent: class attributes its logic is guarded
    by, self methods it calls, the model's checks for validation; None when it acts anyway."""
    index = build_index({"shop/models.py": """
        from django.db import models

        class Logged(models.Model):
            log_prefix = None

            def delete(self, *args, **kwargs):
                parent = self.log_parent
                result = super().delete(*args, **kwargs)
                if parent and self.log_prefix:
                    parent.log(self.log_prefix)
                return result

            def save(self, *args, **kwargs):
                self.full_clean()
                self.before_save()
                super().save(*args, **kwargs)

            def before_save(self):
                \"\"\"For subclasses.\"\"\"

        class Stamped(models.Model):
            def save(self, *args, **kwargs):
                self.stamp = now()
                super().save(*args, **kwargs)

        class Refusing(models.Model):
            def save(self, *args, **kwargs):
                self.full_clean()
    """})
    needs = {h.function: h.needs for h in index.hooks.hooks if h.kind == "method"}
    assert needs == {"Logged.delete": ("log_parent|log_prefix",), "Logged.save": ("clean()", "before_save()"),
                     "Stamped.save": None, "Refusing.save": None}
    assert [h.event for h in index.hooks.hooks if h.kind == "inert"] == ["before_save"]
    assert [(h.event, h.function) for h in index.hooks.hooks if h.kind == "attribute"] == [("log_prefix", "falsy")]


def test_a_receiver_whose_branches_each_name_a_model_acts_on_those():
    """opal's ``post_save_worker_forwarder``: connected for every model, it imports, then under a condition on
    the settings forwards ``Patient`` saves and ``Episode`` saves in separate ``if sender == ...`` statements."""
    index = build_index({
        "shop/models.py": DJANGO_MODELS,
        "shop/signals.py": """
            from django.db.models.signals import post_save
            from shop.models import Product, Tag

            def forwarder(sender, created=None, instance=None, **kwargs):
                from django.conf import settings
                if "django_celery_results" in settings.INSTALLED_APPS:
                    if sender == Product:
                        forward_product(instance.id)
                    if issubclass(sender, Tag):
                        forward_tag(instance.id)
                return

            post_save.connect(forwarder)
        """,
    })
    assert [h[2] for h in _hooks(index, "shop.models.Product", "post_save")] == ["forwarder"]
    assert [h[2] for h in _hooks(index, "shop.models.Tag", "post_save")] == ["forwarder"]
    assert _hooks(index, "shop.models.Locked", "post_save") == []  # before: a receiver of every model
