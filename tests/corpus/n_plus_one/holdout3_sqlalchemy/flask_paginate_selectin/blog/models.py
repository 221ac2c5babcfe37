from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.orm import Mapped, mapped_column, relationship

db = SQLAlchemy()

post_tags = db.Table(
    "post_tags",
    db.Column("post_id", db.ForeignKey("post.id"), primary_key=True),
    db.Column("tag_id", db.ForeignKey("tag.id"), primary_key=True),
)


class Author(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    display_name: Mapped[str]


class Tag(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]


class Post(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str]
    author_id: Mapped[int] = mapped_column(db.ForeignKey("author.id"))
    author: Mapped[Author] = relationship(lazy="joined")
    tags: Mapped[list[Tag]] = relationship(secondary=post_tags)
