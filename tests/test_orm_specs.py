"""What unifying each ORM's knowledge into one spec fixed: where two tables disagreed, the ORM's
real semantics now decide, everywhere. Each test is a case the old tables got wrong."""

from __future__ import annotations

from ormlint.rules.hooks.bulk_skips_hooks import BulkSkipsHooks
from ormlint.rules.queries.lazy_load_in_loop import LazyLoadInLoop
from ormlint.rules.queries.query_in_loop import QueryInLoop
from ormlint.rules.schema.schema_sync_in_production import SchemaSyncInProduction
from ormlint.rules.transactions.connection_per_request import ConnectionPerRequest
from ormlint.rules.transactions.swallowed_db_error_in_transaction import SwallowedDbErrorInTransaction
from ormlint.rules.transactions.unreleased_transaction import UnreleasedTransaction

from ormlint.orms import ORMS, spec_of
from ormlint.testing import lint_source

SHOP = {
    "shop/models.py": """
        from django.db import models

        class Country(models.Model):
            name = models.CharField(max_length=60)

        class City(models.Model):
            country = models.ForeignKey(Country, on_delete=models.PROTECT)

        class Address(models.Model):
            city = models.ForeignKey(City, on_delete=models.PROTECT)

        class Customer(models.Model):
            address = models.ForeignKey(Address, on_delete=models.PROTECT)
            referrer = models.ForeignKey("self", null=True, on_delete=models.SET_NULL)
    """,
    "shop/queries.py": """
        from shop.models import Customer

        def customers():
            return Customer.objects.select_related()
    """,
}


def found(code, rules, files, path="app/views.py"):
    return sorted((f.line, f.code) for f in lint_source(code, rules, path=path, files=files))


# -- Django select_related() without arguments: three readings, now one -------------------------------
def test_select_related_without_arguments_follows_non_null_foreign_keys_five_levels_deep():
    code = """
        from shop.models import Customer

        def countries():
            return [c.address.city.country.name for c in Customer.objects.select_related()]

        def referrers():
            return [c.referrer.address for c in Customer.objects.select_related()]
    """
    # the third hop was reported (two levels followed); a nullable foreign key is not followed, nor what
    # lies behind it (c.referrer, c.referrer.address: one chain, one finding naming both)
    [finding] = lint_source(code, LazyLoadInLoop, path="shop/views.py", files=SHOP)
    assert finding.line == 7 and "Customer.referrer" in finding.message and "and then" in finding.message


def test_select_related_without_arguments_in_a_function_of_another_module():
    code = """
        from shop.queries import customers

        def cities():
            return [c.address.city.name for c in customers()]
    """
    assert found(code, LazyLoadInLoop, SHOP, "shop/views.py") == []  # was: two reports


def test_drf_rows_from_select_related_without_arguments_do_not_cover_nullable_relations():
    serializers = """
        from rest_framework import serializers
        from shop.models import Customer

        class CustomerSerializer(serializers.ModelSerializer):
            referrer_city = serializers.SerializerMethodField()
            country = serializers.SerializerMethodField()

            class Meta:
                model = Customer
                fields = ["id", "referrer_city", "country"]

            def get_referrer_city(self, obj):
                return obj.referrer.address.city.name

            def get_country(self, obj):
                return obj.address.city.country.name
    """
    views = """
        from rest_framework import generics
        from shop.models import Customer
        from shop.serializers import CustomerSerializer

        class CustomerList(generics.ListAPIView):
            queryset = Customer.objects.select_related()
            serializer_class = CustomerSerializer
    """
    files = {**SHOP, "shop/views.py": views}
    # was: nothing (select_related() read as "everything"); now the nullable referrer chain (one finding for its
    # three hops), not the country
    assert found(serializers, LazyLoadInLoop, files, "shop/serializers.py") == [(13, "ORM101")]


# -- Peewee ---------------------------------------------------------------------------------------------
PEEWEE = {
    "blog/models.py": """
        import peewee
        from playhouse.signals import Model as SignalModel, post_delete

        class User(peewee.Model):
            username = peewee.CharField()

        class Tweet(peewee.Model):
            user = peewee.ForeignKeyField(User, backref="tweets")
            content = peewee.TextField()

        class Note(SignalModel):
            author = peewee.ForeignKeyField(User, backref="notes")

        @post_delete(sender=Note)
        def forget(model_class, instance):
            pass
    """,
}


def test_playhouse_signals_models_are_peewee_models():
    code = """
        from blog.models import Note

        def authors():
            return [n.author.username for n in Note.select()]
    """
    assert found(code, LazyLoadInLoop, PEEWEE, "blog/views.py") == [(4, "ORM101")]  # was: not a model


def test_peewee_deletes_one_row_with_delete_instance():
    code = """
        from blog.models import Note, Tweet

        def purge():
            for t in Tweet.select():
                t.delete()

        def purge_notes():
            for n in Note.select():
                n.delete_instance()

        def purge_tweets():
            for t in Tweet.select():
                t.delete_instance()
    """
    # Model.delete() builds an unexecuted DELETE query; delete_instance() deletes the row. Note has a
    # post_delete receiver (playhouse signals) that a bulk delete would skip: deleting one at a time runs it
    findings = lint_source(code, QueryInLoop, path="blog/views.py", files=PEEWEE)
    assert [(f.line, f.code) for f in findings] == [(13, "ORM102")]
    assert "one delete().where(M.id.in_(ids))" in findings[0].message


def test_a_peewee_backref_query_in_a_loop_is_reported_once():
    code = """
        from blog.models import Tweet, User

        def counts():
            return {u.username: u.tweets.where(Tweet.content != "").count() for u in User.select()}
    """
    assert found(code, [LazyLoadInLoop, QueryInLoop], PEEWEE, "blog/views.py") == [(4, "ORM101")]  # was: + ORM102


def test_a_loop_delete_of_a_model_without_hooks_names_the_bulk_form_only():
    tortoise = {"tt/models.py": """
        from tortoise import fields
        from tortoise.models import Model

        class Order(Model):
            total = fields.IntField()
    """}
    code = """
        from tt.models import Order

        async def purge(ids):
            for order in await Order.filter(id__in=ids):
                await order.delete()
    """
    messages = [f.message for f in lint_source(code, QueryInLoop, path="tt/views.py", files=tortoise)]
    # Order has no hooks: the bulk delete skips nothing of the project's, and the message says no more
    assert messages == ["`order.delete()` writes one row per iteration of the `for order in await "
                        "Order.filter(id__in=ids)` loop (line 4); collect the objects and use one "
                        "filter(id__in=ids).delete()"]
    # with a pre_delete receiver (Tortoise's QuerySet.delete() sends none), one row at a time is how it runs
    hooked = {"tt/models.py": tortoise["tt/models.py"] + """
        from tortoise.signals import pre_delete

        @pre_delete(Order)
        async def audit(sender, instance, using_db):
            pass
    """}
    assert lint_source(code, QueryInLoop, path="tt/views.py", files=hooked) == []


# -- SQLAlchemy ------------------------------------------------------------------------------------------
def test_flask_sqlalchemy_404_helpers_run_a_query():
    files = {"app/models.py": """
        from flask_sqlalchemy import SQLAlchemy

        db = SQLAlchemy()

        class Coupon(db.Model):
            __tablename__ = "coupons"
            id = db.Column(db.Integer, primary_key=True)
            code = db.Column(db.String(32))
    """}
    code = """
        from app.models import Coupon

        def check(codes):
            return [Coupon.query.filter_by(code=c).first_or_404() for c in codes]
    """
    assert found(code, QueryInLoop, files) == [(4, "ORM102")]  # was: not a single-row method here


def test_flask_sqlalchemy_404_helpers_on_db_return_one_row():
    files = {"app/models.py": """
        from flask_sqlalchemy import SQLAlchemy
        from sqlalchemy.orm import relationship

        db = SQLAlchemy()

        class Author(db.Model):
            id = db.Column(db.Integer, primary_key=True)
            name = db.Column(db.String(60))

        class Blog(db.Model):
            id = db.Column(db.Integer, primary_key=True)
            posts = relationship("Post", back_populates="blog")

        class Post(db.Model):
            id = db.Column(db.Integer, primary_key=True)
            blog_id = db.Column(db.ForeignKey("blog.id"))
            blog = relationship("Blog", back_populates="posts")
            author_id = db.Column(db.ForeignKey("author.id"))
            author = relationship("Author")
    """}
    code = """
        from sqlalchemy import select
        from app.models import Blog, db

        def by_statement(blog_id):
            blog = db.first_or_404(select(Blog).where(Blog.id == blog_id))
            return [post.author.name for post in blog.posts]

        def by_key(blog_id):
            blog = db.get_or_404(Blog, blog_id)
            return [post.author.name for post in blog.posts]
    """
    # was: first_or_404(stmt) read as a list of rows, get_or_404(Model, pk) not read at all
    assert found(code, LazyLoadInLoop, files) == [(6, "ORM101"), (10, "ORM101")]


# -- database errors, drivers -----------------------------------------------------------------------------
def test_database_errors_are_recognised_by_package():
    code = """
        import psycopg2
        from django.db import transaction
        from app.errors import IntegrityError

        def own_error(profile):
            with transaction.atomic():
                try:
                    profile.save()
                except IntegrityError:
                    pass
                profile.refresh_from_db()

        def driver_error(profile):
            with transaction.atomic():
                try:
                    profile.save()
                except psycopg2.Error:
                    pass
                profile.refresh_from_db()
    """
    files = {"app/errors.py": "class IntegrityError(Exception):\n    pass\n"}
    # a project's own IntegrityError is not a database error; PEP 249's base class Error is
    assert found(code, SwallowedDbErrorInTransaction, files) == [(17, "ORM302")]


def test_every_driver_is_known_to_every_rule():
    code = """
        import aiomysql
        import oracledb
        import pg8000
        from django.http import JsonResponse

        def leak():
            conn = pg8000.connect(user="app")
            conn.run("SELECT 1")

        def report(request):
            with oracledb.connect(dsn="db") as conn:
                return JsonResponse({"n": 1})

        async def pool(request):
            return await aiomysql.create_pool(host="db")
    """
    findings = lint_source(code, [UnreleasedTransaction, ConnectionPerRequest])
    assert sorted((f.line, f.code) for f in findings) == [(7, "ORM301"), (11, "ORM305"), (15, "ORM305")]
    assert "a new engine/pool per request" in [f for f in findings if f.line == 15][0].message


def test_pony_entities_have_no_create_table():
    code = """
        from pony.orm import Database, Required

        db = Database()

        class Person(db.Entity):
            name = Required(str)

        def setup():
            Person.create_table()
            db.generate_mapping(create_tables=True)
    """
    assert found(code, SchemaSyncInProduction, {}) == [(10, "ORM502")]  # was: line 9 too


def test_bulk_write_checks_share_the_hook_events_of_each_orm():
    files = {"shop/models.py": """
        from django.db import models

        class Product(models.Model):
            name = models.CharField(max_length=50)

            def delete(self, *args, **kwargs):
                self.archive()
                super().delete(*args, **kwargs)
    """}
    code = """
        from shop.models import Product

        def purge(ids):
            Product.objects.filter(pk__in=ids).delete()
    """
    assert found(code, BulkSkipsHooks, files) == [(4, "ORM401")]
    for spec in ORMS:
        for write in spec.writes:
            assert not write.skips or spec.hooks.skips(write.skips) is not None, (spec.name, write.kind)
    assert spec_of("peewee").hooks.skips("delete").events[0] == "delete_instance"
