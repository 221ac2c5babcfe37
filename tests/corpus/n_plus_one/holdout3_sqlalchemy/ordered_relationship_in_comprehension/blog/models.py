import datetime as dt

from sqlalchemy import DateTime, ForeignKey, func
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Article(Base):
    __tablename__ = "articles"
    id: Mapped[int] = mapped_column(primary_key=True)
    headline: Mapped[str]
    published: Mapped[bool] = mapped_column(default=False)
    comments: Mapped[list["Comment"]] = relationship(
        order_by="Comment.created_at.desc()", back_populates="article"
    )


class Comment(Base):
    __tablename__ = "comments"
    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"))
    text: Mapped[str]
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.now())
    article: Mapped[Article] = relationship(back_populates="comments")
