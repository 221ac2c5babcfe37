"""Model files shared by the N+1 rule tests (ORM101-ORM103)."""

DJANGO = {
    "shop/models.py": """
        from django.db import models

        class Stamped(models.Model):
            created = models.DateTimeField(auto_now_add=True)
            editor = models.ForeignKey("accounts.Account", null=True, on_delete=models.SET_NULL,
                                       related_name="edited_%(class)ss")

            class Meta:
                abstract = True

        class Category(Stamped):
            name = models.CharField(max_length=100)

        class Tag(models.Model):
            label = models.CharField(max_length=50)

        class Product(Stamped):
            category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="products")
            tags = models.ManyToManyField(Tag)
            name = models.CharField(max_length=200)
            price = models.DecimalField(max_digits=10, decimal_places=2)
            objects = models.Manager()

        class Order(models.Model):
            customer = models.ForeignKey("accounts.Account", on_delete=models.CASCADE)
            status = models.CharField(max_length=20)

        class OrderItem(models.Model):
            order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="items")
            product = models.ForeignKey("shop.Product", on_delete=models.PROTECT)
            quantity = models.IntegerField()
    """,
    "accounts/models.py": """
        from django.db import models

        class Account(models.Model):
            email = models.EmailField()

        class Profile(models.Model):
            account = models.OneToOneField(Account, on_delete=models.CASCADE)
            bio = models.TextField()
    """,
}

SQLALCHEMY = {
    "blog/models.py": """
        from typing import Optional
        import sqlalchemy as sa
        from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

        class Base(DeclarativeBase):
            pass

        class User(Base):
            __tablename__ = "users"
            id: Mapped[int] = mapped_column(primary_key=True)
            email: Mapped[str]
            posts: Mapped[list["Post"]] = relationship(back_populates="author")
            settings: Mapped[Optional["Settings"]] = relationship(lazy="joined")
            events = relationship("Event", lazy="dynamic")

        class Post(Base):
            __tablename__ = "posts"
            id: Mapped[int] = mapped_column(primary_key=True)
            author_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
            title: Mapped[str]
            author: Mapped["User"] = relationship(back_populates="posts")
            comments: Mapped[list["Comment"]] = relationship(lazy="selectin")

        class Comment(Base):
            __tablename__ = "comments"
            id: Mapped[int] = mapped_column(primary_key=True)
            post_id: Mapped[int] = mapped_column(sa.ForeignKey("posts.id"))

        class Settings(Base):
            __tablename__ = "settings"
            id: Mapped[int] = mapped_column(primary_key=True)

        class Event(Base):
            __tablename__ = "events"
            id: Mapped[int] = mapped_column(primary_key=True)
    """,
}

SQLMODEL = {
    "api/models.py": """
        from typing import Optional
        from sqlmodel import Field, Relationship, SQLModel

        class Team(SQLModel, table=True):
            id: Optional[int] = Field(default=None, primary_key=True)
            name: str
            heroes: list["Hero"] = Relationship(back_populates="team")

        class Hero(SQLModel, table=True):
            id: Optional[int] = Field(default=None, primary_key=True)
            team_id: Optional[int] = Field(default=None, foreign_key="team.id")
            team: Optional[Team] = Relationship(back_populates="heroes")
    """,
}

PEEWEE = {
    "pw/models.py": """
        import peewee

        class User(peewee.Model):
            username = peewee.CharField()

        class Tweet(peewee.Model):
            user = peewee.ForeignKeyField(User, backref="tweets")
            message = peewee.TextField()
    """,
}

TORTOISE = {
    "tt/models.py": """
        from tortoise import fields
        from tortoise.models import Model

        class Customer(Model):
            name = fields.CharField(max_length=100)

        class Order(Model):
            customer = fields.ForeignKeyField("models.Customer", related_name="orders")
    """,
}

# a plain class mapped by registry.map_imperatively (relations given in properties={...})
IMPERATIVE = """
    from sqlalchemy import Column, ForeignKey, Integer, MetaData, Table
    from sqlalchemy.orm import backref, registry, relationship

    mapper_registry = registry()
    metadata = MetaData()
    user_table = Table("users", metadata, Column("id", Integer, primary_key=True))
    address_table = Table("addresses", metadata, Column("id", Integer, primary_key=True),
                          Column("user_id", ForeignKey("users.id")))

    class DomainObject:
        def save(self):
            pass

    class User(DomainObject):
        @property
        def first_address(self):
            return self.addresses[0]

    class Address:
        pass

    class Plain:
        pass

    mapper_registry.map_imperatively(User, user_table, properties={
        "addresses": relationship(Address, backref=backref("user", uselist=False), order_by=address_table.c.id),
    })
    mapper_registry.map_imperatively(Address, address_table)
"""

# The smallest project with an N+1: a view reading each book's author (ORM101 on its line 5). The
# command line's, the cache's and the warm process's tests run it end to end.
LIBRARY_MODELS = """\
from django.db import models


class Author(models.Model):
    name = models.CharField(max_length=100)


class Book(models.Model):
    author = models.ForeignKey(Author, on_delete=models.CASCADE)
"""
LIBRARY_VIEWS = """\
from library.models import Book


def names():
    return [book.author.name for book in Book.objects.all()]
"""
