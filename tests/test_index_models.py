"""The model index on its own: fields, relations, reverse accessors, resolution across files."""

import inspect
import sys

from n1_models import IMPERATIVE
from ormlint.testing import build_index

DJANGO = {
    "catalog/models.py": """
        from django.db import models

        class Stamped(models.Model):
            owner = models.ForeignKey("accounts.Account", on_delete=models.CASCADE,
                                      related_name="%(app_label)s_%(class)s_items")
            created = models.DateTimeField(auto_now_add=True)

            class Meta:
                abstract = True

        class Category(Stamped):
            name = models.CharField(max_length=100)
            parent = models.ForeignKey("self", null=True, on_delete=models.CASCADE)

        class Product(Stamped):
            category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="products")
            tags = models.ManyToManyField("catalog.Tag", related_name="+")
            related = models.ManyToManyField("self")
            price = models.DecimalField(max_digits=10, decimal_places=2)
            weight = models.FloatField(null=True)
            objects = models.Manager()
            published = PublishedManager()

        class Tag(models.Model):
            label = models.CharField(max_length=50)
    """,
    "accounts/models.py": """
        from django.db import models as m

        class Account(m.Model):
            email = m.EmailField()

        class Profile(m.Model):
            account = m.OneToOneField(Account, on_delete=m.CASCADE)
    """,
}


def test_django_forward_relations_and_fields():
    registry = build_index(DJANGO).models
    product = registry.model("catalog.models.Product")
    relations = registry.relations(product)
    assert relations["category"].kind == "fk" and not relations["category"].many
    assert relations["category"].target == "catalog.models.Category"
    assert relations["tags"].kind == "m2m" and relations["tags"].many
    assert relations["tags"].target == "catalog.models.Tag"
    assert relations["owner"].target == "accounts.models.Account"  # inherited from the abstract base
    fields = registry.fields(product)
    assert fields["weight"].type == "django.db.models.FloatField" and fields["weight"].nullable is True
    assert fields["price"].type == "django.db.models.DecimalField"
    assert "created" in fields  # inherited
    assert "category" not in fields and "category_id" not in relations
    assert {"objects", "published"} <= registry.managers(product)


def test_django_reverse_accessors():
    registry = build_index(DJANGO).models
    category = registry.model("catalog.models.Category")
    account = registry.model("accounts.models.Account")
    tag = registry.model("catalog.models.Tag")
    products = registry.relation(category, "products")
    assert products.reverse and products.many and products.target == "catalog.models.Product"
    assert registry.relation(category, "category_set").target == "catalog.models.Category"  # FK to "self"
    # %(app_label)s / %(class)s expand per concrete subclass of the abstract base
    assert registry.relation(account, "catalog_product_items").target == "catalog.models.Product"
    assert registry.relation(account, "catalog_category_items").target == "catalog.models.Category"
    # OneToOne reverse: the lowercase model name, a single object
    profile = registry.relation(account, "profile")
    assert profile.reverse and not profile.many and profile.kind == "o2o"
    # related_name="+" hides the reverse accessor
    assert registry.relation(tag, "product_set") is None
    assert registry.relations(tag) == {}
    # M2M to self: both sides on the same model
    product = registry.model("catalog.models.Product")
    assert registry.relation(product, "related").many
    assert registry.relation(product, "product_set").kind == "m2m"


def test_abstract_models_are_not_concrete_and_have_no_reverse():
    registry = build_index(DJANGO).models
    stamped = registry.resolve("catalog.models.Stamped")
    assert stamped.abstract and not registry.is_concrete(stamped)
    account = registry.model("accounts.models.Account")
    assert not any(name.endswith("stamped_items") for name in registry.relations(account))


SQLALCHEMY = {
    "blog/models.py": """
        from typing import List, Optional
        import sqlalchemy as sa
        from sqlalchemy.orm import DeclarativeBase, Mapped, DynamicMapped, mapped_column, relationship, backref

        class Base(DeclarativeBase):
            pass

        class User(Base):
            __tablename__ = "users"
            id: Mapped[int] = mapped_column(primary_key=True)
            balance: Mapped[float]
            nickname: Mapped[Optional[str]]
            posts: Mapped[List["Post"]] = relationship(back_populates="author", lazy="selectin")
            followers: DynamicMapped["User"] = relationship()
            profile: Mapped["Profile"] = relationship(uselist=False)

        class Post(Base):
            __tablename__ = "posts"
            id: Mapped[int] = mapped_column(primary_key=True)
            author_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
            author: Mapped[Optional["User"]] = relationship(back_populates="posts")
            score = sa.Column(sa.Float, nullable=False)
            tags = relationship("Tag", secondary="post_tags", backref=backref("posts", lazy="dynamic"))

        class Profile(Base):
            __tablename__ = "profiles"
            id: Mapped[int] = mapped_column(primary_key=True)
    """,
    "blog/legacy.py": """
        from sqlalchemy import Column, Integer, ForeignKey
        from sqlalchemy.orm import declarative_base, relationship

        Legacy = declarative_base()

        class Tag(Legacy):
            __tablename__ = "tags"
            id = Column(Integer, primary_key=True)

        class Note(Legacy):
            __tablename__ = "notes"
            id = Column(Integer, primary_key=True)
            tag = relationship(Tag, backref="notes", lazy="joined")
    """,
}


def test_sqlalchemy_relationships():
    registry = build_index(SQLALCHEMY).models
    user = registry.model("blog.models.User")
    posts = registry.relation(user, "posts")
    assert posts.many and posts.lazy == "selectin" and posts.target == "blog.models.Post"
    assert registry.relation(user, "followers").lazy == "dynamic"
    assert registry.relation(user, "profile").many is False
    post = registry.model("blog.models.Post")
    author = registry.relation(post, "author")
    assert not author.many and author.lazy == "select" and author.target == "blog.models.User"
    assert registry.relation(post, "author_id") is None
    fields = registry.fields(user)
    assert fields["balance"].type == "float"
    assert fields["nickname"].nullable is True
    assert registry.fields(post)["score"].type == "sqlalchemy.Float"


def test_sqlalchemy_backrefs_and_declarative_base():
    registry = build_index(SQLALCHEMY).models
    tag = registry.model("blog.legacy.Tag")
    assert registry.orm_of(tag) == "sqlalchemy"
    notes = registry.relation(tag, "notes")
    assert notes.reverse and notes.many and notes.lazy == "select" and notes.target == "blog.legacy.Note"
    assert registry.relation("blog.legacy.Note", "tag").lazy == "joined"
    # backref(..., lazy="dynamic") on a many-to-many: the reverse side is dynamic
    reverse = registry.relation(tag, "posts")
    assert reverse.lazy == "dynamic" and reverse.target == "blog.models.Post"


def test_sqlmodel_flask_peewee_tortoise_pony():
    registry = build_index({
        "api/models.py": """
            from typing import Optional
            from sqlmodel import Field, Relationship, SQLModel

            class Team(SQLModel, table=True):
                id: Optional[int] = Field(default=None, primary_key=True)
                heroes: list["Hero"] = Relationship(back_populates="team")

            class Hero(SQLModel, table=True):
                id: Optional[int] = Field(default=None, primary_key=True)
                team_id: Optional[int] = Field(default=None, foreign_key="team.id")
                team: Optional[Team] = Relationship(back_populates="heroes",
                                                    sa_relationship_kwargs={"lazy": "joined"})

            class HeroRead(SQLModel):
                name: str
        """,
        "flaskapp/models.py": """
            from flaskapp.ext import db

            class Author(db.Model):
                id = db.Column(db.Integer, primary_key=True)
                books = db.relationship("Book", backref="author", lazy="dynamic")

            class Book(db.Model):
                id = db.Column(db.Integer, primary_key=True)
        """,
        "pw/models.py": """
            import peewee as pw

            class User(pw.Model):
                username = pw.CharField()

            class Tweet(pw.Model):
                user = pw.ForeignKeyField(User, backref="tweets")
                message = pw.TextField()
        """,
        "tt/models.py": """
            from tortoise import fields
            from tortoise.models import Model

            class Tournament(Model):
                name = fields.CharField(max_length=100)

            class Event(Model):
                tournament = fields.ForeignKeyField("models.Tournament", related_name="events")
                participants = fields.ManyToManyField("models.Team", related_name="events")

            class Team(Model):
                name = fields.CharField(max_length=100)
        """,
        "pony_app/models.py": """
            from pony.orm import Database, Required, Set, Optional

            db = Database()

            class Category(db.Entity):
                name = Required(str)
                products = Set("Product")

            class Product(db.Entity):
                name = Required(str)
                category = Optional(Category)
        """,
    }).models
    team = registry.model("api.models.Team")
    assert registry.orm_of(team) == "sqlmodel"
    assert registry.relation(team, "heroes").many
    assert registry.relation("api.models.Hero", "team").lazy == "joined"
    assert not registry.is_concrete(registry.resolve("api.models.HeroRead"))
    author = registry.model("flaskapp.models.Author")
    assert registry.orm_of(author) == "sqlalchemy"
    assert registry.relation(author, "books").lazy == "dynamic"
    assert not registry.relation("flaskapp.models.Book", "author").many
    user = registry.model("pw.models.User")
    tweets = registry.relation(user, "tweets")
    assert tweets.reverse and tweets.many and tweets.orm == "peewee"
    assert registry.relation("pw.models.Tweet", "user").target == "pw.models.User"
    tournament = registry.model("tt.models.Tournament")
    assert registry.relation(tournament, "events").target == "tt.models.Event"
    assert registry.relation("tt.models.Team", "events").kind == "m2m"
    category = registry.model("pony_app.models.Category")
    assert registry.relation(category, "products").many
    assert registry.relation("pony_app.models.Product", "category").target == "pony_app.models.Category"
    assert registry.relation("pony_app.models.Product", "name") is None


def test_sqlalchemy_cardinality_guess_without_annotation():
    registry = build_index({"m/models.py": """
        from m.db import db

        class Room(db.Model):
            id = db.Column(db.Integer, primary_key=True)
            reservations = db.relationship("Reservation", backref="room")

        class Reservation(db.Model):
            id = db.Column(db.Integer, primary_key=True)
            owner_id = db.Column(db.Integer, db.ForeignKey("users.id"))
            owner = db.relationship("User", lazy=True)
            children = db.relationship("Reservation", lazy=True)
    """}).models
    reservations = registry.relation("m.models.Room", "reservations")
    assert reservations.many and not reservations.many_known
    room = registry.relation("m.models.Reservation", "room")
    assert room.reverse and not room.many
    owner = registry.relation("m.models.Reservation", "owner")
    assert not owner.many  # a guessed relation with an owner_id column is many-to-one
    assert registry.relation("m.models.Reservation", "children").many


def test_sqlalchemy_cardinality_is_told_by_the_foreign_keys_where_they_say():
    """A relationship() without uselist, annotation or secondary is what its foreign keys make it, whatever its
    name: a collection when the key sits on the target (``Officer.face``, with ``faces.officer_id``), one
    object when it sits on the owner (``Face.image`` with ``img_id``, named after neither). Where no key says
    (a self-reference without a column of its name), the guess from the name stays a guess."""
    registry = build_index({"m/models.py": """
        from m.db import db

        class Officer(db.Model):
            id = db.Column(db.Integer, primary_key=True)
            face = db.relationship("Face", backref=db.backref("officer"))
            friends = db.relationship("Officer")

        class Image(db.Model):
            __tablename__ = "images"
            id = db.Column(db.Integer, primary_key=True)

        class Face(db.Model):
            id = db.Column(db.Integer, primary_key=True)
            officer_id = db.Column(db.Integer, db.ForeignKey("officer.id"))
            img_id = db.Column(db.Integer, db.ForeignKey("images.id"))
            image = db.relationship("Image")
    """}).models
    assert registry.relation("m.models.Officer", "face").many
    officer = registry.relation("m.models.Face", "officer")
    assert officer.reverse and not officer.many
    image = registry.relation("m.models.Face", "image")
    assert not image.many
    friends = registry.relation("m.models.Officer", "friends")
    assert friends.many and not friends.many_known


def test_resolution_through_package_reexports_under_another_root():
    registry = build_index({
        "src/pretix/base/models/orders.py": """
            from django.db import models

            class Order(models.Model):
                code = models.CharField(max_length=16)
        """,
        "src/oscar/order/models.py": """
            from django.db import models

            class Order(models.Model):
                number = models.CharField(max_length=16)
        """,
    }).models
    assert registry.model("pretix.base.models.Order").qualname == "src.pretix.base.models.orders.Order"
    assert registry.model("oscar.order.models.Order").qualname == "src.oscar.order.models.Order"


def test_a_class_of_another_package_is_not_a_project_namesake():
    """``oslo_service.service.Service`` names a class outside the project: a project class based on it is no
    subclass of the project's ``Service`` model (named from a module path, a reference is looked up among the
    classes of that module or of the packages under it only)."""
    registry = build_index({
        "cinder/db/models.py": """
            from sqlalchemy import Column, Integer
            from sqlalchemy.orm import declarative_base

            BASE = declarative_base()

            class Service(BASE):
                __tablename__ = "services"
                id = Column(Integer, primary_key=True)
        """,
        "cinder/service.py": """
            from oslo_service import service

            class Service(service.Service):
                @classmethod
                def create(cls, host=None):
                    return cls()
        """,
    }).models
    assert registry.model("cinder.db.models.Service") is not None
    assert registry.model("cinder.service.Service") is None
    assert registry.resolve("oslo_service.service.Service") is None
    assert registry.resolve("db.models.Service").qualname == "cinder.db.models.Service"  # named from another root


def test_a_class_of_a_top_level_module_the_project_lacks_is_not_its_namesake_model():
    """``from unittest import TestCase``: a test class based on it is no subclass of the project's ``TestCase``
    model (Nitrate's test cases), while ``"testcases.TestCase"``, an app label's reference, still names the model."""
    registry = build_index({
        "src/tcms/testcases/models.py": """
            from django.db import models

            class TestCase(models.Model):
                summary = models.CharField(max_length=255)
        """,
        "src/tcms/testplans/models.py": """
            from django.db import models

            class TestPlan(models.Model):
                case = models.ManyToManyField("testcases.TestCase")
        """,
        "tests/testplans/test_signals.py": """
            from unittest import TestCase

            class TestSignalNotifyOnPlanIsUpdated(TestCase):
                def test_not_send_mail(self):
                    pass
        """,
    }).models
    assert registry.resolve("unittest.TestCase") is None
    assert registry.model("tests.testplans.test_signals.TestSignalNotifyOnPlanIsUpdated") is None
    plan = registry.model("src.tcms.testplans.models.TestPlan")
    assert registry.target(registry.relations(plan)["case"]).qualname == "src.tcms.testcases.models.TestCase"


def test_a_base_a_star_import_brings_in_is_found_by_its_name():
    """``from shop.abstract_models import *`` then ``class Order(AbstractOrder)``: the module that names the base
    defines other classes, so the name came from elsewhere in the project (django-oscar's models)."""
    registry = build_index({
        "shop/abstract_models.py": """
            from django.db import models

            class AbstractOrder(models.Model):
                number = models.CharField(max_length=16)

                class Meta:
                    abstract = True
        """,
        "shop/models.py": """
            from shop.abstract_models import *

            class Order(AbstractOrder):
                pass
        """,
    }).models
    assert registry.model("shop.models.Order") is not None


def test_a_model_a_module_names_from_elsewhere_is_found_by_its_name():
    """``User = get_user_model()`` in a module that defines no class: ``users.api.User`` is the project's User."""
    registry = build_index({
        "users/models.py": """
            from django.db import models

            class User(models.Model):
                email = models.EmailField()
        """,
        "users/api.py": """
            from django.contrib.auth import get_user_model

            User = get_user_model()

            def fetch_user(email):
                return User.objects.get(email=email)
        """,
    }).models
    assert registry.model("users.api.User").qualname == "users.models.User"


def test_custom_app_labels_user_model_and_multi_table_inheritance():
    index = build_index({
        "shop/apps.py": """
            from django.apps import AppConfig

            class ShopConfig(AppConfig):
                name = "shop"
                label = "store"
        """,
        "shop/models.py": """
            from django.db import models

            class Product(models.Model):
                name = models.CharField(max_length=10)
        """,
        "legacy/models.py": """
            from django.db import models

            class Product(models.Model):
                sku = models.CharField(max_length=10)
        """,
        "billing/models.py": """
            from django.conf import settings
            from django.db import models

            class Line(models.Model):
                product = models.ForeignKey("store.Product", on_delete=models.CASCADE)
                buyer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)

            class Place(models.Model):
                name = models.CharField(max_length=10)

            class Restaurant(Place):
                seats = models.IntegerField()
        """,
    })
    models = index.models
    line = models.model("billing.models.Line")
    assert models.target(models.relation(line, "product")).qualname == "shop.models.Product"
    user = models.model("django.contrib.auth.models.User")
    assert models.relation(line, "buyer").null is True
    assert models.relation(user, "line_set").target == "billing.models.Line"
    restaurant = models.relation("billing.models.Place", "restaurant")
    assert restaurant.kind == "o2o" and restaurant.target == "billing.models.Restaurant" and not restaurant.many
    assert models.relation("billing.models.Place", "place_ptr") is None  # the child's link, not the parent's


def test_peewee_models_written_with_a_star_import_are_indexed():
    index = build_index({"blog/models.py": '''
        from peewee import *

        db = SqliteDatabase("blog.db")

        class BaseModel(Model):
            class Meta:
                database = db

        class User(BaseModel):
            username = CharField()

        class Tweet(BaseModel):
            user = ForeignKeyField(User, backref="tweets")
    '''})
    models = index.models
    tweet = models.model("blog.models.Tweet")
    assert tweet is not None and models.orm_of(tweet) == "peewee"
    assert models.relation(tweet, "user").target == "blog.models.User"
    assert models.relation(models.model("blog.models.User"), "tweets").many




def test_sqlalchemy_imperative_mapping():
    """``registry.map_imperatively(Cls, table, properties={...})`` maps a plain class: a model with the
    relationships of ``properties`` (and their backrefs), its methods read like a declarative model's."""
    index = build_index({"shop/models.py": IMPERATIVE})
    models = index.models
    assert sorted(m.qualname for m in models.models()) == ["shop.models.Address", "shop.models.User"]
    user, address = models.model("shop.models.User"), models.model("shop.models.Address")
    assert models.orm_of(user) == "sqlalchemy" and models.is_concrete(address)
    addresses = models.relation(user, "addresses")
    assert (addresses.target, addresses.many) == ("shop.models.Address", True)
    assert models.relation(address, "user").many is False
    assert models.member(user, "first_address")[2] == [("addresses", "attr")]
    # a class mapped nowhere, and a project function that happens to be called mapper(), map nothing
    other = IMPERATIVE.replace("mapper_registry.map_imperatively(Address, address_table)",
                               "def mapper(*args):\n        pass\n\n    mapper(Plain, address_table)")
    assert sorted(m.qualname for m in build_index({"shop/models.py": other}).models.models()) == ["shop.models.User"]


def test_sqlalchemy_classic_mapper():
    """The legacy ``sqlalchemy.orm.mapper(Cls, table, properties=...)`` maps the class the same way."""
    classic = IMPERATIVE.replace("from sqlalchemy.orm import backref, registry, relationship",
                                 "from sqlalchemy.orm import backref, mapper, registry, relationship").replace(
        "mapper_registry.map_imperatively(", "mapper(")
    models = build_index({"shop/models.py": classic}).models
    assert sorted(m.qualname for m in models.models()) == ["shop.models.Address", "shop.models.User"]
    assert models.relation(models.model("shop.models.User"), "addresses").many


def test_a_relation_to_self_targets_the_concrete_base_that_declares_it_and_each_model_of_an_abstract_one():
    """Django: ``ForeignKey("self")`` on an abstract base points to each concrete subclass; on a concrete base
    (multi-table inheritance) the subclasses inherit the base's column, which points to the base."""
    registry = build_index({"assets/models.py": """
        from django.db import models

        class Tree(models.Model):
            parent = models.ForeignKey("self", null=True, on_delete=models.CASCADE)

            class Meta:
                abstract = True

        class Folder(Tree):
            pass

        class BaseObject(models.Model):
            parent = models.ForeignKey("self", null=True, on_delete=models.SET_NULL, related_name="children")

        class CloudHost(BaseObject):
            hostname = models.CharField(max_length=100)
    """}).models
    assert registry.relation("assets.models.Folder", "parent").target == "assets.models.Folder"
    assert registry.relation("assets.models.CloudHost", "parent").target == "assets.models.BaseObject"
    assert registry.relation("assets.models.BaseObject", "parent").target == "assets.models.BaseObject"


def test_a_class_is_not_what_its_own_base_names():
    """Every Django migration is a ``Migration`` based on Django's ``Migration``: resolving that base
    finds none of them (a class cannot be its own base), at once, however many there are."""
    migrations = {f"app/migrations/{n:04}_step.py": """
        from django.db import migrations

        class Migration(migrations.Migration):
            dependencies = []
    """ for n in range(1500)}
    registry = build_index(migrations).models
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(len(inspect.stack()) + 100)  # not one level per namesake
    try:
        assert registry.orm_of(registry.by_qualname["app.migrations.0001_step.Migration"]) is None
        assert registry.resolve("django.db.migrations.Migration") is None
    finally:
        sys.setrecursionlimit(limit)
    assert registry.models() == []


def test_custom_queryset_methods_reshape_only_by_what_their_returned_chain_calls():
    """A QuerySet/Manager method keeps the rows (and what the caller eager-loads) when what it returns is a
    chain of row-keeping calls on ``self``, ``super()``, a QuerySet it constructs or a local name bound to
    those; it reshapes when that chain eager-loads or returns something else, when it returns a parameter's
    query, or returns nothing. Calls on other objects (``user.groups.exists()``) do not count."""
    index = build_index({"shop/managers.py": """
        from django.db import models

        class ArticleQuerySet(models.QuerySet):
            def visible(self, user):
                if user.groups.exists():
                    return self
                result = self
                if not user.is_staff:
                    result = result.filter(public=True)
                return result

            def empty(self):
                return self.none()

            def with_author(self):
                qs = self.filter(public=True)
                return qs.select_related("author")

            def first_public(self):
                return self.filter(public=True).first()

            def narrowed(self, qs):
                return qs.filter(public=True)

            def touch(self):
                self.update(public=True)

        class ArticleManager(models.Manager):
            def get_queryset(self):
                return ArticleQuerySet(self.model, using=self._db).visible_only()
    """})
    reshaping = {name for facts in index.files.values() for cls in facts.classes for name in cls.reshaping}
    assert reshaping == {"with_author", "first_public", "narrowed", "touch"}
