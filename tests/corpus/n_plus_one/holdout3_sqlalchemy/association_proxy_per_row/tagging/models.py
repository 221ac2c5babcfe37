from sqlalchemy import ForeignKey, String
from sqlalchemy.ext.associationproxy import AssociationProxy, association_proxy
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Keyword(Base):
    __tablename__ = "keywords"
    id: Mapped[int] = mapped_column(primary_key=True)
    word: Mapped[str] = mapped_column(String(64), unique=True)


class DocumentKeyword(Base):
    __tablename__ = "document_keywords"
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), primary_key=True)
    keyword_id: Mapped[int] = mapped_column(ForeignKey("keywords.id"), primary_key=True)
    keyword: Mapped[Keyword] = relationship(lazy="joined")


class Document(Base):
    __tablename__ = "documents"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str]
    document_keywords: Mapped[list[DocumentKeyword]] = relationship()
    keywords: AssociationProxy[list[Keyword]] = association_proxy("document_keywords", "keyword")
