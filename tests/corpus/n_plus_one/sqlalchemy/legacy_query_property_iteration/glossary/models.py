from sqlalchemy import Column, ForeignKey, Integer, String
from sqlalchemy.orm import declarative_base

from glossary.db import Session

Base = declarative_base()


class Vocabulary(Base):
    __tablename__ = "vocabulary"
    id = Column(Integer, primary_key=True)
    name = Column(String)

    @property
    def terms(self):
        return Session.query(Term).filter(Term.vocabulary_id == self.id)

    @property
    def title(self):
        return self.name.title()

    def term_count(self):
        return Session.query(Term).filter(Term.vocabulary_id == self.id).count()


class Term(Base):
    __tablename__ = "term"
    id = Column(Integer, primary_key=True)
    vocabulary_id = Column(ForeignKey("vocabulary.id"))
    name = Column(String)
