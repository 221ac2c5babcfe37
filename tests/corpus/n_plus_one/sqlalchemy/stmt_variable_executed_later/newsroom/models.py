from sqlalchemy import Boolean, Column, ForeignKey, Integer, String, Table
from sqlalchemy.orm import DeclarativeBase, relationship


class Base(DeclarativeBase):
    pass


article_tags = Table(
    "article_tags",
    Base.metadata,
    Column("article_id", ForeignKey("articles.id"), primary_key=True),
    Column("tag_id", ForeignKey("tags.id"), primary_key=True),
)


class Journalist(Base):
    __tablename__ = "journalists"

    id = Column(Integer, primary_key=True)
    full_name = Column(String(120), nullable=False)


class Tag(Base):
    __tablename__ = "tags"

    id = Column(Integer, primary_key=True)
    label = Column(String(40), nullable=False)


class Article(Base):
    __tablename__ = "articles"

    id = Column(Integer, primary_key=True)
    headline = Column(String(200), nullable=False)
    published = Column(Boolean, default=False)
    journalist_id = Column(Integer, ForeignKey("journalists.id"))
    journalist = relationship(Journalist)
    tags = relationship(Tag, secondary=article_tags)
